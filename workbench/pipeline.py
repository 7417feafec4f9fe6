"""The extraction pipeline: a pure function from a batch of articles to the other tables.

``extract`` depends only on the rows it is given (ids hash content, never batch positions),
so the same function runs on one core, on many (``load(..., workers=N)``), or on each
partition of a larger-than-memory dataframe.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple, TypeVar

import pandas as pd

from workbench import actors as _actors
from workbench import claims as _claims
from workbench import schema
from workbench import segmenting as _segmenting

T = TypeVar("T")


class Tables(NamedTuple):
    """The tables extracted from a batch of articles."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame

    @classmethod
    def empty(cls) -> Tables:
        """Return the tables of no article, with the contract's columns and dtypes."""
        return cls(*(schema.empty(name) for name in cls._fields))


def extract(
    articles: pd.DataFrame,
    *,
    dictionary: _actors.ActorDictionary | None = None,
    names: _actors.ner.Finder | None = _actors.BUILTIN,
) -> Tables:
    """Segment a batch of ``articles`` and find its actor mentions and claims.

    Parameters
    ----------
    articles
        An ``articles`` table (at least ``article_id`` and ``text``).
    dictionary
        The actor dictionary to match; the shipped one when omitted.
    names
        The name finder (:func:`workbench.actors.ner.finder`); the shipped model when omitted.

    Returns
    -------
    Tables
        ``articles`` with ``n_sentences`` and ``n_paragraphs`` filled, and the ``sentences``,
        ``mentions`` and ``claims`` tables of the contract.
    """
    sentences = _segmenting.segment_articles(articles)
    mentions = _actors.find_mentions(articles, sentences, dictionary=dictionary, names=names)
    claims = _claims.find_claims(articles, sentences, mentions)
    sentences = sentences.assign(hedged=_claims.hedged_sentences(sentences))
    articles = articles.assign(**_counts(articles, sentences))
    return Tables(
        schema.conform(articles, "articles"),
        schema.conform(sentences, "sentences"),
        schema.conform(mentions, "mentions"),
        schema.conform(claims, "claims"),
    )


def _counts(articles: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, list[int]]:
    """Return ``n_sentences`` and ``n_paragraphs`` of each article (0 without sentences), counted over plain lists."""
    owners = sentences["article_id"].tolist()
    n_sentences = Counter(owners)
    n_paragraphs = Counter(article for article, _ in set(zip(owners, sentences["paragraph"].tolist(), strict=True)))
    ids = articles["article_id"].tolist()
    return {"n_sentences": [n_sentences[a] for a in ids], "n_paragraphs": [n_paragraphs[a] for a in ids]}


def _batches(articles: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for begin in range(0, len(articles), size):
        yield articles.iloc[begin : begin + size]


class Extracted(NamedTuple):
    """The tables of a batch of articles, and an ``errors`` row for each article whose extraction raised."""

    tables: Tables
    errors: pd.DataFrame


def extract_isolated(
    articles: pd.DataFrame,
    *,
    dictionary: _actors.ActorDictionary | None = None,
    names: _actors.ner.Finder | None = _actors.BUILTIN,
) -> Extracted:
    """Run :func:`extract`; an article that makes it raise becomes an error row, and the rest is kept.

    The articles are extracted at once; when that raises, each half is extracted on its own, and
    so on down to the articles that raise, so that a failing article (a bug, or an error of a
    ``names`` function) costs only itself, and the tables of the others are the same whatever
    the batch. One failing article among 132 cost 1.9 times the batch's extraction this way,
    against 3.9 times one article at a time (each call has its own set-up;
    ``bench/bench_ondisk.py --resume``). The error row names the article's ``path`` (when the
    articles have one) and says ``article <id> not built (<exception>)``.
    """
    if articles.empty:  # a partition of inputs that could not be read: nothing to extract
        return Extracted(Tables.empty(), schema.empty("errors"))
    try:
        return Extracted(extract(articles, dictionary=dictionary, names=names), schema.empty("errors"))
    except Exception as exc:  # any error of any article (a names= function's included): find which raise it
        if len(articles) == 1:
            reason = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
            path = articles["path"].iloc[0] if "path" in articles else ""
            row = (path, f"article {articles['article_id'].iloc[0]} not built ({reason})")
            return Extracted(Tables.empty(), schema.conform(pd.DataFrame([row], columns=["path", "error"]), "errors"))
    middle = len(articles) // 2
    return _joined(
        [
            extract_isolated(articles.iloc[:middle], dictionary=dictionary, names=names),
            extract_isolated(articles.iloc[middle:], dictionary=dictionary, names=names),
        ]
    )


def _joined(parts: Sequence[Extracted]) -> Extracted:
    """Return the tables and the errors of ``parts``, one after the other."""
    tables = Tables(
        *(
            schema.conform(pd.concat([getattr(part.tables, name) for part in parts], ignore_index=True), name)
            for name in Tables._fields
        )
    )
    return Extracted(tables, schema.conform(pd.concat([part.errors for part in parts], ignore_index=True), "errors"))


def extract_all(
    articles: pd.DataFrame,
    *,
    dictionary: _actors.ActorDictionary | None = None,
    names: _actors.ner.Finder | None = _actors.BUILTIN,
    workers: int = 1,
    batch_size: int = 200,
    progress: bool = False,
) -> Extracted:
    """Run :func:`extract_isolated` over ``articles`` in batches, on ``workers`` processes.

    The result is the same whatever ``workers`` and ``batch_size`` are.
    """
    batches = list(_batches(articles, batch_size)) or [articles]
    if workers > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = pool.map(_extract_batch, batches, [dictionary] * len(batches), [names] * len(batches))
            parts = list(_with_progress(futures, len(batches), progress))
    else:
        parts = [
            extract_isolated(batch, dictionary=dictionary, names=names)
            for batch in _with_progress(batches, len(batches), progress)
        ]
    return _joined(parts)


def _extract_batch(
    batch: pd.DataFrame, dictionary: _actors.ActorDictionary | None, names: _actors.ner.Finder | None
) -> Extracted:
    return extract_isolated(batch, dictionary=dictionary, names=names)


def _with_progress(items: Iterable[T], total: int, enabled: bool) -> Iterable[T]:
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc="articles (batches)", unit="batch")

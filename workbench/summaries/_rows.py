"""Tables with a row per sentence, claim or article, each enriched from the others: what an analyst reads row by row.

Every row is built from one article's tables, so on disk each partition builds its own rows:
:func:`sentences_tagged` and :func:`claims` stay lazy (a Dask dataframe the export writes a
partition at a time), :func:`articles` (one row per article, no text) is computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from workbench.summaries._actors import actors_named
from workbench.summaries._parts import each, rows, stacked
from workbench.summaries._tags import SummaryInputs, joined, tag_matrix

if TYPE_CHECKING:
    from workbench.summaries._parts import Frame, Part

_ABOUT = ["article_id", "title", "source", "published", "url"]


def _notes(data: SummaryInputs) -> dict[str, pd.Series]:
    """Return the note columns of ``sentences_tagged``, each a Series of notes by ``sentence_id``."""
    notes = data.notes.drop_duplicates(["sentence_id", "coder"], keep="last")
    if len(data.coders) <= 1:
        return {"note": notes.set_index("sentence_id")["note"]}
    wide = notes.pivot(index="sentence_id", columns="coder", values="note")
    return {
        f"note:{coder}": wide[coder] if coder in wide.columns else pd.Series(dtype="string") for coder in data.coders
    }


def _sentences_tagged(part: Part, matrix: pd.DataFrame, notes: dict[str, pd.Series]) -> pd.DataFrame:
    frame = part.sentences[["sentence_id", "article_id", "paragraph", "position", "text"]].merge(
        part.articles[_ABOUT], on="article_id", how="left"
    )
    frame = frame[[*_ABOUT, "sentence_id", "paragraph", "position", "text"]]
    # "str" as a part without mentions or claims would give object: every part has the same dtypes.
    frame["actors"] = frame["sentence_id"].map(joined(part.mentions, "sentence_id", "actor")).astype("str")
    sources = part.claims.assign(who=part.claims["source_actor"].fillna(part.claims["source"]))
    frame["claim_source"] = frame["sentence_id"].map(joined(sources, "sentence_id", "who")).astype("str")
    frame = frame.join(matrix, on="sentence_id")
    frame[list(matrix.columns)] = frame[list(matrix.columns)].fillna(0).astype("int64")
    for name, column in notes.items():
        frame[name] = frame["sentence_id"].map(column).astype("string")
    return frame


def sentences_tagged(data: SummaryInputs) -> Frame:
    """One row per sentence: article metadata, text, actors, claim sources, 0/1 tag columns and notes.

    A pandas frame for an in-memory corpus; a Dask dataframe, one partition per on-disk
    partition, for an on-disk one.
    """
    columns = {
        "articles": _ABOUT,
        "sentences": ["sentence_id", "article_id", "paragraph", "position", "text"],
        "mentions": ["sentence_id", "actor"],
        "claims": ["sentence_id", "source_actor", "source"],
    }
    return rows(data.corpus, _sentences_tagged, tag_matrix(data), _notes(data), columns=columns)


def _claims(part: Part) -> pd.DataFrame:
    frame = part.claims.merge(part.articles[["article_id", "title", "published"]], on="article_id", how="left")
    frame["sentence"] = frame["sentence_id"].map(part.sentences.set_index("sentence_id")["text"]).astype("string")
    # joined to text here, so a part read from Parquet (arrays) and one in memory (tuples) give the same column
    frame["about"] = pd.Series(
        ["; ".join(actors_named(about)) for about in frame["about"].tolist()], dtype="string", index=frame.index
    )
    first = ["claim_id", "article_id", "title", "published", "sentence_id", "source", "source_actor", "cue"]
    return frame[[*first, "content", "about", "hedged", "sentence"]]


def claims(data: SummaryInputs) -> Frame:
    """Return the ``claims`` table with each claim's article title and date, and its whole sentence.

    ``about`` lists the actors a claim's content names, joined by "; ". A pandas frame for an
    in-memory corpus; a lazy Dask dataframe for an on-disk one.
    """
    columns = {
        "articles": ["article_id", "title", "published"],
        "claims": None,
        "sentences": ["sentence_id", "text"],
    }
    return rows(data.corpus, _claims, columns=columns)


def _articles(part: Part, tagged: pd.Series) -> pd.DataFrame:
    frame = part.articles[[*_ABOUT, "n_sentences", "n_paragraphs"]]
    mentions = part.mentions.groupby("article_id")
    counts = {
        "n_mentions": mentions.size(),
        "n_actors": mentions["actor"].nunique(),
        "n_claims": part.claims.groupby("article_id").size(),
        "n_tagged_sentences": tagged,
    }
    frame = frame.assign(
        **{name: frame["article_id"].map(values).fillna(0).astype("int64") for name, values in counts.items()}
    )
    sentences = frame["n_sentences"].where(frame["n_sentences"] > 0)
    frame["tagged_share"] = (frame["n_tagged_sentences"] / sentences).fillna(0.0)
    return frame


def articles(data: SummaryInputs) -> pd.DataFrame:
    """One row per article: sentences, paragraphs, mentions, distinct actors, claims and tagged share."""
    tagged = data.tags.groupby("article_id")["sentence_id"].nunique()
    columns = {
        "articles": [*_ABOUT, "n_sentences", "n_paragraphs"],
        "mentions": ["article_id", "actor"],
        "claims": ["article_id"],
    }
    return stacked(each(data.corpus, _articles, tagged, columns=columns))

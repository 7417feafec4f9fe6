"""Agreement between coders: percent agreement, Cohen's kappa and Krippendorff's alpha per tag.

A *unit* is a sentence that two or more coders have coded. A coder has coded a sentence once
she gave it any tag or a note, or marked it done (the card view marks a sentence done when the
coder moves on). For each tag, every coder who coded a unit judged it *yes* (she gave the tag)
or *no* (she coded the sentence without it); coders who did not code a unit are missing there.

- **percent agreement**: the share of agreeing pairs among all pairs of coders who both coded a
  unit, over all units.
- **kappa**: Cohen's kappa (:func:`sklearn.metrics.cohen_kappa_score`) on the units two coders
  both coded; with more than two coders, the mean of the pairwise kappas over the pairs where
  kappa is defined.
- **alpha**: Krippendorff's alpha, nominal (the ``krippendorff`` package), over every coder at
  once, missing judgements allowed.

A figure that is undefined (every judgement the same, so there is no variation to agree on) is
NaN, never an error. The row ``tag == "(all)"`` pools the yes/no judgements of every tag: each
(sentence, tag) pair counts as one judgement, so it weighs each tag by how many units it has.

The consensus coder a review writes to (:data:`CONSENSUS`) is left out by default, so settling
disagreements never inflates the figures.

Example
-------
>>> import workbench
>>> store = workbench.TagStore(memory=True, coder="ana")
>>> store.add("s1", "escalation"); store.mark_done("s2")
True
True
>>> store.coder = "ben"
>>> store.add("s1", "escalation"); store.add("s2", "escalation")
True
True
>>> table = workbench.agreement(store)
>>> row = table.set_index("tag").loc["escalation"]
>>> int(row["n_units"]), float(row["percent_agreement"])
(2, 0.5)

``workbench.agreement`` is :func:`agreement`; the other views of coders' work live here
(``workbench.reliability.compare(store, "ana", "ben")``).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from workbench.errors import MissingExtraError, StoreError

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore

__all__ = ["ALL", "CONSENSUS", "agreement", "coded", "compare", "disagreements", "figures", "table"]

ALL = "(all)"
"""The ``tag`` of the row that pools every tag's judgements."""
CONSENSUS = "consensus"
"""The coder a review stores settled tags under; left out of agreement by default."""
COLUMNS = ["tag", "n_units", "n_coders", "n_judgements", "percent_agreement", "kappa", "alpha"]
"""Columns of :func:`agreement`, in order."""
JOIN = "; "


def coded(store: TagStore, *, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Return who coded what: one row per (sentence, coder) with a tag, a note or a done mark.

    ``coders`` limits the rows to those coders (by default every coder but :data:`CONSENSUS`).
    Columns ``sentence_id`` and ``coder`` (``string``), sorted.
    """
    wanted = _coders(store, coders)
    pairs = [(sid, coder) for coder in wanted for sid in store.done_ids(coder)]
    frames = [
        pd.DataFrame(pairs, columns=["sentence_id", "coder"]),
        store.tags()[["sentence_id", "coder"]],
        store.notes()[["sentence_id", "coder"]],
    ]
    frame = pd.concat(frames, ignore_index=True).astype("string")
    frame = frame[frame["coder"].isin(wanted)].drop_duplicates()
    return frame.sort_values(["sentence_id", "coder"]).reset_index(drop=True)


def _coders(store: TagStore, coders: Sequence[str] | None) -> list[str]:
    """Return the coders to compare: those named, or every coder of the store but the consensus one."""
    if coders is None:
        return [coder for coder in store.coders() if coder != CONSENSUS]
    unknown = sorted(set(coders) - set(store.coders()))
    if unknown:
        raise StoreError(f"No coder {unknown} in the store: its coders are {', '.join(store.coders()) or 'none yet'}.")
    return list(dict.fromkeys(coders))


def _units(coded_frame: pd.DataFrame, corpus: Corpus | None) -> pd.DataFrame:
    """Keep the (sentence, coder) rows of sentences coded by two coders or more (and in ``corpus``)."""
    if corpus is not None:
        coded_frame = coded_frame[coded_frame["sentence_id"].isin(corpus.sentences["sentence_id"].astype("string"))]
    per_unit = coded_frame.groupby("sentence_id")["coder"].transform("nunique")
    return coded_frame[per_unit >= 2].reset_index(drop=True)


def _judgements(tags: pd.DataFrame, units: pd.DataFrame, tag_names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Return yes (1), no (0) and missing (NaN) judgements as an array of shape (tags, coders, units)."""
    coder_names = sorted(units["coder"].unique().tolist())
    unit_ids = pd.Index(sorted(units["sentence_id"].unique().tolist()))
    coder_index = pd.Index(coder_names)
    values = np.full((len(tag_names), len(coder_names), len(unit_ids)), np.nan)
    c, u = coder_index.get_indexer(units["coder"]), unit_ids.get_indexer(units["sentence_id"])
    values[:, c, u] = 0.0
    given = tags.merge(units, on=["sentence_id", "coder"])
    given = given[given["tag"].isin(tag_names)]
    t = pd.Index(tag_names).get_indexer(given["tag"])
    values[t, coder_index.get_indexer(given["coder"]), unit_ids.get_indexer(given["sentence_id"])] = 1.0
    return values, coder_names


def _percent(values: np.ndarray) -> float:
    """Share of agreeing pairs among the coder pairs of each unit (coders by rows, units by columns)."""
    yes = np.sum(values == 1, axis=0)
    no = np.sum(values == 0, axis=0)
    pairs = (yes + no) * (yes + no - 1) / 2
    agreeing = yes * (yes - 1) / 2 + no * (no - 1) / 2
    total = pairs.sum()
    return float(agreeing.sum() / total) if total else float("nan")


def _kappa(values: np.ndarray) -> float:
    """Mean Cohen's kappa over the coder pairs where it is defined; NaN when it is defined for none."""
    observed = ~np.isnan(values)
    pairs = [(a, b) for a, b in itertools.combinations(range(values.shape[0]), 2) if (observed[a] & observed[b]).any()]
    if not pairs:
        return float("nan")
    try:
        from sklearn.exceptions import UndefinedMetricWarning
        from sklearn.metrics import cohen_kappa_score
    except ImportError:
        raise MissingExtraError("scikit-learn", "team", "Cohen's kappa") from None
    kappas = []
    for a, b in pairs:
        both = observed[a] & observed[b]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            kappa = cohen_kappa_score(values[a, both], values[b, both], labels=[0.0, 1.0])
        if np.isfinite(kappa):
            kappas.append(float(kappa))
    return float(np.mean(kappas)) if kappas else float("nan")


def _alpha(values: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) of a coders-by-units array with NaN for missing judgements."""
    import krippendorff

    if np.sum(~np.isnan(values)) < 2 or len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            alpha = krippendorff.alpha(reliability_data=values, level_of_measurement="nominal")
        except (ValueError, ZeroDivisionError):
            return float("nan")
    return float(alpha) if np.isfinite(alpha) else float("nan")


def figures(values: np.ndarray | Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Return ``(percent_agreement, kappa, alpha)`` of yes/no judgements, coders by rows, units by columns.

    Missing judgements are NaN. The building block of :func:`agreement`, usable on any binary
    codes.

    Examples
    --------
    >>> percent, kappa, alpha = figures([[1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]])
    >>> round(percent, 2), round(kappa, 2), round(alpha, 2)
    (0.8, 0.6, 0.62)
    """
    array = np.asarray(values, dtype=float)
    return _percent(array), _kappa(array), _alpha(array)


def table(tags: pd.DataFrame, coded_frame: pd.DataFrame, tag_names: Sequence[str]) -> pd.DataFrame:
    """Return the agreement table of tags and coded units given as frames (the pure core of :func:`agreement`).

    Parameters
    ----------
    tags
        One row per (sentence, tag, coder): ``sentence_id``, ``tag``, ``coder``.
    coded_frame
        One row per (sentence, coder) the coder coded: ``sentence_id``, ``coder`` (see :func:`coded`).
    tag_names
        The tags to report, in order (the codebook's).

    Returns
    -------
    pandas.DataFrame
        See :func:`agreement`.
    """
    units = _units(coded_frame[["sentence_id", "coder"]].astype("string").drop_duplicates(), None)
    names = list(dict.fromkeys(tag_names))
    values, coder_names = _judgements(tags[["sentence_id", "tag", "coder"]].astype("string"), units, names)
    n_units = values.shape[2]
    rows = []
    for index, tag in enumerate(names):
        judged = values[index]
        rows.append((tag, n_units, len(coder_names), int(np.sum(~np.isnan(judged))), *figures(judged)))
    pooled = values.transpose(1, 0, 2).reshape(len(coder_names), len(names) * n_units)
    rows.append((ALL, n_units, len(coder_names), int(np.sum(~np.isnan(pooled))), *figures(pooled)))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["tag"] = frame["tag"].astype("string")
    return frame.astype({"n_units": "int64", "n_coders": "int64", "n_judgements": "int64"})


def agreement(store: TagStore, corpus: Corpus | None = None, *, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Return how far coders agree on each tag, with the number of units behind each figure.

    Parameters
    ----------
    store
        The tag store holding every coder's tags, notes and done marks.
    corpus
        When given, only its sentences count as units.
    coders
        The coders to compare; by default every coder in the store but :data:`CONSENSUS`.

    Returns
    -------
    pandas.DataFrame
        One row per tag of the store's codebook (then tags in the store the codebook lacks), and
        a last row ``tag == "(all)"`` pooling them: ``tag``, ``n_units`` (sentences coded by two
        coders or more), ``n_coders``, ``n_judgements`` (yes/no judgements behind the figures),
        ``percent_agreement``, ``kappa`` and ``alpha``; NaN where a figure is undefined. See the
        module docstring for the definitions.

    Raises
    ------
    MissingExtraError
        When scikit-learn (the ``team`` extra) is not installed.
    """
    coded_frame = coded(store, coders=coders)
    if corpus is not None:
        coded_frame = _units(coded_frame, corpus)
    tags = store.tags()
    known = list(store.codebook.tags)
    extra = sorted(set(tags["tag"].dropna()) - set(known))
    return table(tags, coded_frame, known + extra)


def _tag_sets(store: TagStore, units: pd.DataFrame) -> pd.DataFrame:
    """Return, per (sentence, coder) of ``units``, the coder's tags as a sorted ``"a; b"`` string."""
    tags = store.tags()[["sentence_id", "coder", "tag"]].astype("string")
    tags = tags.merge(units, on=["sentence_id", "coder"]).sort_values("tag")
    joined = tags.groupby(["sentence_id", "coder"])["tag"].agg(JOIN.join)
    keys = pd.MultiIndex.from_frame(units[["sentence_id", "coder"]])
    return units.assign(tags=joined.reindex(keys).fillna("").to_numpy()).astype({"tags": "string"})


def _with_text(frame: pd.DataFrame, corpus: Corpus | None) -> pd.DataFrame:
    """Add each sentence's article, position and text, in corpus order, when a corpus is given."""
    if corpus is None:
        return frame.reset_index(drop=True)
    sentences = corpus.sentences[["sentence_id", "article_id", "position", "text"]].astype({"sentence_id": "string"})
    joined = frame.merge(sentences, on="sentence_id", how="inner")
    return joined.sort_values(["article_id", "position"], kind="stable").reset_index(drop=True)


def compare(store: TagStore, coder_a: str, coder_b: str, corpus: Corpus | None = None) -> pd.DataFrame:
    """Return, for every sentence both coders coded, each one's tags and whether they agree.

    Returns
    -------
    pandas.DataFrame
        ``sentence_id``, ``tags_a`` and ``tags_b`` (``"a; b"`` strings, ``""`` for none),
        ``only_a`` and ``only_b`` (the tags one gave and the other did not) and ``agree``
        (bool); with a ``corpus``, only its sentences, with ``article_id``, ``position`` and
        ``text``, in corpus order.
    """
    both = coded(store, coders=[coder_a, coder_b])
    both = both[both.groupby("sentence_id")["coder"].transform("nunique") == 2]
    sets = _tag_sets(store, both).pivot(index="sentence_id", columns="coder", values="tags")
    frame = pd.DataFrame(
        {"tags_a": sets.get(coder_a, pd.Series(dtype="string")), "tags_b": sets.get(coder_b, pd.Series(dtype="string"))}
    )
    split_a = frame["tags_a"].str.split(JOIN).map(lambda tags: set(tags) - {""})
    split_b = frame["tags_b"].str.split(JOIN).map(lambda tags: set(tags) - {""})
    frame["only_a"] = [JOIN.join(sorted(a - b)) for a, b in zip(split_a, split_b, strict=True)]
    frame["only_b"] = [JOIN.join(sorted(b - a)) for a, b in zip(split_a, split_b, strict=True)]
    frame = frame.astype({"tags_a": "string", "tags_b": "string", "only_a": "string", "only_b": "string"})
    frame["agree"] = ((frame["only_a"] == "") & (frame["only_b"] == "")).astype(bool)
    frame = frame.rename_axis("sentence_id").reset_index().rename_axis(columns=None)
    frame["sentence_id"] = frame["sentence_id"].astype("string")
    return _with_text(frame, corpus)


def disagreements(
    store: TagStore, corpus: Corpus | None = None, *, coders: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return the (sentence, tag) pairs where the coders who coded a sentence judged a tag differently.

    Returns
    -------
    pandas.DataFrame
        ``sentence_id``, ``tag``, ``yes`` (coders who gave the tag) and ``no`` (coders who coded
        the sentence without it), both ``"a; b"`` strings; tags in codebook order within a
        sentence. With a ``corpus``, only its sentences, with ``article_id``, ``position`` and
        ``text``, in corpus order.
    """
    units = _units(coded(store, coders=coders), corpus)
    tags = store.tags()
    names = list(dict.fromkeys([*store.codebook.tags, *sorted(set(tags["tag"].dropna()))]))
    values, coder_names = _judgements(tags[["sentence_id", "tag", "coder"]].astype("string"), units, names)
    differ = (np.nanmax(values, axis=1) != np.nanmin(values, axis=1)) if values.size else np.zeros((0, 0), bool)
    tag_index, unit_index = np.nonzero(differ)
    unit_ids = sorted(units["sentence_id"].unique().tolist())
    rows = []
    for t, u in zip(tag_index, unit_index, strict=True):
        judged = values[t, :, u]
        yes = [coder_names[c] for c in np.flatnonzero(judged == 1)]
        no = [coder_names[c] for c in np.flatnonzero(judged == 0)]
        rows.append((unit_ids[u], names[t], t, JOIN.join(yes), JOIN.join(no)))
    frame = pd.DataFrame(rows, columns=["sentence_id", "tag", "_order", "yes", "no"])
    frame = frame.sort_values(["sentence_id", "_order"]).drop(columns="_order").astype("string")
    return _with_text(frame, corpus)

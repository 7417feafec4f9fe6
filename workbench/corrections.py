"""Applying an analyst's corrections to the tables: the one place where they change ``mentions`` and ``claims``.

Corrections come from :meth:`workbench.store.TagStore.corrections` (see
:mod:`workbench.store._corrections`). :func:`apply` takes the tables and the corrections and
returns the tables in which they hold, each changed or added row marked ``corrected``; the
``actors`` table is then recounted from the corrected mentions by the :class:`~workbench.corpus.Corpus`.
Only the rows of corrected sentences are visited one by one, so applying a few corrections to a
large corpus costs a few passes over its columns.
"""

from __future__ import annotations

import contextlib
import enum
import warnings
from typing import Any, NamedTuple, Protocol

import pandas as pd

from workbench import schema


class Kind(enum.StrEnum):
    """What a correction is about: an actor mention (keyed by its span) or a claim (keyed by its cue's span)."""

    ACTOR = "actor"
    CLAIM = "claim"


class Verdict(enum.StrEnum):
    """What a correction says: the columns given should read so (or it was missed), or it is not one at all."""

    CORRECT = "correct"
    REJECT = "reject"


NOT_AN_ACTOR = "not an actor"
"""The ``actor_type`` that, in an actors file, marks a surface an analyst decided is never an actor."""

KEY = ["kind", "sentence_id", "start", "end"]
"""The columns that say which mention or claim a correction is about."""


class Tables(Protocol):
    """What :func:`apply` reads: the articles (for their text), sentences, mentions and claims."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame


class Corrections(Protocol):
    """Where corrections come from: a :class:`~workbench.store.TagStore`."""

    def corrections(self, corpus: Any = None, *, coder: str | None = None) -> pd.DataFrame:
        """Return the corrections, one row each, as :meth:`~workbench.store.TagStore.corrections` does."""


class Corrected(NamedTuple):
    """The tables with the corrections applied, how many were, and those that found no sentence.

    Attributes
    ----------
    articles, sentences
        As given.
    mentions, claims
        With a ``corrected`` column, True on every row a correction changed or added.
    applied
        How many corrections were applied.
    unplaced
        The corrections (rows of ``store.corrections()``) whose sentence is not in the tables,
        or whose offsets lie outside it: after an edit of the article, they wait for the analyst.
        A surface rejected ``everywhere`` is never among them: it holds in any corpus.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame
    applied: int
    unplaced: pd.DataFrame


def latest(corrections: pd.DataFrame) -> pd.DataFrame:
    """Return one correction per mention or claim: when several coders corrected it, the latest one."""
    ordered = corrections.sort_values("updated_at", kind="stable")
    return ordered.drop_duplicates(KEY, keep="last").reset_index(drop=True)


def apply(tables: Tables, corrections: pd.DataFrame) -> Corrected:
    """Return ``tables`` with ``corrections`` (the frame of ``store.corrections()``) holding in them.

    An actor correction renames, retypes or recodes the mention at its span, or adds it when the
    extractor missed it; a rejection drops it (``everywhere``: every mention of that surface).
    Claims whose source span is a corrected mention follow it in ``source_actor``. A claim
    correction sets the columns of the claim whose cue is at its span, or adds the claim; a
    rejection drops it. Texts not given (``surface``, ``cue``, ``source``, ``content``) are read
    from the article text at the offsets.
    """
    chosen = latest(corrections)
    sentences = _rows(tables.sentences, chosen["sentence_id"], ["sentence_id", "article_id", "start", "end", "hedged"])
    placed = chosen.merge(sentences, on="sentence_id", how="left", suffixes=("", "_sentence"), validate="many_to_one")
    inside = placed["everywhere"].to_numpy() | (  # a decision for the whole corpus holds whatever its sentence
        placed["article_id"].notna()
        & (placed["start"] >= placed["start_sentence"])
        & (placed["end"] <= placed["end_sentence"])
    )
    unplaced = chosen.loc[~inside.to_numpy()].reset_index(drop=True)
    placed = placed.loc[inside].reset_index(drop=True)
    texts = _texts(tables.articles, placed["article_id"])
    actor_fixes = placed[placed["kind"] == Kind.ACTOR.value]
    gone = _rejected_everywhere(actor_fixes)
    before = tables.mentions
    touched = pd.Index(actor_fixes["sentence_id"]).union(
        pd.Index(before.loc[before["surface"].isin(gone), "sentence_id"])
    )
    mentions = _fix_mentions(before, actor_fixes, gone, texts)
    claims = _follow(tables.claims, before, mentions, touched)
    claims = _fix_claims(claims, placed[placed["kind"] == Kind.CLAIM.value], texts)
    return Corrected(tables.articles, tables.sentences, mentions, claims, len(placed), unplaced)


def mark_actors(actors: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Return ``actors`` with ``corrected`` True for each actor with a corrected mention."""
    if "corrected" not in mentions or not mentions["corrected"].any():
        return actors
    fixed = mentions[["actor", "actor_type"]][mentions["corrected"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(actors[["actor", "actor_type"]])
    return actors.assign(corrected=keys.isin(pd.MultiIndex.from_frame(fixed)))


def warn_unplaced(unplaced: pd.DataFrame) -> None:
    """Warn that corrections found no sentence, saying how to list them."""
    if len(unplaced):
        warnings.warn(
            f"{len(unplaced):,} correction(s) found no sentence of this corpus (edited or removed since) and were "
            "not applied; store.corrections(corpus) lists them (found False).",
            stacklevel=3,
        )


def drop_not_actors(mentions: pd.DataFrame, claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``mentions`` without those an actors file typed :data:`NOT_AN_ACTOR`, and ``claims`` not naming them."""
    gone = mentions["actor_type"] == NOT_AN_ACTOR
    if not gone.any():
        return mentions, claims
    names = set(mentions.loc[gone, "actor"])
    claims = claims.assign(source_actor=claims["source_actor"].where(~claims["source_actor"].isin(names), pd.NA))
    return mentions[~gone].reset_index(drop=True), claims


def _rows(table: pd.DataFrame, ids: pd.Series | pd.Index, columns: list[str]) -> pd.DataFrame:
    """Return ``columns`` of the rows of the sentences ``ids``: the columns first, so no other column is copied."""
    return table[columns][table["sentence_id"].isin(ids)]


def _texts(articles: pd.DataFrame, ids: pd.Series) -> dict[str, str]:
    """Return the text of the articles ``ids`` name, by article id."""
    wanted = articles[["article_id", "text"]][articles["article_id"].isin(ids)]
    return dict(zip(wanted["article_id"], wanted["text"], strict=True))


def _marked(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with a ``corrected`` column (False where none was yet)."""
    out = frame.copy(deep=False)
    out["corrected"] = out["corrected"].fillna(False).astype(bool) if "corrected" in out else False
    return out


def _rejected_everywhere(fixes: pd.DataFrame) -> set[str]:
    """Return the surfaces an analyst decided are never an actor."""
    return {
        fields.get("surface")
        for verdict, everywhere, fields in zip(fixes["verdict"], fixes["everywhere"], fixes["fields"], strict=True)
        if verdict == Verdict.REJECT.value and everywhere
    }


def _fix_mentions(mentions: pd.DataFrame, fixes: pd.DataFrame, gone: set[str], texts: dict[str, str]) -> pd.DataFrame:
    out = _marked(mentions)
    if gone:
        out = out[~out["surface"].isin(gone)]
    return _fix_rows(out, fixes, ("start", "end"), "mentions", lambda fix: _new_mention(fix, texts))


def _fix_claims(claims: pd.DataFrame, fixes: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    return _fix_rows(_marked(claims), fixes, ("cue_start", "cue_end"), "claims", lambda fix: _new_claim(fix, texts))


def _fix_rows(table: pd.DataFrame, fixes: pd.DataFrame, span: tuple[str, str], name: str, new: Any) -> pd.DataFrame:
    """Set, drop or add the rows of ``table`` that ``fixes`` are about; only rows of corrected sentences are visited."""
    if fixes.empty:
        return table.reset_index(drop=True)
    where = {span: index for index, span in _near(table, fixes["sentence_id"], span).items()}
    drop, added = [], []
    cells: dict[str, dict[int, Any]] = {}
    for fix in fixes.itertuples(index=False):
        index = where.get((fix.sentence_id, fix.start, fix.end))
        if fix.verdict == Verdict.REJECT.value:
            drop += [] if index is None else [index]
        elif index is None:
            added.append(new(fix))
        else:
            for column, value in {**fix.fields, "corrected": True}.items():
                cells.setdefault(column, {})[index] = value
    table = _set(table, cells)
    table = table.drop(index=drop) if drop else table
    if added:
        table = pd.concat([table, schema.conform(pd.DataFrame(added), name)], ignore_index=True)
    return schema.conform(table.reset_index(drop=True), name)


def _near(table: pd.DataFrame, ids: pd.Series, span: tuple[str, str]) -> dict[int, tuple[str, int, int] | None]:
    """Return, for each row of the sentences ``ids``, its sentence id and ``span`` offsets (None when missing)."""
    near = _rows(table, ids, ["sentence_id", *span])
    columns = (near[c].tolist() for c in near.columns)
    return {
        index: None if pd.isna(start) or pd.isna(end) else (sid, int(start), int(end))
        for index, sid, start, end in zip(near.index, *columns, strict=True)
    }


def _set(table: pd.DataFrame, cells: dict[str, dict[int, Any]]) -> pd.DataFrame:
    """Return ``table`` with the given cells (column -> row -> value) set, a column at a time.

    A cell set alone copies a whole Arrow-backed text column of many chunks; one pass per column
    copies it once.
    """
    out = table.copy(deep=False)
    for column, values in cells.items():
        if column not in out.columns:
            continue
        patch = pd.Series(list(values.values()), index=list(values), dtype=object)
        with contextlib.suppress(TypeError, ValueError):  # a value of another type: the column becomes object
            patch = patch.astype(out[column].dtype)
        out[column] = out[column].mask(out.index.isin(patch.index), patch.reindex(out.index))
    return out


def _slice(texts: dict[str, str], article_id: str, start: object, end: object) -> Any:
    if pd.isna(start) or pd.isna(end):
        return pd.NA
    return texts[article_id][int(start) : int(end)]


def _new_mention(fix: Any, texts: dict[str, str]) -> dict[str, Any]:
    surface = fix.fields.get("surface") or _slice(texts, fix.article_id, fix.start, fix.end)
    return {
        "article_id": fix.article_id,
        "sentence_id": fix.sentence_id,
        "actor": fix.fields.get("actor") or surface,
        "actor_type": fix.fields.get("actor_type") or "unknown",
        "surface": surface,
        "start": fix.start,
        "end": fix.end,
        "code": fix.fields.get("code") or pd.NA,
        "corrected": True,
    }


def _new_claim(fix: Any, texts: dict[str, str]) -> dict[str, Any]:
    fields = fix.fields
    row = {
        "claim_id": f"{fix.sentence_id}-corrected-{fix.start}",
        "article_id": fix.article_id,
        "sentence_id": fix.sentence_id,
        "cue_start": fix.start,
        "cue_end": fix.end,
        "cue": _slice(texts, fix.article_id, fix.start, fix.end),
        "hedged": bool(fix.hedged),
        "sentence_ids": (fix.sentence_id,),
        "about": (),
        "corrected": True,
    }
    row |= fields
    for part in ("source", "content"):
        if part not in fields:
            row[part] = _slice(texts, fix.article_id, fields.get(f"{part}_start"), fields.get(f"{part}_end"))
    return row


def _spans(mentions: pd.DataFrame, ids: pd.Index) -> dict[tuple[str, int, int], str]:
    """Return the actor of each mention span of the sentences ``ids``."""
    near = _rows(mentions, ids, ["sentence_id", "start", "end", "actor"])
    columns = (near[c].tolist() for c in near.columns)
    return {(sid, int(start), int(end)): actor for sid, start, end, actor in zip(*columns, strict=True)}


def _follow(claims: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """Return ``claims`` whose ``source_actor`` follows the mention at its source span, renamed or dropped.

    ``ids`` are the sentences whose mentions the corrections touched.
    """
    out = _marked(claims)
    if ids.empty:
        return out
    was, now = _spans(before, ids), _spans(after, ids)
    moved = {span: now.get(span, pd.NA) for span, actor in was.items() if now.get(span) != actor}
    followed = {index: moved[span] for index, span in _near(out, ids, ("source_start", "source_end")).items()
                if span in moved}  # fmt: skip
    if not followed:
        return out
    return schema.conform(_set(out, {"source_actor": followed, "corrected": dict.fromkeys(followed, True)}), "claims")

"""Summaries of the tags: the tags joined to their sentences, counts per tag, coder, actor and period.

Tags come from the store (SQLite, small next to the sentences) as a pandas frame; they meet an
on-disk corpus by sentence id, each partition keeping the rows of tagged sentences only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench import reliability
from workbench.summaries._attention import period_starts
from workbench.summaries._parts import among, each, rows_where, summed, table

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus, Part

TAG_COLUMNS = ["sentence_id", "tag", "coder"]
NOTE_COLUMNS = ["sentence_id", "coder", "note"]
JOIN = "; "
"""Separator of several values in one cell (actors of a sentence, coders of a tag)."""


class SummaryInputs(NamedTuple):
    """What every summary is built from: the corpus, its tags and notes, and the tag names in order.

    ``corpus`` is in memory or on disk (:class:`~workbench.ondisk.OnDiskCorpus`). ``tags`` holds
    one row per (sentence, tag, coder) for sentences of the corpus, with the sentence's
    ``article_id`` and ``position``; ``orphans`` counts tags whose sentence is not in the corpus
    (reported, never dropped from the store). ``coded`` holds one row per (sentence, coder) a
    coder coded (tag, note or done mark; see :func:`workbench.reliability.coded`).
    """

    corpus: AnyCorpus
    tags: pd.DataFrame
    notes: pd.DataFrame
    tag_names: list[str]
    codebook: Codebook | None
    orphans: int
    coded: pd.DataFrame | None = None

    @property
    def coders(self) -> list[str]:
        """Coders who tagged or annotated a sentence of the corpus, sorted."""
        return sorted(pd.concat([self.tags["coder"], self.notes["coder"]]).dropna().unique())


def inputs(corpus: AnyCorpus, store: TagStore | None = None, *, with_coded: bool = True) -> SummaryInputs:
    """Read the tags and notes of ``store`` (all coders) for ``corpus``; no store means no tags.

    ``with_coded=False`` skips reading who coded which sentence, which only the agreement
    summary needs (charts of tags pass it). On disk, only the sentences the store names are read
    into memory.
    """
    if store is None:
        raw_tags = pd.DataFrame({name: pd.Series(dtype="string") for name in TAG_COLUMNS})
        notes = pd.DataFrame({name: pd.Series(dtype="string") for name in NOTE_COLUMNS})
        codebook = None
    else:
        raw_tags = store.tags()[TAG_COLUMNS].drop_duplicates()
        notes = store.notes()[NOTE_COLUMNS]
        codebook = store.codebook
    coded = reliability.coded(store) if store is not None and with_coded else None
    named = [raw_tags["sentence_id"], notes["sentence_id"], *([] if coded is None else [coded["sentence_id"]])]
    ids = pd.concat(named).dropna().drop_duplicates()
    where = rows_where(corpus, "sentences", "sentence_id", ids, ["sentence_id", "article_id", "position"])
    where = where.drop_duplicates("sentence_id")
    tags = raw_tags.merge(where, on="sentence_id", how="inner")
    notes = notes[among(notes["sentence_id"], where["sentence_id"]) & notes["note"].fillna("").ne("")]
    known = list(codebook.tags) if codebook is not None else []
    extra = sorted(set(tags["tag"].dropna().unique()) - set(known))
    coded = None if coded is None else coded[among(coded["sentence_id"], where["sentence_id"])]
    return SummaryInputs(
        corpus, tags, notes.reset_index(drop=True), known + extra, codebook, len(raw_tags) - len(tags), coded
    )


def joined(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """Join the distinct ``value``s of each ``key`` into one sorted ``"a; b"`` string."""
    pairs = frame[[key, value]].dropna().drop_duplicates().sort_values([key, value])
    return (pairs[value].astype(str) + JOIN).groupby(pairs[key]).sum().str.removesuffix(JOIN)


def tag_matrix(data: SummaryInputs) -> pd.DataFrame:
    """Return 0/1 tag columns indexed by ``sentence_id``: ``tag:NAME``, or ``tag:NAME:CODER`` per coder.

    Columns are per coder when several coders tagged or annotated the corpus.
    """
    coders = data.coders
    if len(coders) > 1:
        keys = "tag:" + data.tags["tag"] + ":" + data.tags["coder"]
        columns = [f"tag:{tag}:{coder}" for tag in data.tag_names for coder in coders]
    else:
        keys = "tag:" + data.tags["tag"]
        columns = [f"tag:{tag}" for tag in data.tag_names]
    marks = pd.DataFrame({"sentence_id": data.tags["sentence_id"], "column": keys}).drop_duplicates()
    wide = marks.assign(value=1).pivot_table(index="sentence_id", columns="column", values="value", fill_value=0)
    return wide.reindex(columns=columns, fill_value=0).astype("int64").rename_axis(columns=None)


def tag_summary(data: SummaryInputs) -> pd.DataFrame:
    """One row per tag of the codebook: sentences and articles carrying it, share of sentences, coders."""
    tags = data.tags
    grouped = tags.groupby("tag")
    counts = pd.DataFrame(
        {
            "sentences": grouped["sentence_id"].nunique(),
            "articles": grouped["article_id"].nunique(),
            "applications": grouped.size(),
            "n_coders": grouped["coder"].nunique(),
        }
    )
    counts = counts.reindex(data.tag_names, fill_value=0).astype("int64")
    total = len(data.corpus.sentences)
    frame = counts.rename_axis("tag").reset_index()
    frame.insert(3, "share", frame["sentences"] / total if total else 0.0)
    frame["coders"] = frame["tag"].map(joined(tags, "tag", "coder")).astype("string")
    codebook = data.codebook
    if codebook is not None:
        known = frame["tag"].isin(codebook.tags)
        # A tag the codebook no longer has (retired, or from another coder's codebook) keeps its row, without them.
        listed = frame["tag"].where(known)
        frame.insert(1, "group", listed.map(lambda name: codebook.tag(name).group, na_action="ignore"))
        frame.insert(2, "description", listed.map(lambda name: codebook.tag(name).description, na_action="ignore"))
    return frame


def tags_by_coder(data: SummaryInputs) -> pd.DataFrame:
    """One row per (tag, coder): how many sentences the coder gave the tag (``tag``, ``coder``, ``sentences``)."""
    return data.tags.groupby(["tag", "coder"])["sentence_id"].nunique().rename("sentences").reset_index()


def tagged_mentions(data: SummaryInputs) -> pd.DataFrame:
    """Return the distinct (``sentence_id``, ``actor``, ``actor_type``) of the tagged sentences' mentions."""
    ids = data.tags["sentence_id"].drop_duplicates()
    found = rows_where(data.corpus, "mentions", "sentence_id", ids, ["sentence_id", "actor", "actor_type"])
    return found.drop_duplicates()


def tag_by_actor(data: SummaryInputs) -> pd.DataFrame:
    """One row per (actor, tag) that meet in a sentence: how many sentences, and their share of the actor's."""
    pairs = tagged_mentions(data).merge(data.tags[["sentence_id", "tag"]].drop_duplicates(), on="sentence_id")
    counts = pairs.groupby(["actor", "actor_type", "tag"]).size().rename("sentences").reset_index()
    actors = table(data.corpus, "actors")
    counts = counts.merge(actors[["actor", "actor_type", "n_sentences"]], on=["actor", "actor_type"])
    counts["share_of_actor_sentences"] = counts["sentences"] / counts.pop("n_sentences")
    order = {name: rank for rank, name in enumerate(data.tag_names)}
    counts = counts.assign(_order=counts["tag"].map(order))
    return counts.sort_values(["sentences", "actor", "_order"], ascending=[False, True, True]).drop(columns="_order")


def _claims_per_source(part: Part) -> pd.Series:
    return part.claims.groupby("source_actor").size()


def actor_summary(data: SummaryInputs) -> pd.DataFrame:
    """Return the ``actors`` table with the claims each actor is the source of and the tagged sentences naming it."""
    actors = table(data.corpus, "actors")
    actors = actors[["actor", "actor_type", "n_mentions", "n_sentences", "n_articles", "aliases"]]
    claims = summed(each(data.corpus, _claims_per_source, columns={"claims": ["source_actor"]}))
    tagged_counts = tagged_mentions(data).groupby(["actor", "actor_type"])["sentence_id"].nunique()
    keys = pd.MultiIndex.from_frame(actors[["actor", "actor_type"]])
    return actors.assign(
        n_claims=actors["actor"].map(claims).fillna(0).astype("int64"),
        n_tagged_sentences=tagged_counts.reindex(keys, fill_value=0).to_numpy(dtype="int64"),
    )[["actor", "actor_type", "n_mentions", "n_sentences", "n_articles", "n_claims", "n_tagged_sentences", "aliases"]]


def tagged_sentences(data: SummaryInputs) -> pd.DataFrame:
    """One row per tagged (sentence, tag) with the sentence's text, article title, size and date."""
    marks = data.tags[["sentence_id", "tag", "article_id", "position"]].drop_duplicates(["sentence_id", "tag"])
    texts = rows_where(data.corpus, "sentences", "sentence_id", marks["sentence_id"], ["sentence_id", "text"])
    marks = marks.merge(texts.drop_duplicates("sentence_id"), on="sentence_id")
    about = ["article_id", "title", "n_sentences", "published"]
    articles = rows_where(data.corpus, "articles", "article_id", marks["article_id"], about)
    return marks.merge(articles.drop_duplicates("article_id"), on="article_id")


def tags_over_time(data: SummaryInputs, *, period: str = "week") -> pd.DataFrame:
    """One row per (tag, period) with tagged dated sentences: ``tag``, ``start``, ``sentences``, ``articles``.

    ``period`` is a key of :data:`workbench.summaries.PERIODS`; undated articles are left out.
    """
    marks = tagged_sentences(data).dropna(subset=["published"])
    marks["start"] = period_starts(marks["published"], period)
    counts = marks.groupby(["tag", "start"]).agg(sentences=("sentence_id", "size"), articles=("article_id", "nunique"))
    return counts.reset_index()


def agreement_summary(data: SummaryInputs) -> pd.DataFrame:
    """One row per tag and an ``(all)`` row: agreement between coders (see :func:`workbench.reliability.agreement`)."""
    coded = data.coded if data.coded is not None else pd.DataFrame(columns=["sentence_id", "coder"], dtype="string")
    return reliability.table(data.tags, coded, data.tag_names)

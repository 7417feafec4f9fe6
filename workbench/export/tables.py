"""The summary tables an export writes, built from the corpus tables and the tags by group-bys.

Each builder is a pure function from :class:`SummaryInputs` to a DataFrame; charts plot the
same frames, so a chart and the CSV beside it always agree. :data:`SUMMARIES` lists the
builders in the order files are written: another summary (inter-coder agreement, say) joins
the export by adding one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench import reliability

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore

TAG_COLUMNS = ["sentence_id", "tag", "coder"]
NOTE_COLUMNS = ["sentence_id", "coder", "note"]
JOIN = "; "
"""Separator of several values in one cell (actors of a sentence, coders of a tag)."""


class SummaryInputs(NamedTuple):
    """What every summary is built from: the corpus, its tags and notes, and the tag names in order.

    ``tags`` holds one row per (sentence, tag, coder) for sentences of the corpus, with the
    sentence's ``article_id`` and ``position``; ``orphans`` counts tags whose sentence is not in
    the corpus (reported, never dropped from the store). ``coded`` holds one row per (sentence,
    coder) a coder coded (tag, note or done mark; see :func:`workbench.reliability.coded`).
    """

    corpus: Corpus
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


def inputs(corpus: Corpus, store: TagStore | None = None, *, with_coded: bool = True) -> SummaryInputs:
    """Read the tags and notes of ``store`` (all coders) for ``corpus``; no store means no tags.

    ``with_coded=False`` skips reading who coded which sentence, which only the agreement
    summary needs (charts of tags pass it).
    """
    if store is None:
        raw_tags = pd.DataFrame({name: pd.Series(dtype="string") for name in TAG_COLUMNS})
        notes = pd.DataFrame({name: pd.Series(dtype="string") for name in NOTE_COLUMNS})
        codebook = None
    else:
        raw_tags = store.tags()[TAG_COLUMNS].drop_duplicates()
        notes = store.notes()[NOTE_COLUMNS]
        codebook = store.codebook
    where = corpus.sentences[["sentence_id", "article_id", "position"]]
    tags = raw_tags.merge(where, on="sentence_id", how="inner")
    notes = notes[among(notes["sentence_id"], where["sentence_id"]) & notes["note"].fillna("").ne("")]
    known = list(codebook.tags) if codebook is not None else []
    extra = sorted(set(tags["tag"].dropna().unique()) - set(known))
    coded = reliability.coded(store) if store is not None and with_coded else None
    coded = None if coded is None else coded[among(coded["sentence_id"], where["sentence_id"])]
    return SummaryInputs(
        corpus, tags, notes.reset_index(drop=True), known + extra, codebook, len(raw_tags) - len(tags), coded
    )


def among(values: pd.Series, pool: pd.Series) -> pd.Series:
    """Return a boolean Series: True where a value is in ``pool``.

    A hashed test in Arrow: ``Series.isin`` on Arrow strings converts every pool value in
    Python, which takes seconds for a pool of 100,000 sentence ids.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.is_in(pa.array(values, from_pandas=True), value_set=pa.array(pool, from_pandas=True).unique())
    return pd.Series(found.fill_null(False).to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def _joined(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
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


def sentences_tagged(data: SummaryInputs) -> pd.DataFrame:
    """One row per sentence: article metadata, text, actors, claim sources, 0/1 tag columns and notes."""
    corpus = data.corpus
    meta = corpus.articles[["article_id", "title", "source", "published", "url"]]
    frame = corpus.sentences[["sentence_id", "article_id", "paragraph", "position", "text"]].merge(
        meta, on="article_id", how="left"
    )
    frame = frame[["article_id", "title", "source", "published", "url", "sentence_id", "paragraph", "position", "text"]]
    frame["actors"] = frame["sentence_id"].map(_joined(corpus.mentions, "sentence_id", "actor"))
    sources = corpus.claims.assign(who=corpus.claims["source_actor"].fillna(corpus.claims["source"]))
    frame["claim_source"] = frame["sentence_id"].map(_joined(sources, "sentence_id", "who"))
    matrix = tag_matrix(data)
    frame = frame.join(matrix, on="sentence_id")
    frame[list(matrix.columns)] = frame[list(matrix.columns)].fillna(0).astype("int64")
    notes = data.notes.drop_duplicates(["sentence_id", "coder"], keep="last")
    if len(data.coders) > 1:
        wide = notes.pivot(index="sentence_id", columns="coder", values="note")
        for coder in data.coders:
            column = wide[coder] if coder in wide.columns else pd.Series(dtype="string")
            frame[f"note:{coder}"] = frame["sentence_id"].map(column).astype("string")
    else:
        frame["note"] = frame["sentence_id"].map(notes.set_index("sentence_id")["note"]).astype("string")
    return frame


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
    frame["coders"] = frame["tag"].map(_joined(tags, "tag", "coder")).astype("string")
    codebook = data.codebook
    if codebook is not None:
        known = frame["tag"].isin(codebook.tags)
        # A tag the codebook no longer has (retired, or from another coder's codebook) keeps its row, without them.
        listed = frame["tag"].where(known)
        frame.insert(1, "group", listed.map(lambda name: codebook.tag(name).group, na_action="ignore"))
        frame.insert(2, "description", listed.map(lambda name: codebook.tag(name).description, na_action="ignore"))
    return frame


def _actor_sentences(data: SummaryInputs) -> pd.DataFrame:
    return data.corpus.mentions[["sentence_id", "actor", "actor_type"]].drop_duplicates()


def tag_by_actor(data: SummaryInputs) -> pd.DataFrame:
    """One row per (actor, tag) that meet in a sentence: how many sentences, and their share of the actor's."""
    pairs = _actor_sentences(data).merge(data.tags[["sentence_id", "tag"]].drop_duplicates(), on="sentence_id")
    counts = pairs.groupby(["actor", "actor_type", "tag"]).size().rename("sentences").reset_index()
    counts = counts.merge(data.corpus.actors[["actor", "actor_type", "n_sentences"]], on=["actor", "actor_type"])
    counts["share_of_actor_sentences"] = counts["sentences"] / counts.pop("n_sentences")
    order = {name: rank for rank, name in enumerate(data.tag_names)}
    counts = counts.assign(_order=counts["tag"].map(order))
    return counts.sort_values(["sentences", "actor", "_order"], ascending=[False, True, True]).drop(columns="_order")


def actor_summary(data: SummaryInputs) -> pd.DataFrame:
    """Return the ``actors`` table with the claims each actor is the source of and the tagged sentences naming it."""
    corpus = data.corpus
    actors = corpus.actors[["actor", "actor_type", "n_mentions", "n_sentences", "n_articles", "aliases"]]
    claims = corpus.claims.groupby("source_actor").size()
    tagged = _actor_sentences(data)
    tagged = tagged[among(tagged["sentence_id"], data.tags["sentence_id"])]
    tagged_counts = tagged.groupby(["actor", "actor_type"])["sentence_id"].nunique()
    keys = pd.MultiIndex.from_frame(actors[["actor", "actor_type"]])
    return actors.assign(
        n_claims=actors["actor"].map(claims).fillna(0).astype("int64"),
        n_tagged_sentences=tagged_counts.reindex(keys, fill_value=0).to_numpy(dtype="int64"),
    )[["actor", "actor_type", "n_mentions", "n_sentences", "n_articles", "n_claims", "n_tagged_sentences", "aliases"]]


def claims(data: SummaryInputs) -> pd.DataFrame:
    """Return the ``claims`` table with each claim's article title and date and its whole sentence."""
    corpus = data.corpus
    frame = corpus.claims.merge(corpus.articles[["article_id", "title", "published"]], on="article_id", how="left")
    sentences = corpus.sentences.set_index("sentence_id")["text"]
    frame["sentence"] = frame["sentence_id"].map(sentences).astype("string")
    first = ["claim_id", "article_id", "title", "published", "sentence_id", "source", "source_actor", "cue"]
    return frame[[*first, "content", "hedged", "sentence"]]


def articles(data: SummaryInputs) -> pd.DataFrame:
    """One row per article: sentences, paragraphs, mentions, distinct actors, claims and tagged share."""
    corpus = data.corpus
    frame = corpus.articles[["article_id", "title", "source", "published", "url", "n_sentences", "n_paragraphs"]]
    mentions = corpus.mentions.groupby("article_id")
    counts = {
        "n_mentions": mentions.size(),
        "n_actors": mentions["actor"].nunique(),
        "n_claims": corpus.claims.groupby("article_id").size(),
        "n_tagged_sentences": data.tags.groupby("article_id")["sentence_id"].nunique(),
    }
    frame = frame.assign(
        **{name: frame["article_id"].map(values).fillna(0).astype("int64") for name, values in counts.items()}
    )
    sentences = frame["n_sentences"].where(frame["n_sentences"] > 0)
    frame["tagged_share"] = (frame["n_tagged_sentences"] / sentences).fillna(0.0)
    return frame.reset_index(drop=True)


def agreement_summary(data: SummaryInputs) -> pd.DataFrame:
    """One row per tag and an ``(all)`` row: agreement between coders (see :func:`workbench.reliability.agreement`)."""
    coded = data.coded if data.coded is not None else pd.DataFrame(columns=["sentence_id", "coder"], dtype="string")
    return reliability.table(data.tags, coded, data.tag_names)


Builder = Callable[[SummaryInputs], pd.DataFrame]

SUMMARIES: dict[str, Builder] = {
    "sentences_tagged": sentences_tagged,
    "tag_summary": tag_summary,
    "actor_summary": actor_summary,
    "tag_by_actor": tag_by_actor,
    "claims": claims,
    "articles": articles,
    "agreement": agreement_summary,
}
"""Every summary an export writes, by file stem, in writing order."""

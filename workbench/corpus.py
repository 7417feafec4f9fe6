"""The ``Corpus``: the tables of the contract for a set of articles, and a few views of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import pandas as pd

from workbench import actor_table, corrections, duplicates, schema, selection
from workbench._signatures import keywords_of
from workbench.analysis import Concordance
from workbench.errors import FilterError

DEDUPE_CHOICES = ("group", "drop")
"""What :meth:`Corpus.dedupe` (and ``load(..., dedupe=...)``) does with near-duplicate articles."""
ARTICLE_COLUMNS = ["title", "source", "published"]
"""Article columns that :meth:`Corpus.kwic` and :meth:`Corpus.duplicates` add to their rows."""


def find_filters(
    *,
    article: str = "",
    actor: str = "",
    search: str = "",
    regex: bool = False,
    claims_only: bool = False,
    hedged_only: bool = False,
) -> selection.Filters:
    """Return the filters that the keywords of :meth:`Corpus.find` ask for (see it for each keyword).

    The in-memory and the on-disk corpus take the same keywords in their ``find``; both read them
    here, so they cannot drift apart.

    Raises
    ------
    TypeError
        For a keyword ``find`` does not take.
    """
    return selection.Filters(
        article=article, actor=actor, search=search, regex=regex, claims_only=claims_only, hedged_only=hedged_only
    )


@dataclass(repr=False)
class Corpus:
    """Articles and the tables extracted from them, as pandas DataFrames.

    Attributes
    ----------
    articles, sentences, mentions, claims, errors
        The tables of the contract (see ``workbench.schema.TABLES``).
    actors
        One row per canonical actor, derived from ``mentions``.
    corrections_applied, unplaced_corrections
        Set by :meth:`with_corrections`: how many corrections hold in the tables, and those
        that found no sentence.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame
    errors: pd.DataFrame = field(default_factory=lambda: schema.empty("errors"))
    actors: pd.DataFrame = field(init=False)
    corrections_applied: int = field(default=0, init=False)
    unplaced_corrections: pd.DataFrame | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        for table in ("articles", "sentences", "mentions", "claims", "errors"):
            schema.validate(getattr(self, table), table)
        self.actors = corrections.mark_actors(actor_table.summarise(self.mentions), self.mentions)

    def __repr__(self) -> str:
        return (
            f"<Corpus: {len(self.articles):,} article(s), {len(self.sentences):,} sentences, "
            f"{len(self.actors):,} actors, {len(self.mentions):,} mentions, {len(self.claims):,} claims, "
            f"{len(self.errors):,} error(s)>"
        )

    def merge_actors(self, keep: str, *others: str) -> Corpus:
        """Return a new corpus in which the actors ``others`` are one actor with ``keep``.

        Their mentions are renamed (taking ``keep``'s type and code) and ``claims.source_actor``
        follows, so ``actors`` has one row for them all. Example:
        ``corpus.merge_actors("Joe Biden", "Biden administration")``.

        Raises
        ------
        KeyError
            When a name is not in ``corpus.actors["actor"]``.
        """
        mentions, claims = actor_table.merge(self.mentions, self.claims, keep, others)
        return Corpus(self.articles, self.sentences, mentions, claims, self.errors)

    def with_corrections(self, store: corrections.Corrections, *, coder: str | None = None) -> Corpus:
        """Return a new corpus in which the corrections kept in ``store`` hold (of every coder, or of ``coder``).

        ``mentions`` and ``claims`` are corrected by :func:`workbench.corrections.apply` and
        ``actors`` recounted, each changed row marked ``corrected``; everything built on the
        corpus then shows the corrections. Corrections whose sentence is not in the corpus are
        kept in ``unplaced_corrections`` and named in a warning. Apply them to the corpus as
        extracted, not to a corrected one.
        """
        fixed = corrections.apply(self, store.corrections(coder=coder))
        corrections.warn_unplaced(fixed.unplaced)
        corpus = Corpus(self.articles, self.sentences, fixed.mentions, fixed.claims, self.errors)
        corpus.corrections_applied, corpus.unplaced_corrections = fixed.applied, fixed.unplaced
        return corpus

    @keywords_of(find_filters)
    def find(self, **filters: Any) -> pd.DataFrame:
        """Return the sentences that pass every filter given, with their article, actors and claim sources.

        Parameters
        ----------
        article
            An ``article_id``.
        actor
            A canonical actor name, as in ``corpus.actors.actor``.
        search
            A query in the language of every search (:mod:`workbench.query`): all the words, in any
            order (whole words, any case); "an exact phrase"; * for any letters (sanction*); OR
            between alternatives; -word or -"a phrase" to leave out; (brackets) to group. One row
            per sentence the query holds for: :meth:`kwic` shows the same sentences with one row per
            occurrence.
        regex
            Read ``search`` as one RE2 regular expression instead.
        claims_only, hedged_only
            Keep only sentences with a claim, or hedged sentences.

        Returns
        -------
        pandas.DataFrame
            Columns ``sentence_id``, ``article_id``, ``article`` (title), ``position``, ``text``,
            ``actors``, ``claim_source``, ``has_claim`` and ``hedged``, in corpus order.

        Raises
        ------
        FilterError
            When ``article`` or ``actor`` is not in the corpus; the message lists the choices.
        QueryError
            When ``search`` cannot be read; the message says how to write it.

        Examples
        --------
        >>> import workbench
        >>> corpus = workbench.load_text("Israel and Iran traded threats. Iran warned Israel again. Iraq kept out.")
        >>> corpus.find(search="Israel Iran")["text"].tolist()
        ['Israel and Iran traded threats.', 'Iran warned Israel again.']
        >>> corpus.find(search='"Iran warned" OR Iraq')["text"].tolist()
        ['Iran warned Israel again.', 'Iraq kept out.']
        """
        chosen = find_filters(**filters)
        selection.check_choice("article", chosen.article, set(self.articles["article_id"]))
        selection.check_choice("actor", chosen.actor, set(self.actors["actor"]))
        return selection.found(self, chosen)

    def summary(self) -> pd.Series:
        """Return the corpus at a glance: counts of every table and the date range."""
        published = self.articles["published"].dropna()
        return pd.Series(
            {
                "articles": len(self.articles),
                "paragraphs": int(self.articles["n_paragraphs"].sum()),
                "sentences": len(self.sentences),
                "actors": len(self.actors),
                "mentions": len(self.mentions),
                "claims": len(self.claims),
                "hedged sentences": int(self.sentences["hedged"].sum()),
                "first published": published.min() if len(published) else pd.NaT,
                "last published": published.max() if len(published) else pd.NaT,
                "errors": len(self.errors),
            },
            name="corpus",
            dtype=object,
        )

    @cached_property
    def _concordance(self) -> Concordance:
        return Concordance(self.sentences)

    def kwic(self, query: str, *, window: int = 60, regex: bool = False, case: bool = False) -> pd.DataFrame:
        """Return every occurrence of what ``query`` looks for, with its context and article: keyword in context.

        ``query`` takes the language of every search (:mod:`workbench.query`): all the words, in any
        order (whole words, any case); "an exact phrase"; * for any letters (sanction*); OR between
        alternatives; -word or -"a phrase" to leave out; (brackets) to group. Or an RE2 regular
        expression with ``regex=True``; see :func:`workbench.analysis.kwic` for every option. The
        sentences covered are those :meth:`find` returns for the same query, with one row per
        occurrence: ``find`` counts sentences, ``kwic`` occurrences. The sentences are prepared once
        per corpus, so later queries run in tens of milliseconds.

        Returns
        -------
        pandas.DataFrame
            The columns of :data:`workbench.analysis.KWIC_COLUMNS`, then ``title``, ``source`` and
            ``published`` of the match's article.

        Examples
        --------
        >>> import workbench
        >>> corpus = workbench.load_text("Sanctions bite. Iran said new sanctions were illegal.", title="Brief")
        >>> corpus.kwic("sanction*", window=12)[["left", "match", "right", "title"]].values.tolist()
        [['', 'Sanctions', 'bite. Iran', 'Brief'], ['said new', 'sanctions', 'were', 'Brief']]
        """
        rows = self._concordance.search(query, window=window, regex=regex, case=case)
        return rows.merge(self.articles[["article_id", *ARTICLE_COLUMNS]], on="article_id", how="left")

    def duplicates(self, *, threshold: float | None = None) -> pd.DataFrame:
        """Return the groups of near-identical articles (syndicated or republished copies), one row per member.

        Only groups of two or more articles are listed, each with its canonical (earliest) member
        first. See :func:`workbench.duplicates.duplicate_groups` for how articles are compared;
        ``threshold`` (default :data:`workbench.duplicates.DEFAULT_THRESHOLD`) is the estimated share
        of shared word shingles from which two articles count as copies. Needs ``datasketch``
        (``pip install 'workbench[dedupe]'``).

        Returns
        -------
        pandas.DataFrame
            ``duplicate_group`` (the canonical member's ``article_id``), ``article_id``,
            ``canonical``, ``similarity`` (to the canonical member), ``title``, ``source``,
            ``published``.
        """
        groups = self._duplicate_groups(threshold)
        sizes = groups.groupby("duplicate_group")["article_id"].transform("size")
        rows = groups[sizes > 1].merge(self.articles[["article_id", *ARTICLE_COLUMNS]], on="article_id")
        rows = rows.sort_values(["duplicate_group", "canonical", "published"], ascending=[True, False, True])
        columns = ["duplicate_group", "article_id", "canonical", "similarity", *ARTICLE_COLUMNS]
        return rows[columns].reset_index(drop=True)

    def dedupe(self, how: Literal["group", "drop"] = "group", *, threshold: float | None = None) -> Corpus:
        """Return a corpus that knows its near-duplicate articles: grouped (``"group"``) or left out (``"drop"``).

        ``"group"`` adds ``duplicate_group`` (the ``article_id`` of the group's earliest article; an
        article without copies is its own group) and ``canonical`` (bool) to ``articles``, so every
        summary can count a story once (``distinct_stories=True``). ``"drop"`` also keeps only the
        canonical articles, with their sentences, mentions and claims.

        Raises
        ------
        FilterError
            When ``how`` is not ``"group"`` or ``"drop"``, or ``threshold`` is not between 0 and 1.
        """
        if how not in DEDUPE_CHOICES:
            raise FilterError(f"dedupe must be one of {DEDUPE_CHOICES} or None, got {how!r}.")
        groups = self._duplicate_groups(threshold)
        articles = self.articles.assign(
            duplicate_group=groups["duplicate_group"].to_numpy(), canonical=groups["canonical"].to_numpy()
        )
        if how == "group":
            return Corpus(articles, self.sentences, self.mentions, self.claims, self.errors)
        kept = articles[articles["canonical"]].reset_index(drop=True)
        ids = set(kept["article_id"])
        tables = [table[table["article_id"].isin(ids)].reset_index(drop=True) for table in self._extracted()]
        return Corpus(kept, *tables, self.errors)

    def _extracted(self) -> list[pd.DataFrame]:
        """Return the tables extracted from the articles, in the order ``Corpus`` takes them."""
        return [self.sentences, self.mentions, self.claims]

    def _duplicate_groups(self, threshold: float | None) -> pd.DataFrame:
        return duplicates.duplicate_groups(
            self.articles, threshold=duplicates.DEFAULT_THRESHOLD if threshold is None else threshold
        )

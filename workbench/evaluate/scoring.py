"""Pairing predicted items with gold ones, and precision, recall and F1 from the pairs.

The ``match_*`` functions turn predicted and gold tables into an outcomes table (one row per
hit, miss or false positive); :func:`score` turns outcomes into precision, recall and F1 per
article and overall. All are pure functions over DataFrames.

Example
-------
>>> import pandas as pd
>>> gold = pd.DataFrame({"article": "a", "text": ["One.", "Two.", "Three."]})
>>> predicted = pd.DataFrame({"article": "a", "text": ["One.", "Two. Three."]})
>>> score_sentences(predicted, gold)[["article", "gold", "predicted", "hits", "precision", "recall"]]
  article  gold  predicted  hits  precision    recall
0       a     3          2     1        0.5  0.333333
1   (all)     3          2     1        0.5  0.333333
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

OUTCOMES = ("hit", "miss", "false positive", "ignored")
"""Outcome of a gold or predicted item: matched, gold not found, predicted but wrong, optional."""

ALL = "(all)"
"""The ``article`` label of the overall (micro-averaged) row in a scores table."""

TARGETS: dict[str, dict[str, float]] = {
    "sentences": {"f1": 0.97},
    "actors": {"recall": 0.90, "precision": 0.85},
    "claims": {"recall": 0.80, "precision": 0.80},
}
"""The quality bars of the product brief, per task and measure."""

_NON_WORD = re.compile(r"[^\w]+")


def normalise(name: object) -> str:
    """Return ``name`` lower-cased with punctuation as single spaces, so names compare as words."""
    return " ".join(_NON_WORD.sub(" ", str(name).replace("’", "'").lower()).split())


def _actor_key(name: object) -> str:
    key = normalise(name)
    return key[4:] if key.startswith("the ") else key


def overlaps(a: object, b: object) -> bool:
    """Tell whether one phrase contains the other as whole words ("has urged" and "urged" do)."""
    x, y = f" {normalise(a)} ", f" {normalise(b)} "
    return x.strip() != "" and y.strip() != "" and (x in y or y in x)


def match_sentences(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair predicted and gold sentences of each article by exact text.

    Parameters
    ----------
    predicted, gold
        Frames with ``article`` and ``text`` (one row per sentence).

    Returns
    -------
    pandas.DataFrame
        Outcomes: ``article``, ``gold``, ``predicted``, ``outcome`` (see :data:`OUTCOMES`).
    """
    rows: list[dict[str, Any]] = []
    for article in _articles(predicted, gold):
        left = Counter(str(text).strip() for text in predicted.loc[predicted["article"] == article, "text"])
        for text in (str(text).strip() for text in gold.loc[gold["article"] == article, "text"]):
            found = left[text] > 0
            left[text] -= found
            rows.append(_row(article, text, text if found else None, "hit" if found else "miss"))
        rows.extend(_row(article, None, text, "false positive") for text, n in left.items() for _ in range(n))
    return _outcomes(rows)


def match_actors(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair each article's distinct predicted actors with its gold actors by name or alias.

    Names compare case-insensitively, ignoring punctuation and a leading "the". A second
    predicted actor for an already matched gold actor ("Biden" next to "Joe Biden") is a
    false positive; a predicted actor that is an optional gold actor is ``ignored``.

    Parameters
    ----------
    predicted
        ``article`` and ``actor`` (canonical name), one row per mention or per actor.
    gold
        ``article``, ``actor``, ``aliases`` (list of other names) and ``optional`` (bool).

    Returns
    -------
    pandas.DataFrame
        Outcomes: ``article``, ``gold``, ``predicted``, ``outcome``.
    """
    rows: list[dict[str, Any]] = []
    for article in _articles(predicted, gold):
        entries = gold[gold["article"] == article]
        lookup: dict[str, tuple[str, bool]] = {}
        for actor, aliases, optional in zip(entries["actor"], entries["aliases"], entries["optional"], strict=True):
            lookup.update({_actor_key(alias): (actor, optional) for alias in aliases})
        for actor, optional in zip(entries["actor"], entries["optional"], strict=True):
            lookup[_actor_key(actor)] = (actor, optional)
        matched: set[str] = set()
        for name in pd.unique(predicted.loc[predicted["article"] == article, "actor"].dropna()):
            actor, optional = lookup.get(_actor_key(name), (None, False))
            if actor is not None and optional:
                rows.append(_row(article, actor, name, "ignored"))
            elif actor is not None and actor not in matched:
                matched.add(actor)
                rows.append(_row(article, actor, name, "hit"))
            else:
                rows.append(_row(article, None, name, "false positive"))
        required = entries.loc[~entries["optional"].astype(bool), "actor"]
        rows.extend(_row(article, actor, None, "miss") for actor in required if actor not in matched)
    return _outcomes(rows)


def match_claims(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair predicted and gold claims that lie in the same sentence and share their cue.

    A predicted claim matches a gold claim when its span overlaps the gold claim's sentence and
    one cue contains the other as whole words ("has urged" and "urged"). Among candidates, one
    with the right source is preferred. The source is right when the sources as written
    contain one another, or the predicted ``source_actor`` is one of the gold ``source_names``.

    Parameters
    ----------
    predicted
        ``article``, ``start``, ``end`` (the cue's span, or else its sentence's), ``source``,
        ``source_actor`` and ``cue``.
    gold
        ``article``, ``sentence`` (index), ``start``, ``end`` (the gold sentence's span),
        ``source``, ``cue`` and ``source_names`` (names of the source actor; may be empty).

    Returns
    -------
    pandas.DataFrame
        Outcomes: ``article``, ``gold``, ``predicted``, ``outcome`` and ``source_ok`` (on hits).
    """
    rows: list[dict[str, Any]] = []
    for article in _articles(predicted, gold):
        candidates = predicted[predicted["article"] == article].to_dict("records")
        used: set[int] = set()
        for claim in gold[gold["article"] == article].to_dict("records"):
            found = [
                i
                for i, guess in enumerate(candidates)
                if i not in used
                and guess["start"] < claim["end"]
                and claim["start"] < guess["end"]
                and overlaps(guess["cue"], claim["cue"])
            ]
            right = [i for i in found if _source_ok(candidates[i], claim)]
            label = f"[{claim['sentence']}] {claim['source']} | {claim['cue']}"
            if not found:
                rows.append(_row(article, label, None, "miss"))
                continue
            best = (right or found)[0]
            used.add(best)
            rows.append({**_row(article, label, _describe(candidates[best]), "hit"), "source_ok": bool(right)})
        rows.extend(
            _row(article, None, _describe(guess), "false positive")
            for i, guess in enumerate(candidates)
            if i not in used
        )
    return _outcomes(rows, "source_ok")


def _source_ok(guess: dict[str, Any], claim: dict[str, Any]) -> bool:
    names = {_actor_key(name) for name in claim["source_names"]}
    actor = guess.get("source_actor")
    return overlaps(guess["source"] or "", claim["source"]) or (not pd.isna(actor) and _actor_key(actor) in names)


def _describe(guess: dict[str, Any]) -> str:
    return f"{guess['source']} | {guess['cue']}"


def _articles(predicted: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    return list(pd.unique(pd.concat([gold["article"], predicted["article"]], ignore_index=True)))


def _row(article: str, gold: str | None, predicted: str | None, outcome: str) -> dict[str, Any]:
    return {"article": article, "gold": gold, "predicted": predicted, "outcome": outcome}


def _outcomes(rows: list[dict[str, Any]], *extra: str) -> pd.DataFrame:
    columns = ["article", "gold", "predicted", "outcome", *extra]
    return pd.DataFrame(rows, columns=columns).astype({"article": "string", "gold": "string", "predicted": "string"})


def score(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Count hits, misses and false positives per article and overall; derive precision, recall, F1.

    Returns
    -------
    pandas.DataFrame
        One row per article and a last row whose ``article`` is :data:`ALL` (micro average), with
        ``gold``, ``predicted``, ``hits``, ``precision``, ``recall``, ``f1`` and, when the
        outcomes have ``source_ok``, ``source_accuracy`` (share of hits with the right source).
        A ratio with nothing to count is missing (NaN).
    """
    flags = pd.DataFrame(
        {
            "article": outcomes["article"],
            "hits": outcomes["outcome"] == "hit",
            "misses": outcomes["outcome"] == "miss",
            "false_positives": outcomes["outcome"] == "false positive",
        }
    )
    if "source_ok" in outcomes.columns:
        flags["source_ok"] = outcomes["source_ok"].eq(True)
    counts = flags.groupby("article", sort=False).sum()
    counts.loc[ALL] = counts.sum()
    table = pd.DataFrame(
        {
            "gold": counts["hits"] + counts["misses"],
            "predicted": counts["hits"] + counts["false_positives"],
            "hits": counts["hits"],
        }
    )
    table["precision"] = _ratio(table["hits"], table["predicted"])
    table["recall"] = _ratio(table["hits"], table["gold"])
    table["f1"] = _ratio(2 * table["precision"] * table["recall"], table["precision"] + table["recall"])
    if "source_ok" in counts.columns:
        table["source_accuracy"] = _ratio(counts["source_ok"], counts["hits"])
    return table.rename_axis("article").reset_index()


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator != 0)).astype("float64")


def score_sentences(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Score predicted sentences against gold ones (see :func:`match_sentences` and :func:`score`)."""
    return score(match_sentences(predicted, gold))


def score_actors(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Score predicted actors against gold ones (see :func:`match_actors` and :func:`score`)."""
    return score(match_actors(predicted, gold))


def score_claims(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Score predicted claims against gold ones (see :func:`match_claims` and :func:`score`)."""
    return score(match_claims(predicted, gold))


def meets_targets(overall: pd.DataFrame) -> pd.Series:
    """Tell, per task, whether the overall figures reach :data:`TARGETS` (``overall`` is indexed by task)."""
    return pd.Series(
        {task: all(overall.loc[task, m] >= bar for m, bar in bars.items()) for task, bars in TARGETS.items()},
        name="meets target",
    )

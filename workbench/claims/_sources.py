"""Who a claim's source is: the canonical actor named in it, or the actor a pronoun points back to."""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable

import pandas as pd

PERSON_TYPES = frozenset({"person", "role"})
"""Actor types "he" and "she" may refer to."""
GROUP_TYPES = frozenset({"group", "organization", "organisation", "country", "government", "body", "party"})
"""Actor types "they", "we" and "it" may refer to."""
_ANTECEDENTS = {"he": PERSON_TYPES, "she": PERSON_TYPES, "they": GROUP_TYPES, "we": GROUP_TYPES, "it": GROUP_TYPES}
_LINK = re.compile(r"\s(?:of|in|for|from|at)\s")

Mention = tuple[int, int, str, str]


def _by_article(mentions: pd.DataFrame) -> dict[str, list[Mention]]:
    """Group mentions as ``(start, end, actor, actor_type)`` lists per article, sorted by start."""
    if mentions.empty:
        return {}
    grouped: dict[str, list[Mention]] = {}
    columns = ("article_id", "start", "end", "actor", "actor_type")
    for article, start, end, actor, kind in zip(*(mentions[c].tolist() for c in columns), strict=True):
        grouped.setdefault(article, []).append((int(start), int(end), actor, str(kind).lower()))
    for found in grouped.values():
        found.sort(key=operator.itemgetter(0, 1))  # stable: mentions at one span keep their table order
    return grouped


def _antecedent(mentions: list[Mention], starts: list[int], before: int, kinds: frozenset[str]) -> str | None:
    """Return the actor of the last mention of one of ``kinds`` that ends before ``before``."""
    for _, end, actor, kind in reversed(mentions[: bisect.bisect_left(starts, before)]):
        if end <= before and kind in kinds:
            return actor
    return None


def _named(mentions: list[Mention], starts: list[int], source: str, start: int, end: int) -> str | None:
    """Return the actor named in the source span: the one on its head word, else in its core, else any."""
    inside = [m for m in mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)] if m[1] <= end]
    if not inside:
        return None
    link = _LINK.search(source)
    core_end = start + link.start() if link else end
    head_start = start + source.rfind(" ", 0, core_end - start) + 1
    for chosen in (
        [m for m in inside if m[0] < core_end and m[1] > head_start],
        [m for m in inside if m[1] <= core_end],
        inside,
    ):
        if chosen:
            return max(chosen, key=lambda m: m[1] - m[0])[2]
    return None


def source_actors(
    articles: Iterable[str], sources: Iterable[str], starts: Iterable[int], ends: Iterable[int], mentions: pd.DataFrame
) -> list[str | None]:
    """Resolve each claim source to a canonical actor from ``mentions`` (None when nothing fits).

    A named source takes the actor mentioned on its head word ("Israel's Defense Minister"), else one
    mentioned in its core, else one anywhere in it. A pronoun ("he", "she", "they", "we", "it") takes
    the last person (or group) mentioned before it in the same article.
    """
    grouped = _by_article(mentions)
    positions = {article: [m[0] for m in found] for article, found in grouped.items()}
    resolved: list[str | None] = []
    for article, source, start, end in zip(articles, sources, starts, ends, strict=True):
        found = grouped.get(article)
        if not found:
            resolved.append(None)
            continue
        kinds = _ANTECEDENTS.get(source.lower())
        if kinds is not None:
            resolved.append(_antecedent(found, positions[article], start, kinds))
        else:
            resolved.append(_named(found, positions[article], source, start, end))
    return resolved

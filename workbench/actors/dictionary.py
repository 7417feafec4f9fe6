"""The actor dictionary: who can be named, under which canonical name, type and code.

The shipped dictionary joins three data files in ``workbench/data/``: every country and
territory of ISO 3166 (from pycountry) with our short names, demonyms, aliases and
capitals (``actors_countries.csv``); international organisations, government bodies,
armed groups, places and well-known people (``actors_entities.csv``). It is built once
per process and cached. An analyst's own CSV adds entries or overrides shipped ones.
"""

from __future__ import annotations

import functools
import os
import pathlib
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import pandas as pd

from workbench.actors.candidates import Intervals
from workbench.errors import ActorDictionaryError
from workbench.lexicon import data_table, phrases

REQUIRED_COLUMNS = ("actor", "actor_type", "aliases")
"""Columns an analyst's actor dictionary must have; ``code`` is optional."""


_CAPITALS = re.compile(r"[A-ZÀ-ÖØ-Þ](?<!\w.)[A-ZÀ-ÖØ-Þ]{2,}\b")
"""A word of three or more letters in capitals ("OSLO", "ZÜRICH"; Latin-1 letters). Two letters are
mostly abbreviations and numerals ("XI" of a team sheet is no Xi). A bare class first lets the engine
skip ahead to capitals; the look-behind then asks for the word boundary before the first (a third of
the time of a leading ``\b`` on the test texts of every source)."""


class Entry(NamedTuple):
    """One actor of the dictionary and the names it is written under."""

    actor: str
    actor_type: str
    code: str
    aliases: tuple[str, ...]
    stands_for: str = ""
    """For a capital city: the actor it names as a government ("Beijing" -> "China")."""


class Hit(NamedTuple):
    """A dictionary name found in a text: ``text[start:end]`` is one of ``entry``'s names."""

    start: int
    end: int
    entry: Entry


class ActorDictionary:
    """The actors to match, with a multi-pattern matcher over all their names.

    Entries given later win a name that several entries claim, so an analyst's entries
    override shipped ones. The matcher is built on first use and rebuilt after pickling,
    which keeps the object cheap to send to worker processes.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._by_actor = {entry.actor: entry for entry in self.entries}
        self._automaton = None

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"<ActorDictionary: {len(self.entries):,} actors>"

    def __getstate__(self) -> dict[str, object]:
        return {"entries": self.entries}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["entries"])

    def _matcher(self):
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for entry in self.entries:
                for name in (entry.actor, *entry.aliases):
                    automaton.add_word(name, (len(name), entry))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def hits(self, text: str) -> list[Hit]:
        """Return the names found in ``text``, whole words only, leftmost-longest, not overlapping."""
        found = []
        for last, (length, entry) in self._matcher().iter(text):
            start, end = last + 1 - length, last + 1
            if _whole_word(text, start, end):
                found.append(Hit(start, end, entry))
        found.sort(key=lambda hit: (hit.start, -hit.end))
        kept: list[Hit] = []
        reach = 0
        for hit in found:
            if hit.start >= reach:
                kept.append(hit)
                reach = hit.end
        return kept

    def with_capitals(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Return ``hits`` (of :meth:`hits`) with the names ``text`` writes in capitals that the dictionary knows.

        Datelines and wire headlines write names in capitals ("OSLO, Aug 22 -", "IRAN WARNS
        ISRAEL"); the dictionary holds them as usually written. A word in capitals is read again
        with only its first letter capital (the offsets stay the same); names that only this
        reading finds are added where no name was found.
        """
        if _CAPITALS.search(text) is None:
            return hits
        capitalised = _CAPITALS.sub(lambda word: word.group()[0] + word.group()[1:].lower(), text)
        taken = Intervals((hit.start, hit.end) for hit in hits)
        added = [
            hit
            for hit in self.hits(capitalised)
            if not taken.overlaps(hit.start, hit.end) and _CAPITALS.search(text, hit.start, hit.end)
        ]
        return sorted(hits + added, key=lambda hit: hit.start) if added else hits

    def get(self, actor: str) -> Entry | None:
        """Return the entry whose canonical name is ``actor``, if any."""
        return self._by_actor.get(actor)

    def to_frame(self) -> pd.DataFrame:
        """Return the dictionary as a table: ``actor``, ``actor_type``, ``code``, ``aliases`` (``;``-separated)."""
        return pd.DataFrame(
            [(e.actor, e.actor_type, e.code, "; ".join(e.aliases)) for e in self.entries],
            columns=["actor", "actor_type", "code", "aliases"],
        ).astype("string")

    def extended(self, frame: pd.DataFrame, *, source: str = "<DataFrame>") -> ActorDictionary:
        """Return a new dictionary with the rows of ``frame`` added, or overriding same-named actors.

        A row whose ``actor`` is already known replaces its type and code (when given) and
        adds its aliases to the known ones; any name the row lists now points to it.

        Raises
        ------
        ActorDictionaryError
            Naming ``source``, the row and what is wrong with it.
        """
        known = self._by_actor
        added: dict[str, Entry] = {}
        for entry in _entries_from_frame(frame, source):
            base = added.get(entry.actor) or known.get(entry.actor)
            if base is not None:
                aliases = tuple(dict.fromkeys((*base.aliases, *entry.aliases)))
                entry = entry._replace(code=entry.code or base.code, aliases=aliases, stands_for=base.stands_for)
            added[entry.actor] = entry
        kept = [entry for entry in self.entries if entry.actor not in added]
        return ActorDictionary([*kept, *added.values()])


def _whole_word(text: str, start: int, end: int) -> bool:
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@#"):
        return False
    return end >= len(text) or not (text[end].isalnum() or text[end] == "_")


def _split(cell: object) -> tuple[str, ...]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return ()
    return tuple(part.strip() for part in str(cell).split(";") if part.strip())


def _entries_from_frame(frame: pd.DataFrame, source: str) -> Iterator[Entry]:
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise ActorDictionaryError(
            f"{source}: the actor dictionary lacks the column(s) {missing}; it needs the columns "
            "actor, actor_type, aliases (separated by ';') and optionally code."
        )
    codes = frame["code"] if "code" in frame.columns else pd.Series("", index=frame.index)
    rows = zip(frame["actor"], frame["actor_type"], codes, frame["aliases"], strict=True)
    for number, (actor, actor_type, code, aliases) in enumerate(rows, start=2):
        actor, actor_type = _text(actor), _text(actor_type).lower()
        if not actor:
            raise ActorDictionaryError(f"{source}, row {number}: the actor name is empty; give every row a name.")
        if not actor_type:
            raise ActorDictionaryError(
                f"{source}, row {number} ({actor!r}): actor_type is empty; use e.g. person, country, "
                "organization, government body, armed group, group, location or role."
            )
        yield Entry(actor, actor_type, _text(code).upper(), tuple(a for a in _split(aliases) if a != actor))


def _text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return ""
    return str(cell).strip()


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read an analyst's actor dictionary CSV as text columns, with a clear error when unreadable."""
    path = pathlib.Path(path).expanduser()
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ActorDictionaryError(f"No actor dictionary at {str(path)!r}; check the path.") from None
    except (OSError, UnicodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ActorDictionaryError(
            f"{path}: cannot be read as a CSV actor dictionary ({exc}); save it as UTF-8 CSV with the "
            "columns actor, actor_type, code, aliases."
        ) from None


_PARENTHESES = re.compile(r" \([^)]*\)")


def _plural(demonym: str) -> str | None:
    return demonym + "s" if demonym[-1] in "ino" else None


def _country_entries() -> Iterator[Entry]:
    import pycountry

    overlay = data_table("actors_countries.csv").set_index("code")
    explicit = {
        name for column in ("actor", "demonyms", "aliases") for cell in overlay[column] for name in _split(cell)
    }
    codes = dict.fromkeys([country.alpha_3 for country in pycountry.countries] + list(overlay.index))
    for code in codes:
        country = pycountry.countries.get(alpha_3=code)
        row = overlay.loc[code] if code in overlay.index else pd.Series("", index=overlay.columns)
        official = [getattr(country, key, None) for key in ("common_name", "name", "official_name")] if country else []
        derived = [_PARENTHESES.sub("", name.removeprefix("the ")) for name in official if name and ", " not in name]
        actor = row["actor"] or (derived or [country.name])[0]
        demonyms = _split(row["demonyms"])
        plurals = (_plural(demonym) for demonym in demonyms)
        names = [
            *_split(row["aliases"]),
            *demonyms,
            *(plural for plural in plurals if plural),
            *(name for name in derived if name not in explicit or name == actor),
        ]
        yield Entry(actor, "country", code, tuple(dict.fromkeys(n for n in names if n != actor)))
        for capital in _split(row["capitals"]):
            canonical, *variants = capital.split("/")
            yield Entry(canonical, "location", code, tuple(variants), stands_for=actor)


def _entity_entries() -> Iterator[Entry]:
    frame = data_table("actors_entities.csv")
    for entry, stands_for in zip(_entries_from_frame(frame, "actors_entities.csv"), frame["stands_for"], strict=True):
        yield entry._replace(stands_for=stands_for)


@functools.cache
def shipped() -> ActorDictionary:
    """Return the shipped dictionary, built once per process."""
    return ActorDictionary([*_country_entries(), *_entity_entries()])


@functools.cache
def demonyms() -> frozenset[str]:
    """Return the shipped countries' demonyms and their plurals ("Iranian", "Iranians"): mentions of a country."""
    names = {name for cell in data_table("actors_countries.csv")["demonyms"] for name in _split(cell)}
    return frozenset(names | {plural for plural in map(_plural, names) if plural})


@functools.cache
def given_names() -> frozenset[str]:
    """Return the given names that mark a capitalised pair of words as a person's full name."""
    return frozenset(phrases("given_names.txt"))


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name, or given names joined by hyphens ("Anne-Marie", "Jean-Paul").

    Every part must be one, so "Rolls-Royce" and "Saint-Denis" are not.
    """
    given = given_names()
    return word in given or ("-" in word and all(part in given for part in word.split("-")))


def dictionary_for(extra: str | os.PathLike | pd.DataFrame | ActorDictionary | None = None) -> ActorDictionary | None:
    """Return the dictionary to match: ``None`` for the shipped one, else the shipped one extended by ``extra``.

    Parameters
    ----------
    extra
        The analyst's own actors: a CSV path or a DataFrame with the columns ``actor``,
        ``actor_type``, ``aliases`` (separated by ``;``) and optionally ``code``; or a ready
        :class:`ActorDictionary`.

    Raises
    ------
    ActorDictionaryError
        When the file cannot be read or a row is malformed; the message names the file and row.
    """
    if extra is None or isinstance(extra, ActorDictionary):
        return extra
    if isinstance(extra, pd.DataFrame):
        return shipped().extended(extra)
    return shipped().extended(read_csv(extra), source=str(extra))

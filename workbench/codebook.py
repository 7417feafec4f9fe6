"""Codebooks: the tags an analyst codes sentences with, read from YAML or JSON files.

A codebook file names the codebook and lists its tags in order::

    name: international-news
    tags:
      - name: escalation
        description: A step that widens or intensifies a conflict.
        color: "#cc6677"      # optional, "#rrggbb"; a colour-blind-safe default otherwise
        key: "1"              # optional keyboard shortcut, one character
        group: conflict       # optional, one level of grouping
        keywords: [escalat*]  # optional, suggest the tag; a trailing "*" matches word endings

A malformed file raises :class:`~workbench.errors.CodebookError` naming the file, the tag and
the problem.

Example
-------
>>> from workbench.codebook import Codebook
>>> codebook = Codebook.default()
>>> codebook.tags[:3]
['escalation', 'de-escalation', 'military action']
>>> codebook.suggest("Both sides agreed to a ceasefire on Sunday.")
['de-escalation']
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench._yaml import YamlLimitError, load_bounded
from workbench.errors import CodebookError
from workbench.keywords import Keywords
from workbench.lexicon import data_path

TAG_FIELDS = ("name", "description", "color", "key", "group", "keywords")
"""Fields a tag may have in a codebook file; any other field is an error."""

CODEBOOK_FIELDS = ("name", "description", "tags")
"""Top-level fields of a codebook file."""

PALETTE = ("#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee", "#882255", "#44aa99", "#999933", "#aa4499")
"""Paul Tol's colour-blind-safe "muted" colours, given in turn to tags that name no colour."""

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_YAML_SUFFIXES = (".yaml", ".yml")
MAX_CODEBOOK_CHARS = 4_000_000
"""The longest codebook file read as YAML, in characters: hundreds of tags with long keyword lists take far less."""
MAX_CODEBOOK_DEPTH = 6
"""The deepest nesting read from a codebook file (tags, a tag, its keyword list: three levels)."""


@dataclass(frozen=True)
class Tag:
    """One code of a codebook: what it means, how it looks and which words suggest it."""

    name: str
    description: str = ""
    color: str = PALETTE[0]
    key: str | None = None
    group: str | None = None
    keywords: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the tag as it is written in a codebook file (empty optional fields left out)."""
        out: dict[str, Any] = {"name": self.name, "description": self.description, "color": self.color}
        if self.key is not None:
            out["key"] = self.key
        if self.group is not None:
            out["group"] = self.group
        if self.keywords:
            out["keywords"] = list(self.keywords)
        return out


class Codebook:
    """An ordered set of tags with colours, keys, groups and suggesting keywords.

    Build one with :meth:`default`, :meth:`from_file` or :meth:`from_dict`; a codebook is not
    changed after it is built, and :meth:`hash` identifies its content.
    """

    def __init__(self, name: str, tags: Sequence[Tag], description: str = "") -> None:
        self.name = name
        self.description = description
        self._tags = tuple(tags)
        self._keywords = Keywords({tag.name: tag.keywords for tag in self._tags})

    def __repr__(self) -> str:
        return f"<Codebook {self.name!r}: {len(self._tags)} tags: {', '.join(self.tags)}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Codebook) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.hash())

    # -- building -------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Codebook:
        """Return the default codebook for international news shipped with the workbench."""
        return cls.from_file(data_path("codebook.yaml"))

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> Codebook:
        """Read a codebook from a YAML (``.yaml``, ``.yml``) or JSON file.

        Raises
        ------
        CodebookError
            When the file is missing, cannot be parsed, or describes a malformed codebook;
            the message names the file, the tag and the problem.
        """
        path = pathlib.Path(path).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CodebookError(f"Cannot read the codebook file {str(path)!r}: {error.strerror}.") from None
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(text)
            except ValueError as error:
                raise CodebookError(f"Codebook file {str(path)!r} is not valid JSON: {error}.") from None
        else:
            import yaml

            try:
                data = load_bounded(text, max_chars=MAX_CODEBOOK_CHARS, max_depth=MAX_CODEBOOK_DEPTH)
            except YamlLimitError as error:
                raise CodebookError(f"Codebook file {str(path)!r} is not read: {error}.") from None
            except yaml.YAMLError as error:
                raise CodebookError(f"Codebook file {str(path)!r} is not valid YAML: {error}.") from None
        return cls.from_dict(data, origin=str(path))

    @classmethod
    def from_dict(cls, data: Any, *, origin: str = "<dict>") -> Codebook:
        """Build a codebook from the dict a codebook file holds; ``origin`` names it in errors.

        Raises
        ------
        CodebookError
            Naming ``origin``, the tag and the problem (missing or duplicate name, duplicate
            key, bad colour, unknown field, wrong type).
        """
        where = f"Codebook {origin!r}"
        if not isinstance(data, dict):
            raise CodebookError(f"{where}: expected a mapping with 'name' and 'tags', got {type(data).__name__}.")
        unknown = sorted(set(data) - set(CODEBOOK_FIELDS))
        if unknown:
            raise CodebookError(f"{where}: unknown field(s) {unknown}; a codebook has {list(CODEBOOK_FIELDS)}.")
        name = data.get("name") or pathlib.Path(origin).stem
        entries = data.get("tags")
        if not isinstance(entries, list) or not entries:
            raise CodebookError(f"{where}: 'tags' must be a non-empty list of tags, each with at least a 'name'.")
        tags: list[Tag] = []
        for index, entry in enumerate(entries):
            tags.append(_parse_tag(entry, index, where))
        _check_unique(tags, where)
        return cls(str(name), tags, description=str(data.get("description") or ""))

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook as the plain dict a codebook file holds."""
        return {"name": self.name, "description": self.description, "tags": [tag.to_dict() for tag in self._tags]}

    def to_frame(self) -> pd.DataFrame:
        """Return one row per tag (name, description, color, key, group, keywords), for reading in a notebook."""
        rows = [
            {"name": t.name, "description": t.description, "color": t.color, "key": t.key, "group": t.group,
             "keywords": ", ".join(t.keywords)}
            for t in self._tags
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=["name", "description", "color", "key", "group", "keywords"])

    def to_file(self, path: str | os.PathLike) -> pathlib.Path:
        """Write the codebook to a YAML or JSON file (by its suffix) and return the path."""
        path = pathlib.Path(path).expanduser()
        if path.suffix.lower() == ".json":
            text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        elif path.suffix.lower() in _YAML_SUFFIXES:
            import yaml

            text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)
        else:
            raise CodebookError(f"Cannot write a codebook to {str(path)!r}: use a .yaml, .yml or .json file name.")
        path.write_text(text, encoding="utf-8")
        return path

    def hash(self) -> str:
        """Return the sha256 of the codebook's canonical JSON form, identifying its content."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    # -- looking up -----------------------------------------------------------------------

    @property
    def tags(self) -> list[str]:
        """Tag names, in the codebook's order."""
        return [tag.name for tag in self._tags]

    def tag(self, name: str) -> Tag:
        """Return the tag called ``name``; an unknown name raises :class:`CodebookError`."""
        self.check(name)
        return next(tag for tag in self._tags if tag.name == name)

    @property
    def colors(self) -> dict[str, str]:
        """Colour (``"#rrggbb"``) of each tag, in the codebook's order."""
        return {tag.name: tag.color for tag in self._tags}

    @property
    def groups(self) -> dict[str, list[str]]:
        """Tag names of each group, groups in order of first appearance; ungrouped tags are left out."""
        out: dict[str, list[str]] = {}
        for tag in self._tags:
            if tag.group is not None:
                out.setdefault(tag.group, []).append(tag.name)
        return out

    def tag_for_key(self, key: str) -> str | None:
        """Return the name of the tag bound to keyboard ``key``, or None when no tag uses it."""
        return next((tag.name for tag in self._tags if tag.key is not None and tag.key == key), None)

    def check(self, tag: str) -> str:
        """Return ``tag`` when the codebook has it; otherwise raise a :class:`CodebookError` listing the tags."""
        if isinstance(tag, str) and any(t.name == tag for t in self._tags):
            return tag
        raise CodebookError(
            f"Unknown tag {tag!r}: the codebook {self.name!r} has {', '.join(self.tags)}. "
            "Add it to the codebook file or pick one of these."
        )

    # -- suggesting -----------------------------------------------------------------------

    def suggest(self, text: str) -> list[str]:
        """Return the tags whose keywords occur in ``text`` (whole words, any case), in codebook order."""
        return self._keywords.suggest(text)

    def suggestions(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """Return the suggested tags of many sentences, one row per (sentence, tag).

        See :meth:`workbench.keywords.Keywords.suggestions`: columns ``sentence_id`` and ``tag``,
        in sentence order, then codebook order.
        """
        return self._keywords.suggestions(sentences)


def _parse_tag(entry: Any, index: int, where: str) -> Tag:
    """Check one tag entry of a codebook file and return it as a :class:`Tag`."""
    label = f"tag {index + 1}"
    if isinstance(entry, str):
        entry = {"name": entry}
    if not isinstance(entry, dict):
        raise CodebookError(f"{where}, {label}: expected a mapping with 'name', got {type(entry).__name__}.")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError(f"{where}, {label}: missing 'name'; every tag needs a non-empty name.")
    name = name.strip()
    label = f"tag {name!r}"
    unknown = sorted(set(entry) - set(TAG_FIELDS))
    if unknown:
        raise CodebookError(f"{where}, {label}: unknown field(s) {unknown}; a tag may have {list(TAG_FIELDS)}.")
    color = entry.get("color") or PALETTE[index % len(PALETTE)]
    if not isinstance(color, str) or not _COLOR.fullmatch(color.strip()):
        raise CodebookError(f"{where}, {label}: colour {color!r} is not a hex colour like '#1f77b4'.")
    key = entry.get("key")
    if key is not None:
        key = str(key)
        if len(key) != 1 or key.isspace():
            raise CodebookError(f"{where}, {label}: key {key!r} must be a single character, such as '1' or 'e'.")
    keywords = entry.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    if not isinstance(keywords, list) or not all(isinstance(k, str | int | float) for k in keywords):
        raise CodebookError(f"{where}, {label}: 'keywords' must be a list of words or phrases.")
    group = entry.get("group")
    return Tag(
        name=name,
        description=str(entry.get("description") or ""),
        color=color.strip().lower(),
        key=key,
        group=None if group is None else str(group),
        keywords=tuple(str(k) for k in keywords),
    )


def _check_unique(tags: list[Tag], where: str) -> None:
    """Raise a :class:`CodebookError` for a tag name or key used twice."""
    names: set[str] = set()
    keys: dict[str, str] = {}
    for tag in tags:
        if tag.name in names:
            raise CodebookError(f"{where}, tag {tag.name!r}: duplicate name; each tag name may appear once.")
        names.add(tag.name)
        if tag.key is not None:
            if tag.key in keys:
                raise CodebookError(
                    f"{where}, tag {tag.name!r}: duplicate key {tag.key!r}, already used by tag {keys[tag.key]!r}."
                )
            keys[tag.key] = tag.name

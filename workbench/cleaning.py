"""Text cleaning: small ``str -> str`` rules composed into :func:`clean_text`.

Each rule is a pure function; :func:`clean_text` applies them in order. Page-junk lines are
data (``workbench/data/junk_lines.txt``) that callers extend with their own patterns.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from importlib.resources import files

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INLINE_SPACE = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def unify_line_endings(text: str) -> str:
    r"""Turn ``\r\n``, ``\r`` and Unicode line separators into ``\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def normalise_unicode(text: str) -> str:
    """Compose characters (NFC), so that "é" is one code point whatever the source wrote."""
    return unicodedata.normalize("NFC", text)


def remove_invisible(text: str) -> str:
    """Drop zero-width characters, soft hyphens and stray control characters."""
    return _CONTROL.sub("", _ZERO_WIDTH.sub("", text))


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces, tabs and no-break spaces; trim every line; keep paragraph breaks."""
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


@functools.cache
def default_junk_patterns() -> tuple[str, ...]:
    """Return the shipped page-junk patterns (one regular expression per whole line)."""
    lines = (files("workbench") / "data" / "junk_lines.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


@functools.cache
def _junk_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def drop_junk_lines(text: str, *, junk: Iterable[str] = ()) -> str:
    """Drop lines that are page furniture ("Share.", "Exit mobile version"...), keep the rest.

    ``junk`` adds regular expressions to the shipped ones; each must match a whole line.
    """
    matcher = _junk_matcher(default_junk_patterns() + tuple(junk))
    kept = [line for line in text.split("\n") if not matcher.fullmatch(line.strip())]
    return "\n".join(kept)


def clean_text(text: str, *, junk: Iterable[str] = ()) -> str:
    """Return article text ready for segmenting: normalised, invisible characters and junk removed.

    Curly quotes and dashes are kept as written: they carry meaning for quote detection.
    """
    text = remove_invisible(normalise_unicode(unify_line_endings(text)))
    text = drop_junk_lines(collapse_spaces(text), junk=tuple(junk))
    return collapse_spaces(text)

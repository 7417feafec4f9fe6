"""Turning the bytes of a file into text: BOMs, UTF-8, legacy code pages, binary files.

News files arrive as UTF-8 (with or without a byte-order mark), as Windows-1252 exports from
older databases, as UTF-16 from Windows tools (sometimes without its byte-order mark), now and
then in another code page, and by mistake as PDFs or images renamed to ``.txt``. :func:`decode`
reads them all, refuses what is not text with a message that says so, and prefers Windows-1252
for Western text, where byte-statistics guessers often pick a neighbouring code page and garble
the accents. A stray NUL byte in a text file does not make it binary: the readers report the
record that holds it.
"""

from __future__ import annotations

import codecs
from collections import Counter
from typing import NamedTuple

from workbench.errors import LoadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)."""

_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"SQLite format 3": "an SQLite database",
}
"""Leading bytes of common binary formats that end up renamed to a text extension."""

SNIFF_SIZE = 8192
"""How many leading bytes :func:`sniff_binary` looks at."""
_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 12, 13, 27}))
_CONTROL_SHARE = 0.05
"""Text has next to no control bytes, random or compressed data about 10%: more than this share
of NUL and other control bytes in the first bytes means binary."""

_UTF16_NUL_SHARE = 0.1
"""UTF-16 text of a Latin, Greek, Cyrillic, Hebrew or Arabic alphabet has at least this share of
NUL high bytes (ASCII spaces and punctuation), at one parity only: the other (low) bytes hold
almost no NUL (at most ``_UTF16_STRAY_NUL_SHARE``)."""
_UTF16_STRAY_NUL_SHARE = 0.01
_ONE_ALPHABET_SHARE = 0.9
"""The two most common high bytes of UTF-16 text (NUL and its alphabet's) cover this share of them."""

_SNIFF_TEXT = 65536
_WESTERN_SHARE = 0.3
"""Most letters of Western text are ASCII even in French or German; when more than this share
of letters read as accented Windows-1252 letters, the text is in another script's code page."""

# Windows-1252 leaves five bytes undefined; reading them as Latin-1 keeps every byte decodable.
_CP1252 = {byte: bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xA0)}


class Decoded(NamedTuple):
    """The text of a file, the encoding it was read with, and a note when bytes were replaced."""

    text: str
    encoding: str
    note: str | None = None


def sniff_binary(data: bytes) -> str | None:
    """Return what ``data`` looks like when it is not text (e.g. "a PDF document"), else ``None``."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    head = data[:SNIFF_SIZE]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > _CONTROL_SHARE:
        return "binary data (it contains NUL bytes)" if b"\x00" in head else "binary data (it is full of control bytes)"
    return None


def refuse_binary(data: bytes) -> None:
    """Refuse ``data`` when it looks binary (:func:`sniff_binary`), for readers that parse bytes without decoding them.

    Raises
    ------
    LoadError
        When ``data`` starts as a known binary format does, or is full of control bytes.
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise LoadError(f"looks binary ({kind}), not text; convert it to .txt or move it out of the folder")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """Return ``data`` decoded as UTF-16 when every other byte looks like the high byte of text, else ``None``."""
    head = data[:SNIFF_SIZE]
    if len(head) < 2 or len(data) % 2:
        return None
    for codec, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if _high_bytes_of_text(high) and low.count(0) <= _UTF16_STRAY_NUL_SHARE * len(low):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            unprintable = sum(1 for char in text[: len(head) // 2] if not char.isprintable() and char not in "\n\r\t")
            return Decoded(text, codec) if unprintable <= _UTF16_STRAY_NUL_SHARE * len(head) // 2 else None
    return None


def _high_bytes_of_text(high: bytes) -> bool:
    """Tell whether ``high`` holds the high bytes of UTF-16 text in one alphabet and ASCII.

    ASCII spaces, digits and punctuation have a NUL high byte; the letters of one alphabet share
    one or two high bytes (Latin: NUL, Cyrillic: 0x04, Greek: 0x03...).
    """
    if high.count(0) < _UTF16_NUL_SHARE * len(high):
        return False
    return sum(n for _, n in Counter(high).most_common(2)) >= _ONE_ALPHABET_SHARE * len(high)


def decode(data: bytes) -> Decoded:
    """Decode the bytes of a text file, detecting its encoding.

    Order of trust: a byte-order mark, then UTF-16 without one (NUL bytes at every other
    byte), then strict UTF-8, then UTF-8 with a few damaged bytes (replaced by U+FFFD and
    reported in ``note``), then Windows-1252 (a superset of Latin-1) when it reads as Western
    text, else the code page charset-normalizer finds.

    Raises
    ------
    LoadError
        When the file is empty, holds only white space, or looks binary: control bytes, the
        signature of a binary format, or bytes that read as text in no encoding (most letters
        accented in Windows-1252 and no code page that charset-normalizer finds plausible).
    """
    if not data:
        raise LoadError("empty file (0 bytes); there is no article text to load")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(Decoded(data.decode(encoding, errors="replace"), encoding), len(data))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16, len(data))
    refuse_binary(data)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), len(data))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    valid_multibyte = len(repaired) - len(repaired.encode("ascii", errors="ignore")) - bad
    if valid_multibyte >= bad:
        note = (
            f"{bad} undecodable byte sequence(s) replaced with U+FFFD (first at byte {first_bad}); "
            "the rest loaded. Re-save the file as UTF-8 to fix it"
        )
        return _checked(Decoded(repaired, "utf-8", note), len(data))
    return _checked(_legacy(data), len(data))


def _legacy(data: bytes) -> Decoded:
    western = data.decode("latin-1").translate(_CP1252)
    letters = [char for char in western[:_SNIFF_TEXT] if char.isalpha()]
    foreign = sum(1 for char in letters if char > "\x7f")
    if not letters or foreign / len(letters) <= _WESTERN_SHARE:
        return Decoded(western, "cp1252")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError(
            "looks binary (its bytes read as text in no known encoding), not text; "
            "convert it to .txt in UTF-8 or move it out of the folder"
        )
    return Decoded(str(best), best.encoding)


def _checked(decoded: Decoded, size: int) -> Decoded:
    if not decoded.text.strip():
        raise LoadError(f"only white space ({size} bytes), no article text")
    return decoded

"""Readers for e-mail: one message (``.eml``) or a mailbox of them (``.mbox``), one article per message.

Newsletters and forwarded articles reach analysts by mail. Each message's subject is the title,
its ``Date`` header the date and its sender (the display name, else the address) the author,
unless the text opens with a byline (a forwarded article's writer). The
text is the plain-text part, else the HTML part read as a web page is
(:func:`workbench.readers.html.html_article`). What the writer did not write for this message is
dropped: quoted lines (``>``), the "On ... wrote:" line that introduces them, a forwarded or
replied-to original ("-----Original Message-----") and the signature below a ``--`` line. The
wrapped lines of a plain-text paragraph are joined.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import functools
import mailbox
import pathlib
import re
from collections.abc import Mapping
from email.message import EmailMessage

from workbench._encoding import SNIFF_SIZE, refuse_binary
from workbench.errors import LoadError
from workbench.readers._base import MAX_UNPACKED_SIZE, Found, Record, one_line, read_bytes
from workbench.readers._layout import paragraphs_text
from workbench.readers.html import html_article

_QUOTE_INTRO = re.compile(r"^On\b.{0,300}\bwrote:$|^-{2,}\s*Original Message\s*-{2,}$", re.IGNORECASE)
"""The line that introduces a quoted reply or a replied-to original; it and the rest are dropped."""
_SIGNATURE = re.compile(r"^--\s?$")
"""The signature separator ("-- " by convention, often "--" once trailing spaces are trimmed)."""


def read_eml(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read one e-mail message saved as ``.eml`` as one article; a file of binary bytes is refused."""
    data = read_bytes(path, max_size=MAX_UNPACKED_SIZE)
    refuse_binary(data)
    message = email.message_from_bytes(data, policy=email.policy.default)
    return Found([{**_article(message), "path": str(path)}], [])


def read_mbox(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read an ``.mbox`` mailbox, one article per message; a message without text is a problem, not a failure.

    Raises
    ------
    LoadError
        When the file holds no message, or its first bytes look binary.
    """
    with path.open("rb") as file:
        refuse_binary(file.read(SNIFF_SIZE))
    parse = functools.partial(email.message_from_binary_file, policy=email.policy.default)
    records: list[Record] = []
    problems: list[str] = []
    box = mailbox.mbox(path, factory=parse, create=False)
    try:
        for number, message in enumerate(box, 1):
            try:
                records.append({**_article(message), "path": str(path), "where": f"message {number}"})
            except LoadError as exc:
                problems.append(f"message {number}: {exc}")
    finally:
        box.close()
    if not records and not problems:
        raise LoadError('no messages in the mailbox (an mbox file starts each message with a "From " line)')
    return Found(records, problems)


def _article(message: EmailMessage) -> Record:
    """Return the article fields of one message.

    Raises
    ------
    LoadError
        When the message has neither a plain-text nor an HTML part.
    """
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        content = part.get_content() if part is not None else None
    except (LookupError, ValueError, AttributeError) as exc:
        raise LoadError(f"the message body could not be decoded ({one_line(exc)})") from None
    if not isinstance(content, str):
        raise LoadError("the message has no text or HTML part (only attachments?)")
    text = html_article(content)["text"] if part.get_content_subtype() == "html" else reply_text(content)
    name, address = email.utils.parseaddr(str(message.get("from", "")))
    return {
        "title": _header(message, "subject"),
        "text": text,
        "published": _header(message, "date"),
        "file_author": name or address or None,
    }


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, IndexError):  # a malformed header the policy cannot parse
        return None
    return " ".join(str(value).split()) or None if value is not None else None


def reply_text(text: str) -> str:
    r"""Return what the writer of a plain-text message wrote: no quotes, no replied-to original, no signature.

    Examples
    --------
    >>> reply_text("Talks resumed on\nMonday.\n\nOn Mon, Ana wrote:\n> Any news?\n-- \nBen")
    'Talks resumed on Monday.'
    """
    paragraphs: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if _SIGNATURE.match(line) or _QUOTE_INTRO.match(line.strip()):
            break
        if line.lstrip().startswith(">"):
            continue
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return paragraphs_text(paragraphs)

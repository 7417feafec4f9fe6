"""REFI-QDA projects (``.qdpx``): the tagged corpus as a zip of ``project.qde`` and the article texts.

Each article is a ``TextSource`` whose plain text (``articles.text``, UTF-8) is stored as
``sources/<guid>.txt``; each tag a coder put on a sentence is a ``PlainTextSelection`` over the
sentence's character offsets in that text, made by the coder (a ``User``), holding one
``Coding`` of the tag's ``Code``. Offsets count characters (Unicode code points), as the
standard asks, so ``text[startPosition:endPosition]`` is the sentence.

Reading trusts nothing in the file: members are expanded only within :data:`MAX_MEMBER_BYTES`
each and :data:`MAX_TOTAL_BYTES` in all, offsets must be whole numbers inside their source,
every coding must name a code of the codebook, and each failure is a
:class:`~workbench.errors.LoadError` naming the element.
"""

from __future__ import annotations

import os
import pathlib
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench.errors import CodebookError, LoadError
from workbench.interchange._qdc import (
    PROJECT_NS,
    children,
    code_guid,
    codebook_from_element,
    codes_element,
    describe,
    guid,
    local,
    namespace,
    xml_safe,
)

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore

PROJECT_FILE = "project.qde"
INTERNAL = "internal://"
MAX_MEMBER_BYTES = 64 * 2**20
"""The most bytes :func:`read_qdpx` expands one member of a project to (64 MiB: about 140,000 codings)."""
MAX_TOTAL_BYTES = 256 * 2**20
"""The most bytes :func:`read_qdpx` expands all the members it reads to, together."""


class Project(NamedTuple):
    """What a ``.qdpx`` holds, read back: its codebook, sources and codings.

    ``sources`` has ``source_guid``, ``name`` and ``text``; ``codings`` one row per coded
    selection: ``source_guid``, ``start``, ``end``, ``tag``, ``coder`` and ``text`` (the
    selected characters).
    """

    name: str
    codebook: Codebook
    sources: pd.DataFrame
    codings: pd.DataFrame


def _timestamp(value: pd.Timestamp) -> str:
    """Return a naive-UTC timestamp as an ``xsd:dateTime`` with a ``Z``."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _selections(corpus: Corpus, store: TagStore) -> pd.DataFrame:
    """Return one row per (sentence, tag, coder) in the corpus, with the sentence's article and offsets."""
    tags = store.tags()
    sentences = corpus.sentences[["sentence_id", "article_id", "start", "end"]]
    rows = tags.merge(sentences, on="sentence_id", how="inner")
    left_out = len(tags) - len(rows)
    if left_out:
        warnings.warn(
            f"{left_out} tag(s) in the store are on sentences missing from this corpus and are not in the "
            "project; store.orphans(corpus) lists them.",
            stacklevel=3,
        )
    return rows.sort_values(["article_id", "start", "tag", "coder"], kind="stable")


def _project_element(corpus: Corpus, store: TagStore, name: str) -> tuple[ET.Element, dict[str, str]]:
    """Return the ``Project`` element and the plain text of each source by file name inside the zip."""
    from workbench import __version__

    codebook = store.codebook
    rows = _selections(corpus, store)
    project = ET.Element("Project", {"xmlns": PROJECT_NS, "name": name, "origin": f"workbench {__version__}"})
    users = ET.SubElement(project, "Users")
    user_guid = {coder: guid("user", coder) for coder in sorted(set(rows["coder"]) | {store.coder})}
    for coder, user in user_guid.items():
        ET.SubElement(users, "User", {"guid": user, "name": coder})
    ET.SubElement(project, "CodeBook").append(codes_element(codebook))
    sources = ET.SubElement(project, "Sources")
    texts: dict[str, str] = {}
    by_article = dict(tuple(rows.groupby("article_id", sort=False)))
    for article in corpus.articles.itertuples():
        source_guid = guid("source", str(article.article_id))
        title = "" if pd.isna(article.title) else str(article.title)
        attributes = {
            "guid": source_guid,
            "name": title or str(article.article_id),
            "plainTextPath": f"{INTERNAL}{source_guid}.txt",
        }
        source = ET.SubElement(sources, "TextSource", attributes)
        texts[f"sources/{source_guid}.txt"] = str(article.text)
        for row in by_article.get(article.article_id, pd.DataFrame()).itertuples():
            key = (str(row.sentence_id), str(row.tag), str(row.coder))
            made = {"creatingUser": user_guid[row.coder], "creationDateTime": _timestamp(row.updated_at)}
            selection = ET.SubElement(
                source,
                "PlainTextSelection",
                {"guid": guid("selection", *key), "startPosition": str(row.start), "endPosition": str(row.end), **made},
            )
            coding = ET.SubElement(selection, "Coding", {"guid": guid("coding", *key), **made})
            ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid(codebook, str(row.tag))})
    ET.indent(project)
    return xml_safe(project), texts


def write_qdpx(
    corpus: Corpus, store: TagStore, path: str | os.PathLike, *, name: str | None = None, overwrite: bool = False
) -> pathlib.Path:
    """Write the corpus and every coder's tags as a REFI-QDA project (``.qdpx``); return the path.

    Parameters
    ----------
    corpus
        The articles; each becomes a text source, coded or not.
    store
        The tags (all coders, each a user of the project) and the codebook.
    path
        The ``.qdpx`` file to write.
    name
        The project's name; by default the file name without its suffix.
    overwrite
        Replace an existing file; otherwise :class:`~workbench.errors.ExportError` is raised.

    Tags on sentences missing from ``corpus`` are left out with a warning that says how many.
    Notes and done marks have no counterpart here and are not written.
    """
    from workbench.export.writing import check_free, write_atomic

    path = pathlib.Path(path).expanduser()
    check_free([path], overwrite=overwrite)
    project, texts = _project_element(corpus, store, name or path.stem)
    body = ET.tostring(project, encoding="utf-8", xml_declaration=True)

    def write(part: pathlib.Path) -> None:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(PROJECT_FILE, body)
            for member, text in texts.items():
                archive.writestr(member, text.encode("utf-8"))

    return write_atomic(path, write)


def _error(where: str, problem: str) -> LoadError:
    """Return the LoadError for a project that cannot be read, naming the file and the problem."""
    return LoadError(f"Cannot read the REFI-QDA project {where!r}: {problem}")


class _Members:
    """Reads members of a ``.qdpx`` zip, refusing any whose expanded size would pass the caps, before expanding it.

    A zip declares each member's expanded size, and :mod:`zipfile` stops a member at that size
    (a longer stream fails its CRC), so the caps hold against a header that lies as well.
    """

    def __init__(self, archive: zipfile.ZipFile, where: str, *, max_member_bytes: int, max_total_bytes: int) -> None:
        self.archive = archive
        self.where = where
        self.max_member_bytes = max_member_bytes
        self.max_total_bytes = max_total_bytes
        self.read_bytes = 0

    def has(self, name: str) -> bool:
        """Return True when the zip holds a member called ``name``."""
        return name in self.archive.NameToInfo

    def read(self, name: str) -> bytes:
        """Return a member's bytes; raise a LoadError naming it when missing, encrypted or over a cap."""
        info = self.archive.NameToInfo.get(name)
        if info is None:
            raise _error(self.where, f"it has no {name!r}. Is it a .qdpx file?")
        if info.flag_bits & 0x1:
            raise _error(self.where, f"{name!r} is encrypted; export the project again without a password.")
        advice = "A project this large is unusual and may be a zip bomb; if you trust the file, pass a larger"
        if info.file_size > self.max_member_bytes:
            raise _error(
                self.where,
                f"{name!r} expands to {info.file_size:,} bytes, more than the {self.max_member_bytes:,} bytes "
                f"read_qdpx reads per member (max_member_bytes). {advice} max_member_bytes.",
            )
        if self.read_bytes + info.file_size > self.max_total_bytes:
            raise _error(
                self.where,
                f"with {name!r} its members expand to {self.read_bytes + info.file_size:,} bytes, more than the "
                f"{self.max_total_bytes:,} bytes read_qdpx reads in all (max_total_bytes). {advice} max_total_bytes.",
            )
        with self.archive.open(info) as member:
            data = member.read(info.file_size)
        self.read_bytes += len(data)
        return data


def _source_text(source: ET.Element, members: _Members) -> str:
    """Return a text source's plain text: its ``internal://`` file in the zip, else ``PlainTextContent``."""
    where = source.get("plainTextPath", "")
    member = f"sources/{where.removeprefix(INTERNAL)}"
    if where.startswith(INTERNAL) and members.has(member):
        try:
            return members.read(member).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _error(
                members.where,
                f"the text of {describe(source)}, {member!r}, is not UTF-8 ({error.reason} at byte {error.start}). "
                "REFI-QDA stores plain text as UTF-8: export the project again from the tool that made it.",
            ) from None
    content = children(source, "PlainTextContent")
    if content:
        return content[0].text or ""
    raise _error(members.where, f"{describe(source)} has no plain text in the project: {where!r} is missing.")


def _guid_key(value: str | None) -> str:
    """Return a GUID as compared: without braces, upper case (tools write both forms)."""
    return (value or "").strip().strip("{}").upper()


def _position(selection: ET.Element, attribute: str, source: ET.Element, where: str, length: int) -> int:
    """Return a selection's start or end offset, checked to be a whole number inside the source's text."""
    value = selection.get(attribute)
    place = f"{describe(selection)} in {describe(source)}"
    try:
        position = int(value)
    except (TypeError, ValueError):
        raise _error(where, f"{place}: {attribute} {value!r} is not a whole number of characters.") from None
    if not 0 <= position <= length:
        raise _error(where, f"{place}: {attribute} {position} lies outside the source's {length:,} characters.")
    return position


def _codings(
    source: ET.Element, text: str, code_names: dict[str, str], users: dict[str, str], where: str
) -> list[tuple]:
    """Return one row per coding of a source's text selections, each offset and code checked."""
    rows = []
    for selection in children(source, "PlainTextSelection"):
        start = _position(selection, "startPosition", source, where, len(text))
        end = _position(selection, "endPosition", source, where, len(text))
        if start > end:
            raise _error(
                where, f"{describe(selection)} in {describe(source)}: startPosition {start} is after endPosition {end}."
            )
        for coding in children(selection, "Coding"):
            references = children(coding, "CodeRef")
            if not references:
                raise _error(
                    where, f"{describe(coding)} in {describe(source)} has no <CodeRef>; a coding names its code."
                )
            target = _guid_key(references[0].get("targetGUID"))
            if target not in code_names:
                raise _error(
                    where, f"{describe(references[0])} in {describe(source)} names no <Code> of the project's codebook."
                )
            user = _guid_key(coding.get("creatingUser") or selection.get("creatingUser"))
            rows.append((source.get("guid"), start, end, code_names[target], users.get(user), text[start:end]))
    return rows


def _codebook(root: ET.Element, where: str) -> Codebook:
    """Return the project's codebook; a missing or malformed one is a LoadError."""
    books = children(root, "CodeBook")
    if not books:
        raise _error(
            where, "its <Project> has no <CodeBook>, so its codings name unknown codes. Export it with its codebook."
        )
    try:
        return codebook_from_element(books[0], name=root.get("name") or pathlib.Path(where).stem, origin=where)
    except CodebookError as error:
        raise _error(where, str(error)) from None


def read_qdpx(
    path: str | os.PathLike, *, max_member_bytes: int = MAX_MEMBER_BYTES, max_total_bytes: int = MAX_TOTAL_BYTES
) -> Project:
    """Read a ``.qdpx`` project's codebook, text sources and coded text selections.

    Parameters
    ----------
    path
        The ``.qdpx`` file.
    max_member_bytes, max_total_bytes
        The most bytes one member of the zip (``project.qde``, a source's text) and all the
        members read may expand to: a small zip can expand to gigabytes, so larger ones are
        refused before they are expanded. Raise them for a trusted, unusually large project.

    Raises
    ------
    LoadError
        When the file is not a zip with a ``project.qde`` in the QDA-XML project namespace,
        a member passes a cap, or an element is malformed: an offset that is not a whole number
        or lies outside its source, a coding without a ``CodeRef`` or naming an unknown code,
        a missing or malformed ``CodeBook``, a source that is not UTF-8. The message names
        the element.
    """
    path = pathlib.Path(path).expanduser()
    where = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = _Members(archive, where, max_member_bytes=max_member_bytes, max_total_bytes=max_total_bytes)
            root = ET.fromstring(members.read(PROJECT_FILE))
            if local(root.tag) != "Project" or namespace(root.tag) not in (PROJECT_NS, ""):
                raise LoadError(f"{where!r} holds no QDA-XML <Project>: its root is {root.tag!r}.")
            sources_element = children(root, "Sources")
            text_sources = children(sources_element[0], "TextSource") if sources_element else []
            texts = [_source_text(source, members) for source in text_sources]
    except (OSError, EOFError, zlib.error, NotImplementedError, zipfile.BadZipFile, ET.ParseError) as error:
        raise _error(where, f"{error}. Is it a .qdpx file?") from None
    codebook = _codebook(root, where)
    code_names = {
        _guid_key(code.get("guid")): code.get("name", "") for code in root.iter() if local(code.tag) == "Code"
    }
    users = {
        _guid_key(user.get("guid")): user.get("name", "")
        for users in children(root, "Users")
        for user in children(users, "User")
    }
    rows = [
        row
        for source, text in zip(text_sources, texts, strict=True)
        for row in _codings(source, text, code_names, users, where)
    ]
    sources = pd.DataFrame(
        {
            "source_guid": [source.get("guid") for source in text_sources],
            "name": [source.get("name") for source in text_sources],
            "text": texts,
        }
    )
    codings = pd.DataFrame(rows, columns=["source_guid", "start", "end", "tag", "coder", "text"])
    return Project(
        root.get("name") or path.stem,
        codebook,
        sources.astype("string"),
        codings.astype({"start": "int64", "end": "int64"}),
    )

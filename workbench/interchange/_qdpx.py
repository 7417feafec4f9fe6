"""REFI-QDA projects (``.qdpx``): the tagged corpus as a zip of ``project.qde`` and the article texts.

Each article is a ``TextSource`` whose plain text (``articles.text``, UTF-8) is stored as
``sources/<guid>.txt``; each tag a coder put on a sentence is a ``PlainTextSelection`` over the
sentence's character offsets in that text, made by the coder (a ``User``), holding one
``Coding`` of the tag's ``Code``. Offsets count characters (Unicode code points), as the
standard asks, so ``text[startPosition:endPosition]`` is the sentence.
"""

from __future__ import annotations

import os
import pathlib
import warnings
import xml.etree.ElementTree as ET
import zipfile
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench.errors import LoadError
from workbench.interchange._qdc import (
    PROJECT_NS,
    children,
    code_guid,
    codebook_from_element,
    codes_element,
    guid,
    local,
    namespace,
)

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore

PROJECT_FILE = "project.qde"
INTERNAL = "internal://"


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
    return project, texts


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


def _source_text(source: ET.Element, archive: zipfile.ZipFile) -> str:
    """Return a text source's plain text: its ``internal://`` file in the zip, else ``PlainTextContent``."""
    where = source.get("plainTextPath", "")
    if where.startswith(INTERNAL):
        member = f"sources/{where.removeprefix(INTERNAL)}"
        if member in archive.namelist():
            return archive.read(member).decode("utf-8-sig")
    content = children(source, "PlainTextContent")
    if content:
        return content[0].text or ""
    raise LoadError(f"Text source {source.get('name')!r} has no plain text in the project: {where!r} is missing.")


def read_qdpx(path: str | os.PathLike) -> Project:
    """Read a ``.qdpx`` project's codebook, text sources and coded text selections.

    Raises
    ------
    LoadError
        When the file is not a zip with a ``project.qde`` in the QDA-XML project namespace.
    """
    path = pathlib.Path(path).expanduser()
    try:
        with zipfile.ZipFile(path) as archive:
            root = ET.fromstring(archive.read(PROJECT_FILE))
            if local(root.tag) != "Project" or namespace(root.tag) not in (PROJECT_NS, ""):
                raise LoadError(f"{str(path)!r} holds no QDA-XML <Project>: its root is {root.tag!r}.")
            sources_element = children(root, "Sources")
            text_sources = children(sources_element[0], "TextSource") if sources_element else []
            texts = {source.get("guid", ""): _source_text(source, archive) for source in text_sources}
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError) as error:
        raise LoadError(f"Cannot read the REFI-QDA project {str(path)!r}: {error}. Is it a .qdpx file?") from None
    name = root.get("name") or path.stem
    codebook = codebook_from_element(children(root, "CodeBook")[0], name=name, origin=str(path))
    code_names = {
        code.get("guid", "").upper(): code.get("name", "") for code in root.iter() if local(code.tag) == "Code"
    }
    users_element = children(root, "Users")
    users = {
        user.get("guid", "").upper(): user.get("name", "")
        for users in users_element
        for user in children(users, "User")
    }
    rows = []
    for source in text_sources:
        text = texts[source.get("guid", "")]
        for selection in children(source, "PlainTextSelection"):
            start, end = int(selection.get("startPosition", 0)), int(selection.get("endPosition", 0))
            for coding in children(selection, "Coding"):
                target = children(coding, "CodeRef")[0].get("targetGUID", "").upper()
                user = (coding.get("creatingUser") or selection.get("creatingUser") or "").upper()
                rows.append((source.get("guid"), start, end, code_names.get(target), users.get(user), text[start:end]))
    sources = pd.DataFrame(
        {
            "source_guid": [source.get("guid") for source in text_sources],
            "name": [source.get("name") for source in text_sources],
            "text": list(texts.values()),
        }
    )
    codings = pd.DataFrame(rows, columns=["source_guid", "start", "end", "tag", "coder", "text"])
    return Project(name, codebook, sources.astype("string"), codings.astype({"start": "int64", "end": "int64"}))

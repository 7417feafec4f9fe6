"""REFI-QDA codebooks (``.qdc``): workbench codebooks as QDA-XML ``Codes`` and back.

A tag becomes a codable ``Code`` with its colour and a ``Description``; a group becomes a parent
``Code`` (not codable) holding its tags, one level deep. GUIDs are derived from the codebook's
name and the tag's name (UUID 5, upper case as REFI tools write them), so exporting the same
codebook twice gives the same file and tools can match codes across exports.

Names and descriptions lose the characters XML 1.0 cannot hold, even escaped (C0 controls but
tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates), so what is written reads
back. A codebook file comes from elsewhere and is read with limits: a file over
:data:`MAX_QDC_BYTES` is refused before it is opened, and parsing stops at the first code past
:data:`MAX_CODES` or nested deeper than :data:`MAX_CODE_DEPTH` levels.
"""

from __future__ import annotations

import os
import pathlib
import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from workbench.codebook import Codebook
from workbench.errors import CodebookError

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
"""The namespace of ``.qdc`` files, exactly as the REFI-QDA codebook standard gives it."""
PROJECT_NS = "urn:QDA-XML:project:1.0"
"""The namespace of ``project.qde`` inside a ``.qdpx`` project."""
ACCEPTED_NAMESPACES = frozenset({CODEBOOK_NS, "urn:QDA-XML:codebook:1:0", PROJECT_NS, ""})
"""Namespaces a codebook is read from: the standard's, the misspelt one some tools write, a project's, none."""

MAX_CODE_DEPTH = 100
"""How deep codes may nest; REFI-QDA tools use a few levels, and deeper files are refused, not recursed into."""

MAX_CODES = 10_000
"""The most codes a codebook may hold; REFI-QDA codebooks hold tens to hundreds, and a larger one is refused."""

MAX_QDC_BYTES = 64 * 2**20
"""The most bytes :func:`read_qdc` reads a ``.qdc`` file of (64 MiB), as :func:`read_qdpx` caps a project's members."""

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters an XML 1.0 document cannot contain, not even as character references."""

_GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "urn:workbench:refi-qda")


def guid(*parts: str) -> str:
    """Return a deterministic upper-case GUID for an object named by ``parts`` (kind, codebook, name...)."""
    return str(uuid.uuid5(_GUID_ROOT, "\x1f".join(parts))).upper()


def code_guid(codebook: Codebook, tag: str) -> str:
    """Return the GUID of a tag's ``Code`` (the same in ``.qdc`` and ``.qdpx`` exports)."""
    return guid("code", codebook.name, tag)


def local(tag: str) -> str:
    """Return an element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """Return an element's namespace (``""`` when it has none)."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def describe(element: ET.Element) -> str:
    """Return an element as a message names it: ``<Code name='Attack'>``, by name, else GUID or target GUID."""
    for attribute in ("name", "guid", "targetGUID"):
        value = element.get(attribute)
        if value is not None:
            shown = value if len(value) <= 60 else value[:60] + "..."
            return f"<{local(element.tag)} {attribute}={shown!r}>"
    return f"<{local(element.tag)}>"


def xml_safe(tree: ET.Element) -> ET.Element:
    """Strip the characters XML cannot hold from every attribute and text of ``tree`` (in place); return it."""
    for element in tree.iter():
        for attribute, value in element.attrib.items():
            element.set(attribute, XML_ILLEGAL.sub("", value))
        if element.text:
            element.text = XML_ILLEGAL.sub("", element.text)
        if element.tail:
            element.tail = XML_ILLEGAL.sub("", element.tail)
    return tree


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """Return the child elements called ``name``, whatever their namespace."""
    return [child for child in element if local(child.tag) == name]


def codes_element(codebook: Codebook) -> ET.Element:
    """Return the ``Codes`` element of ``codebook``, unqualified for its root's namespace: groups hold their tags."""
    codes = ET.Element("Codes")
    parents: dict[str, ET.Element] = {}
    for name in codebook.tags:
        tag = codebook.tag(name)
        holder = codes
        if tag.group is not None:
            if tag.group not in parents:
                attributes = {"guid": guid("group", codebook.name, tag.group), "name": tag.group, "isCodable": "false"}
                parents[tag.group] = ET.SubElement(codes, "Code", attributes)
            holder = parents[tag.group]
        attributes = {"guid": code_guid(codebook, name), "name": name, "isCodable": "true", "color": tag.color.upper()}
        code = ET.SubElement(holder, "Code", attributes)
        ET.SubElement(code, "Description").text = tag.description
    return codes


def to_qdc(codebook: Codebook) -> bytes:
    """Return ``codebook`` as the UTF-8 bytes of a ``.qdc`` file (root ``CodeBook`` in :data:`CODEBOOK_NS`)."""
    from workbench import __version__

    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"workbench {__version__}"})
    root.append(codes_element(codebook))
    ET.indent(root)
    return ET.tostring(xml_safe(root), encoding="utf-8", xml_declaration=True)


def write_qdc(codebook: Codebook, path: str | os.PathLike) -> pathlib.Path:
    """Write ``codebook`` as a REFI-QDA ``.qdc`` file for QualCoder, ATLAS.ti, MAXQDA or NVivo; return the path.

    Keyboard keys and suggesting keywords have no place in the format and are left out;
    characters XML cannot hold are stripped from names and descriptions.
    """
    path = pathlib.Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_qdc(codebook))
    return path


def _color(value: str | None) -> str | None:
    """Return a ``#rrggbb`` colour from a QDA-XML one (``#RGB`` or ``#RRGGBB``), or None when absent."""
    if not value:
        return None
    digits = value.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return f"#{digits.lower()}"


def _description(code: ET.Element) -> str:
    found = children(code, "Description")
    return (found[0].text or "").strip() if found else ""


def _too_deep(element: ET.Element) -> str:
    return (
        f"{describe(element)} is nested more than {MAX_CODE_DEPTH} levels deep; the workbench reads codes up to "
        f"{MAX_CODE_DEPTH} levels. Flatten the codebook in the tool that made it."
    )


def _entries(code: ET.Element, group: str | None, depth: int = 0) -> list[dict[str, Any]]:
    """Return the tag entries of a code and the codes below it; nested codes take the top code's name as group."""
    if depth >= MAX_CODE_DEPTH:
        raise CodebookError(_too_deep(code))
    nested = children(code, "Code")
    name = code.get("name", "")
    entries = []
    if code.get("isCodable", "true").strip().lower() in ("true", "1") or not nested:
        entry = {"name": name, "description": _description(code), "color": _color(code.get("color"))}
        if group is not None or nested:
            entry["group"] = group if group is not None else name
        entries.append({key: value for key, value in entry.items() if value is not None})
    for child in nested:
        entries.extend(_entries(child, group if group is not None else name, depth + 1))
    return entries


def codebook_from_element(element: ET.Element, *, name: str, origin: str) -> Codebook:
    """Build a :class:`Codebook` from a ``CodeBook`` element (of a ``.qdc`` or a project).

    Top-level codes with codes below them become groups (deeper levels join their top-level
    code's group); a parent code that is itself codable becomes a tag of its own group.
    """
    count = sum(1 for code in element.iter() if local(code.tag) == "Code")
    if count > MAX_CODES:
        raise CodebookError(_too_many(origin))
    codes = children(element, "Codes")
    tops = children(codes[0], "Code") if codes else []
    if not tops:
        raise CodebookError(f"Codebook {origin!r} has no <Codes>/<Code> elements: is it a REFI-QDA codebook?")
    try:
        entries = [entry for top in tops for entry in _entries(top, None)]
    except CodebookError as error:
        raise CodebookError(f"Codebook {origin!r}: {error}") from None
    return Codebook.from_dict({"name": name, "tags": entries}, origin=origin)


def _too_many(origin: str) -> str:
    return (
        f"Codebook {origin!r} holds more than {MAX_CODES:,} codes, more than the workbench reads: is it a "
        "codebook? Export the codes you tag with as a smaller codebook."
    )


def _parse(path: pathlib.Path, where: str) -> ET.Element:
    """Parse the file at ``path``, stopping at the first code past :data:`MAX_CODES` or nested too deep.

    Each element is counted as the parser meets it, so a file of a million codes is refused after
    the first ten thousand, never built whole.
    """
    depth, codes, root = 0, 0, None
    for event, element in ET.iterparse(path, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        root = element if root is None else root
        depth += 1
        code = local(element.tag) == "Code"
        codes += code
        if codes > MAX_CODES:
            raise CodebookError(_too_many(where))
        if depth > MAX_CODE_DEPTH + 2 + (not code):  # the root and <Codes> above the codes; a <Description> below
            raise CodebookError(f"Codebook {where!r}: {_too_deep(element)}")
    if root is None:
        raise ET.ParseError("no element found")
    return root


def read_qdc(path: str | os.PathLike, *, name: str | None = None, max_bytes: int = MAX_QDC_BYTES) -> Codebook:
    """Read a ``.qdc`` codebook written by a REFI-QDA tool into a workbench :class:`Codebook`.

    Parameters
    ----------
    path
        The ``.qdc`` file. The misspelt namespace ``urn:QDA-XML:codebook:1:0`` that some
        tools write is accepted, as are files without a namespace.
    name
        The codebook's name; by default the file name without its suffix.
    max_bytes
        The largest file read (:data:`MAX_QDC_BYTES`); raise it for a trusted, unusually large codebook.

    Raises
    ------
    CodebookError
        When the file cannot be read or parsed, is larger than ``max_bytes``, is not a codebook,
        names a code twice, holds more than :data:`MAX_CODES` codes or nests codes more than
        :data:`MAX_CODE_DEPTH` levels deep.
    """
    path = pathlib.Path(path).expanduser()
    where = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CodebookError(
                f"Codebook file {where!r} holds {size:,} bytes, more than a codebook is read of ({max_bytes:,}): "
                "is it a codebook? For a trusted file, pass a larger max_bytes to read_qdc."
            )
        root = _parse(path, where)
    except OSError as error:
        raise CodebookError(f"Cannot read the codebook file {where!r}: {error.strerror}.") from None
    except ET.ParseError as error:
        raise CodebookError(f"Codebook file {where!r} is not valid XML: {error}.") from None
    if local(root.tag) != "CodeBook" or namespace(root.tag) not in ACCEPTED_NAMESPACES:
        raise CodebookError(
            f"{where!r} is not a REFI-QDA codebook: its root is {root.tag!r}, expected "
            f"<CodeBook xmlns={CODEBOOK_NS!r}>. Export the codebook from your tool as .qdc."
        )
    return codebook_from_element(root, name=name or path.stem, origin=where)

"""REFI-QDA interchange: .qdc codebooks and .qdpx projects, validated against the vendored schema."""

from __future__ import annotations

import doctest
import pathlib
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile

import pytest
import xmlschema

import workbench
from workbench import interchange
from workbench.codebook import Codebook, Tag
from workbench.errors import CodebookError, ExportError, LoadError
from workbench.interchange import CODEBOOK_NS, PROJECT_NS, read_qdc, read_qdpx, to_qdc, write_qdc, write_qdpx

SCHEMA_PATH = pathlib.Path(__file__).parent / "data" / "refi" / "Project.xsd"
GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
MIXED = Codebook(
    "mixed",
    [
        Tag("alpha", "First & <best>", "#112233", key="a", group="g1", keywords=("alph*",)),
        Tag("beta", "", "#445566", group="g1"),
        Tag("gamma", "Ungrouped tag.", "#778899"),
        Tag("delta", "Ünïcode description", "#aabbcc", group="g2"),
    ],
)
FOREIGN_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="Another tool">
  <Codes>
    <Code guid="{00000000-0000-0000-0000-000000000001}" name="Conflict" isCodable="true" color="#F00">
      <Description>Parent that is also a code</Description>
      <Code guid="00000000-0000-0000-0000-000000000002" name="Attack" isCodable="true" color="#00FF00">
        <Code guid="00000000-0000-0000-0000-000000000003" name="Air strike" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="00000000-0000-0000-0000-000000000004" name="Peace" isCodable="true" color="#0000ff">
      <Description>Talks and truces</Description>
    </Code>
  </Codes>
  <Sets>
    <Set guid="00000000-0000-0000-0000-000000000005" name="A set">
      <MemberCode targetGUID="00000000-0000-0000-0000-000000000004"/>
    </Set>
  </Sets>
</CodeBook>
"""


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMA_PATH)


def _interchanged(codebook: Codebook) -> list[dict]:
    """The fields REFI-QDA carries: names, descriptions, colours and groups, in order."""
    return [{"name": t.name, "description": t.description, "color": t.color, "group": t.group} for t in codebook._tags]


# -- .qdc ----------------------------------------------------------------------------------


def test_qdc_root_codes_and_fields() -> None:
    root = ET.fromstring(to_qdc(MIXED))
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook" and CODEBOOK_NS == "urn:QDA-XML:codebook:1.0"
    codes = root.find(f"{{{CODEBOOK_NS}}}Codes")
    tops = list(codes)
    assert [(c.get("name"), c.get("isCodable")) for c in tops] == [("g1", "false"), ("gamma", "true"), ("g2", "false")]
    alpha = tops[0][0]
    assert alpha.attrib == {
        "guid": alpha.get("guid"),
        "name": "alpha",
        "isCodable": "true",
        "color": "#112233",
    }
    assert alpha.find(f"{{{CODEBOOK_NS}}}Description").text == "First & <best>"
    assert [child.get("name") for child in tops[0]] == ["alpha", "beta"]
    assert root.find(f"{{{CODEBOOK_NS}}}Sets") is None


def test_qdc_guids_are_upper_case_deterministic_and_distinct() -> None:
    guids = [code.get("guid") for code in ET.fromstring(to_qdc(MIXED)).iter(f"{{{CODEBOOK_NS}}}Code")]
    assert all(GUID.fullmatch(g) for g in guids)
    assert uuid.UUID(guids[1]).version == 5
    assert len(set(guids)) == len(guids) == 6
    assert to_qdc(MIXED) == to_qdc(MIXED)
    renamed = Codebook("other", MIXED._tags)
    assert set(guids).isdisjoint(code.get("guid") for code in ET.fromstring(to_qdc(renamed)).iter())


@pytest.mark.parametrize("codebook", [MIXED, Codebook.default()], ids=["mixed", "default"])
def test_qdc_codes_validate_against_the_project_schema(codebook: Codebook, schema: xmlschema.XMLSchema) -> None:
    codes = ET.fromstring(to_qdc(codebook)).find(f"{{{CODEBOOK_NS}}}Codes")
    for element in codes.iter():
        element.tag = f"{{{PROJECT_NS}}}{element.tag.rsplit('}', 1)[-1]}"
    project = ET.Element(f"{{{PROJECT_NS}}}Project", {"name": "wrapper"})
    ET.SubElement(project, f"{{{PROJECT_NS}}}CodeBook").append(codes)
    schema.validate(ET.tostring(project, encoding="unicode"))


@pytest.mark.parametrize("codebook", [MIXED, Codebook.default()], ids=["mixed", "default"])
def test_qdc_round_trip_keeps_names_colours_descriptions_and_groups(codebook: Codebook, tmp_path) -> None:
    back = read_qdc(write_qdc(codebook, tmp_path / f"{codebook.name}.qdc"))
    assert back.name == codebook.name
    assert _interchanged(back) == _interchanged(codebook)


def test_read_foreign_qdc_with_misspelt_namespace(tmp_path) -> None:
    path = tmp_path / "foreign.qdc"
    path.write_text(FOREIGN_QDC, encoding="utf-8")
    codebook = read_qdc(path, name="imported")
    assert codebook.name == "imported"
    assert codebook.tags == ["Conflict", "Attack", "Air strike", "Peace"]
    assert codebook.groups == {"Conflict": ["Conflict", "Attack", "Air strike"]}
    assert codebook.tag("Peace").group is None
    assert codebook.colors["Conflict"] == "#ff0000"
    assert codebook.colors["Peace"] == "#0000ff"
    assert codebook.tag("Peace").description == "Talks and truces"


@pytest.mark.parametrize(
    "text, message",
    [
        ("<CodeBook", "is not valid XML"),
        ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "is not a REFI-QDA codebook"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "has no <Codes>/<Code> elements"),
        (
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{0}" name="a" isCodable="true"/>'
            '<Code guid="{0}" name="a" isCodable="true"/></Codes></CodeBook>',
            "duplicate name",
        ),
    ],
    ids=["not xml", "wrong root", "no codes", "duplicate"],
)
def test_malformed_qdc_is_refused(text: str, message: str, tmp_path) -> None:
    path = tmp_path / "bad.qdc"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=message):
        read_qdc(path)


# -- .qdpx ---------------------------------------------------------------------------------


@pytest.fixture
def unicode_corpus() -> workbench.Corpus:
    return workbench.load_text(
        "Café talks in Zürich 😀 began on Monday.\n\nIran warned Israel. Talks go on.", title="Ü"
    )


@pytest.fixture
def project_store(unicode_corpus: workbench.Corpus):
    s = unicode_corpus.sentences["sentence_id"].tolist()
    store = workbench.TagStore(memory=True, coder="ana")
    store.add(s[0], "diplomacy")
    store.add(s[1], "threat or warning")
    store.coder = "ben"
    store.add(s[1], "threat or warning")
    store.add(s[1], "escalation")
    yield store
    store.close()


def test_qdpx_project_validates_and_offsets_line_up(unicode_corpus, project_store, tmp_path, schema) -> None:
    path = write_qdpx(unicode_corpus, project_store, tmp_path / "team.qdpx")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde")
        schema.validate(qde.decode("utf-8"))
        root = ET.fromstring(qde)
        assert root.tag == f"{{{PROJECT_NS}}}Project"
        ns = {"q": PROJECT_NS}
        assert [u.get("name") for u in root.findall("q:Users/q:User", ns)] == ["ana", "ben"]
        (source,) = root.findall("q:Sources/q:TextSource", ns)
        source_guid = source.get("guid")
        assert source.get("plainTextPath") == f"internal://{source_guid}.txt"
        text = archive.read(f"sources/{source_guid}.txt").decode("utf-8")
    assert text == unicode_corpus.articles["text"].iloc[0]
    sentences = set(unicode_corpus.sentences["text"])
    selections = source.findall("q:PlainTextSelection", ns)
    assert len(selections) == 4
    for selection in selections:
        assert text[int(selection.get("startPosition")) : int(selection.get("endPosition"))] in sentences
        assert selection.find("q:Coding/q:CodeRef", ns).get("targetGUID")


def test_qdpx_read_back_gives_the_same_tags_and_offsets(unicode_corpus, project_store, tmp_path) -> None:
    project = read_qdpx(write_qdpx(unicode_corpus, project_store, tmp_path / "team.qdpx"))
    assert project.name == "team"
    assert _interchanged(project.codebook) == _interchanged(project_store.codebook)
    sentences = unicode_corpus.sentences.set_index("sentence_id")
    expected = sorted(
        (int(sentences.at[row.sentence_id, "start"]), int(sentences.at[row.sentence_id, "end"]), row.tag, row.coder)
        for row in project_store.tags().itertuples()
    )
    got = sorted(project.codings[["start", "end", "tag", "coder"]].itertuples(index=False, name=None))
    assert got == expected
    assert set(project.codings["text"]) <= set(unicode_corpus.sentences["text"])
    assert project.sources["name"].tolist() == ["Ü"]


def test_qdpx_refuses_to_overwrite_and_warns_about_orphans(unicode_corpus, project_store, tmp_path) -> None:
    path = write_qdpx(unicode_corpus, project_store, tmp_path / "team.qdpx")
    with pytest.raises(ExportError, match="overwrite=True"):
        write_qdpx(unicode_corpus, project_store, path)
    project_store.add("gone", "diplomacy")
    with pytest.warns(UserWarning, match="1 tag\\(s\\) in the store are on sentences missing"):
        write_qdpx(unicode_corpus, project_store, path, overwrite=True)


def test_read_qdpx_refuses_other_files(tmp_path) -> None:
    path = tmp_path / "not.qdpx"
    path.write_text("plain text", encoding="utf-8")
    with pytest.raises(LoadError, match=r"Is it a \.qdpx file"):
        read_qdpx(path)


def test_docstring_examples_run() -> None:
    result = doctest.testmod(interchange)
    assert result.attempted > 0 and result.failed == 0

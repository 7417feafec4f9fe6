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


# -- hostile projects ----------------------------------------------------------------------

SOURCE_TEXT = "Iran warned Israel."
CODE = '<Code guid="C0DE0000-0000-0000-0000-000000000001" name="escalation" isCodable="true"/>'
CODE_REF = '<CodeRef targetGUID="C0DE0000-0000-0000-0000-000000000001"/>'


def _qde(
    *,
    start: str = "0",
    end: str = "4",
    code_ref: str = CODE_REF,
    codes: str = CODE,
    codebook: bool = True,
    name: str = "Talks",
) -> str:
    """A small project.qde: one user, one code, one source with one coded selection; parts can be spoilt."""
    book = f"<CodeBook><Codes>{codes}</Codes></CodeBook>" if codebook else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="hostile">
  <Users><User guid="05E40000-0000-0000-0000-000000000001" name="ana"/></Users>
  {book}
  <Sources>
    <TextSource guid="50DE0000-0000-0000-0000-000000000001" name="{name}" plainTextPath="internal://source.txt">
      <PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000001" startPosition="{start}" endPosition="{end}"
          creatingUser="05E40000-0000-0000-0000-000000000001">
        <Coding guid="C0D10000-0000-0000-0000-000000000001">{code_ref}</Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""


def _project(path: pathlib.Path, qde: str, source: bytes = SOURCE_TEXT.encode("utf-8")) -> pathlib.Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        archive.writestr("sources/source.txt", source)
    return path


def test_a_small_hand_made_project_reads(tmp_path) -> None:
    """The template the hostile cases spoil is itself a readable project."""
    project = read_qdpx(_project(tmp_path / "ok.qdpx", _qde()))
    got = project.codings[["start", "end", "tag", "coder", "text"]].values.tolist()
    assert got == [[0, 4, "escalation", "ana", "Iran"]]


def _deep_codes(depth: int) -> str:
    opening = "".join(f'<Code guid="D{i:07d}-0000-0000-0000-000000000000" name="c{i}">' for i in range(depth))
    return opening + "</Code>" * depth


@pytest.mark.parametrize(
    "qde, source, message",
    [
        (
            _qde(start="abc"),
            None,
            r"<PlainTextSelection guid='5E1E0000-.*'> in <TextSource name='Talks'>: startPosition 'abc' is not a whole",
        ),
        (_qde(code_ref=""), None, r"<Coding guid='C0D10000-.*'> in <TextSource name='Talks'> has no <CodeRef>"),
        (_qde(codebook=False), None, r"has no <CodeBook>"),
        (
            _qde(),
            "Café".encode("latin-1"),
            r"the text of <TextSource name='Talks'>, 'sources/source\.txt', is not UTF-8",
        ),
        (_qde(codes=_deep_codes(5000)), None, r"<Code name='c100'> is nested more than 100 levels deep"),
        (_qde(end="99"), None, r"<PlainTextSelection .*>.*endPosition 99 lies outside the source's 19 characters"),
        (_qde(start="-1"), None, r"<PlainTextSelection .*>.*startPosition -1 lies outside the source's 19 characters"),
        (_qde(start="5", end="2"), None, r"<PlainTextSelection .*>.*startPosition 5 is after endPosition 2"),
        (
            _qde(code_ref='<CodeRef targetGUID="0BAD0000-0000-0000-0000-000000000000"/>'),
            None,
            r"<CodeRef targetGUID='0BAD0000-.*'> .* names no <Code> of the project's codebook",
        ),
    ],
    ids=[
        "start not a number",
        "no CodeRef",
        "no CodeBook",
        "source not UTF-8",
        "codes 5000 deep",
        "end past the text",
        "negative start",
        "start after end",
        "unknown code",
    ],
)
def test_a_hostile_project_is_a_load_error_naming_the_element(
    tmp_path, qde: str, source: bytes | None, message: str
) -> None:
    """Hardening item 16: every malformed part is a LoadError that names the element, never a raw error."""
    path = _project(tmp_path / "hostile.qdpx", qde, *([] if source is None else [source]))
    with pytest.raises(LoadError, match=message):
        read_qdpx(path)


def test_a_codebook_nested_5000_deep_is_a_codebook_error(tmp_path) -> None:
    """Hardening item 16: deep nesting in a .qdc is refused with a message, not a RecursionError."""
    path = tmp_path / "deep.qdc"
    path.write_text(f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes>{_deep_codes(5000)}</Codes></CodeBook>', encoding="utf-8")
    with pytest.raises(CodebookError, match=r"<Code name='c100'> is nested more than 100 levels deep"):
        read_qdc(path)


def test_a_qdc_file_over_the_size_cap_is_refused_before_it_is_parsed(tmp_path) -> None:
    """A codebook file is read only up to a size, raised for a trusted file with max_bytes."""
    path = write_qdc(Codebook.default(), tmp_path / "codebook.qdc")
    size = path.stat().st_size
    with pytest.raises(CodebookError, match=rf"holds {size:,} bytes, more than a codebook is read of \({size - 1:,}\)"):
        read_qdc(path, max_bytes=size - 1)
    assert read_qdc(path, max_bytes=size).tags == Codebook.default().tags
    assert interchange._qdc.MAX_QDC_BYTES == interchange._qdpx.MAX_MEMBER_BYTES


CONTROL = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
"""Characters XML 1.0 cannot hold, even escaped."""


def test_qdc_with_control_characters_in_names_round_trips_without_them(tmp_path) -> None:
    """Hardening item 16: control characters are stripped from names and descriptions, so the file reads back."""
    dirty = Codebook(
        "dirty\x01",
        [
            Tag("esc\x00alation", f"Desc{CONTROL}ription", "#112233", group="con\x1bflict"),
            Tag("peace\x07", "", "#445566"),
        ],
    )
    back = read_qdc(write_qdc(dirty, tmp_path / "dirty.qdc"))
    assert _interchanged(back) == [
        {"name": "escalation", "description": "Description", "color": "#112233", "group": "conflict"},
        {"name": "peace", "description": "", "color": "#445566", "group": None},
    ]


def test_qdpx_with_control_characters_in_names_round_trips_without_them(tmp_path) -> None:
    """Hardening item 16: coder names, tag names and titles lose their control characters; codings line up."""
    corpus = workbench.load_text("Iran warned Israel. Talks go on.", title="Ti\x01tle\x1b[31m")
    codebook = Codebook("dirty", [Tag("esc\x0balation", "", "#112233"), Tag("peace", "", "#445566")])
    store = workbench.TagStore(memory=True, coder="a\x02na", codebook=codebook)
    first, second = corpus.sentences["sentence_id"]
    store.add(first, "esc\x0balation")
    store.add(second, "peace")
    project = read_qdpx(write_qdpx(corpus, store, tmp_path / "dirty.qdpx"))
    assert project.sources["name"].tolist() == ["Title[31m"]
    got = project.codings[["tag", "coder", "text"]].values.tolist()
    assert sorted(got) == [["escalation", "ana", "Iran warned Israel."], ["peace", "ana", "Talks go on."]]
    store.close()


# -- resource limits -----------------------------------------------------------------------


def _bomb(path: pathlib.Path, size: int) -> pathlib.Path:
    """Write a project whose one source expands from a few hundred kilobytes to ``size`` bytes of spaces."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _qde().encode("utf-8"))
        with archive.open("sources/source.txt", "w") as member:
            chunk = b" " * 2**20
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


def test_a_zip_bomb_member_is_refused_before_it_is_expanded(tmp_path) -> None:
    """Hardening item 17: a member larger than the cap is refused from its declared size, reading nothing."""
    import tracemalloc

    path = _bomb(tmp_path / "bomb.qdpx", 200 * 2**20)
    assert path.stat().st_size < 2**20
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=r"'sources/source\.txt' expands to 209,715,200 bytes, more than the"):
            read_qdpx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20


def test_the_expanded_size_of_all_members_read_is_capped(tmp_path) -> None:
    """Hardening item 17: the members read together are capped too; the limits are keyword arguments."""
    path = _project(tmp_path / "small.qdpx", _qde())
    with zipfile.ZipFile(path) as archive:
        project_only = archive.getinfo("project.qde").file_size
    with pytest.raises(
        LoadError, match=r"'sources/source\.txt' .* more than the [\d,]+ bytes .* in all \(max_total_bytes\)"
    ):
        read_qdpx(path, max_total_bytes=project_only + 10)
    with pytest.raises(LoadError, match=r"more than the 100 bytes .* per member \(max_member_bytes\)"):
        read_qdpx(path, max_member_bytes=100)
    assert len(read_qdpx(path, max_member_bytes=10**6, max_total_bytes=10**6).codings) == 1

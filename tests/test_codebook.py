from __future__ import annotations

import doctest
import json
import pathlib
import re

import pandas as pd
import pytest
import yaml

import workbench
from workbench import codebook as codebook_module
from workbench.codebook import Codebook, Tag
from workbench.errors import CodebookError


@pytest.fixture(scope="module")
def default() -> Codebook:
    return Codebook.default()


def test_default_codebook_covers_international_news_with_keys_one_to_nine(default: Codebook) -> None:
    assert default.name == "international-news"
    assert set(default.tags) == {
        "escalation",
        "de-escalation",
        "diplomacy",
        "military action",
        "threat or warning",
        "domestic politics",
        "humanitarian impact",
        "economic impact",
        "uncertainty",
    }
    assert [default.tag(name).key for name in default.tags] == list("123456789")
    assert all(default.tag(name).description for name in default.tags)
    assert all(default.tag(name).keywords for name in default.tags)


def test_default_codebook_colours_are_distinct_hex(default: Codebook) -> None:
    colors = list(default.colors.values())
    assert len(set(colors)) == len(colors) == 9
    assert all(re.fullmatch(r"#[0-9a-f]{6}", color) for color in colors)


def test_default_codebook_groups_every_tag(default: Codebook) -> None:
    groups = default.groups
    assert set(groups) == {"conflict", "politics", "impact", "epistemic"}
    assert sorted(name for names in groups.values() for name in names) == sorted(default.tags)


def test_codebook_is_a_public_name() -> None:
    assert workbench.Codebook is Codebook


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_to_file_then_from_file_gives_the_same_codebook(default: Codebook, tmp_path: pathlib.Path, suffix: str) -> None:
    path = default.to_file(tmp_path / f"codebook{suffix}")
    again = Codebook.from_file(path)
    assert again == default
    assert again.hash() == default.hash()
    assert again.tags == default.tags


def test_hash_changes_with_content_and_not_with_key_order() -> None:
    data = {"name": "mine", "tags": [{"name": "a", "color": "#112233"}, {"name": "b"}]}
    reordered = {"tags": [{"color": "#112233", "name": "a"}, {"name": "b"}], "name": "mine"}
    changed = {"name": "mine", "tags": [{"name": "a", "color": "#112234"}, {"name": "b"}]}
    assert Codebook.from_dict(data).hash() == Codebook.from_dict(reordered).hash()
    assert Codebook.from_dict(data).hash() != Codebook.from_dict(changed).hash()


def test_tag_lookup_and_keys(default: Codebook) -> None:
    tag = default.tag("escalation")
    assert isinstance(tag, Tag)
    assert (tag.key, tag.group, tag.color) == ("1", "conflict", "#cc6677")
    assert default.tag_for_key("2") == "de-escalation"
    assert default.tag_for_key("x") is None


def test_optional_fields_get_defaults() -> None:
    codebook = Codebook.from_dict({"name": "short", "tags": ["a", {"name": "b"}]})
    assert codebook.tags == ["a", "b"]
    assert codebook.tag("a").key is None and codebook.tag("a").group is None
    assert codebook.colors["a"] != codebook.colors["b"]
    assert codebook.groups == {}


def test_unknown_tag_names_the_codebook_and_its_tags(default: Codebook) -> None:
    with pytest.raises(
        CodebookError, match=r"Unknown tag 'escalate': the codebook 'international-news' has escalation"
    ):
        default.check("escalate")
    with pytest.raises(CodebookError, match="Add it to the codebook file or pick one of these"):
        default.tag("nope")


MALFORMED = [
    pytest.param({"name": "x", "tags": [{"description": "no name"}]}, r"tag 1: missing 'name'", id="missing-name"),
    pytest.param(
        {"name": "x", "tags": [{"name": "a"}, {"name": "a"}]}, r"tag 'a': duplicate name", id="duplicate-name"
    ),
    pytest.param(
        {"name": "x", "tags": [{"name": "a", "key": "1"}, {"name": "b", "key": "1"}]},
        r"tag 'b': duplicate key '1', already used by tag 'a'",
        id="duplicate-key",
    ),
    pytest.param(
        {"name": "x", "tags": [{"name": "a", "color": "red"}]}, r"tag 'a': colour 'red' is not a hex", id="bad-colour"
    ),
    pytest.param(
        {"name": "x", "tags": [{"name": "a", "colour": "#112233"}]},
        r"tag 'a': unknown field\(s\) \['colour'\]",
        id="unknown-tag-field",
    ),
    pytest.param(
        {"name": "x", "tags": [{"name": "a", "key": "ab"}]}, r"tag 'a': key 'ab' must be a single", id="long-key"
    ),
    pytest.param(
        {"name": "x", "tags": [{"name": "a", "keywords": {"war": 1}}]},
        r"tag 'a': 'keywords' must be a list",
        id="keywords",
    ),
    pytest.param({"name": "x", "tags": []}, r"'tags' must be a non-empty list", id="no-tags"),
    pytest.param(
        {"name": "x", "tags": [{"name": "a"}], "version": 2}, r"unknown field\(s\) \['version'\]", id="top-field"
    ),
    pytest.param(["a", "b"], r"expected a mapping with 'name' and 'tags'", id="not-a-mapping"),
]


@pytest.mark.parametrize("data, problem", MALFORMED)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_malformed_codebook_file_names_file_tag_and_problem(
    tmp_path: pathlib.Path, data: object, problem: str, suffix: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CodebookError, match=re.escape(str(path)) + ".*" + problem):
        Codebook.from_file(path)


@pytest.mark.parametrize(
    "name, text, problem",
    [
        ("broken.yaml", "name: x\ntags: [a, b\n", "is not valid YAML"),
        ("broken.json", '{"name": "x", ', "is not valid JSON"),
    ],
)
def test_unparsable_codebook_file_names_the_file(tmp_path: pathlib.Path, name: str, text: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=f"{re.escape(str(path))}.* {problem}"):
        Codebook.from_file(path)


def test_missing_codebook_file_is_a_codebook_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(CodebookError, match=r"Cannot read the codebook file .*nowhere\.yaml"):
        Codebook.from_file(tmp_path / "nowhere.yaml")


def test_to_file_refuses_an_unknown_suffix(default: Codebook, tmp_path: pathlib.Path) -> None:
    with pytest.raises(CodebookError, match=r"use a \.yaml, \.yml or \.json file name"):
        default.to_file(tmp_path / "codebook.txt")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Both sides agreed to a CEASEFIRE on Sunday.", ["de-escalation"]),
        ("Missile strikes hit the port.", ["military action"]),
        ("The mayor opened a bakery.", []),  # "may" is a whole word only
        ("Tehran vowed retaliation.", ["escalation", "threat or warning"]),
        ("It is unclear whether oil prices will fall.", ["economic impact", "uncertainty"]),
        ("Refugees fled as the   foreign minister met his counterpart.", ["diplomacy", "humanitarian impact"]),
    ],
)
def test_suggest_matches_whole_words_in_any_case(default: Codebook, text: str, expected: list[str]) -> None:
    assert default.suggest(text) == expected


def test_suggestions_agree_with_suggest_sentence_by_sentence(default: Codebook, sample_corpus) -> None:
    sentences = sample_corpus.sentences
    expected = [
        (sid, tag)
        for sid, text in zip(sentences["sentence_id"], sentences["text"], strict=True)
        for tag in default.suggest(text)
    ]
    found = default.suggestions(sentences)
    assert list(found.columns) == ["sentence_id", "tag"]
    assert list(found.itertuples(index=False, name=None)) == expected
    assert len(found) > 0


def test_suggestions_of_a_codebook_without_keywords_is_empty(sample_corpus) -> None:
    found = Codebook.from_dict({"name": "bare", "tags": ["a"]}).suggestions(sample_corpus.sentences)
    expected = pd.DataFrame({"sentence_id": pd.Series(dtype="string"), "tag": pd.Series(dtype="string")})
    pd.testing.assert_frame_equal(found, expected)


def test_suggestions_need_sentence_ids_and_text(default: Codebook) -> None:
    with pytest.raises(CodebookError, match=r"needs a sentences table with 'sentence_id' and 'text'"):
        default.suggestions(pd.DataFrame({"text": ["war"]}))


def test_docstring_examples_run() -> None:
    result = doctest.testmod(codebook_module)
    assert result.attempted > 0 and result.failed == 0


def test_to_frame_lists_every_tag_in_order_with_its_key():
    codebook = Codebook.default()
    frame = codebook.to_frame()
    assert list(frame["name"]) == codebook.tags
    assert frame.loc[frame["name"] == "escalation", "key"].item() == "1"
    assert frame["keywords"].str.len().gt(0).all()

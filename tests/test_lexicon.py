"""Word lists and tokenizers of workbench.lexicon (suggested tests/test_lexicon.py)."""

import doctest
from importlib.resources import files

import pytest

from workbench import lexicon

WORD_LISTS = sorted(p.name for p in (files("workbench") / "data").iterdir() if p.name.endswith(".txt"))


@pytest.mark.parametrize("name", WORD_LISTS)
def test_every_word_list_says_where_its_words_come_from(name):
    header = [line for line in lexicon.data_text(name).splitlines() if line.startswith("#")]
    assert any("Source" in line or "source" in line for line in header), f"{name} has no source line"


def test_a_missing_section_names_the_file_and_its_sections():
    with pytest.raises(KeyError, match=r"titles.txt has no section 'chiefs'.*'heads'"):
        lexicon.word_set("titles.txt", "chiefs")


def test_calendar_abbreviations_may_end_a_sentence():
    assert {"Sept", "Thurs"} <= lexicon.abbreviations(lexicon.ENDING)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Israel's Sen. Cruz", ["Israel's", "Sen.", "Cruz"]),
        ("officials' view of the U.S.", ["officials'", "view", "of", "the", "U.S."]),
    ],
)
def test_word_tokens_keep_possessives_and_abbreviations_whole(text, expected):
    assert lexicon.TOKEN.findall(text) == expected


def test_name_tokens_split_the_possessive():
    assert [t.text for t in lexicon.name_tokens("Israel's army")] == ["Israel", "'s", "army"]


def test_docstring_examples_run():
    assert doctest.testmod(lexicon).failed == 0

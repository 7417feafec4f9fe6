"""Source and content of a cue read off dependency trees: the reading itself on trees written here,
then whole claims through the parser on the shapes the word patterns alone got wrong."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

from workbench import schema
from workbench.claims import _trees, find_claims
from workbench.claims._tokens import Tokens


class Arc(NamedTuple):
    """A token's head (-1 for the root) and relation, as a tree written by hand gives them."""

    head: int
    label: str


class HandTree(NamedTuple):
    heads: np.ndarray
    labels: tuple[str, ...]


def parsed(text: str, arcs: list[tuple[int, str]]) -> _trees.Parsed:
    tokens = Tokens(text, len(text))
    assert tokens.size == len(arcs), list(enumerate(tokens.text))
    arcs = [Arc(*arc) for arc in arcs]
    return _trees.Parsed(
        tokens, HandTree(np.array([a.head for a in arcs], dtype=np.int32), tuple(a.label for a in arcs))
    )


def words(p: _trees.Parsed, span: tuple[int, int] | None) -> str | None:
    return None if span is None else " ".join(p.tokens.text[span[0] : span[1] + 1])


def test_an_apposition_and_its_relative_clause_are_not_the_source() -> None:
    p = parsed(
        "Ann Ray, a tax expert who advised two governments, said the reform was overdue.",
        [(11, "nsubj"), (0, "flat"), (5, "punct"), (5, "det"), (5, "compound"), (0, "appos"), (7, "nsubj"),
         (5, "acl:relcl"), (9, "nmod"), (7, "obj"), (0, "punct"), (-1, "root"), (13, "det"), (15, "nsubj"),
         (15, "cop"), (11, "ccomp"), (11, "punct")],
    )  # fmt: skip
    reading = p.read(11)
    assert (words(p, reading.source), words(p, reading.content)) == ("Ann Ray", "the reform was overdue")


def test_a_coordinated_cue_takes_the_subject_of_the_first_verb() -> None:
    p = parsed(
        "The minister declined to apologise, but said the report was wrong.",
        [(1, "det"), (2, "nsubj"), (-1, "root"), (4, "mark"), (2, "xcomp"), (7, "punct"), (7, "cc"), (2, "conj"),
         (9, "det"), (11, "nsubj"), (11, "cop"), (7, "ccomp"), (2, "punct")],
    )  # fmt: skip
    reading = p.read(7)
    assert (words(p, reading.source), words(p, reading.content)) == ("The minister", "the report was wrong")


def test_a_conjunct_with_its_own_subject_after_a_comma_ends_the_content() -> None:
    # the parser may hang the writer's next clause from the reported one
    p = parsed(
        "He said prices would rise, and the minister agreed.",
        [(1, "nsubj"), (-1, "root"), (4, "nsubj"), (4, "aux"), (1, "ccomp"), (9, "punct"), (9, "cc"), (8, "det"),
         (9, "nsubj"), (4, "conj"), (1, "punct")],
    )  # fmt: skip
    assert words(p, p.read(1).content) == "prices would rise"
    p = parsed(
        "He said prices would rise and fall.",
        [(1, "nsubj"), (-1, "root"), (4, "nsubj"), (4, "aux"), (1, "ccomp"), (6, "cc"), (4, "conj"), (1, "punct")],
    )  # fmt: skip
    assert words(p, p.read(1).content) == "prices would rise and fall"


def test_a_clause_hung_from_the_cue_as_an_unmarked_adverbial_is_what_it_reports() -> None:
    text = "Polls show Ray leads the race."
    p = parsed(text, [(1, "nsubj"), (-1, "root"), (3, "nsubj"), (1, "advcl"), (5, "det"), (3, "obj"), (1, "punct")])
    reading = p.read(1)
    assert (words(p, reading.source), words(p, reading.content), reading.sure) == ("Polls", "Ray leads the race", True)
    marked = parsed(
        "I cried when I told her.",
        [(1, "nsubj"), (-1, "root"), (4, "advmod"), (4, "nsubj"), (1, "advcl"), (4, "obj"), (1, "punct")],
    )
    assert marked.read(1).content is None


def test_a_passive_subject_without_a_form_of_be_is_the_source() -> None:
    active = parsed(
        "Nearly all senators have said that they will vote.",
        [(2, "advmod"), (2, "det"), (4, "nsubj:pass"), (4, "aux"), (-1, "root"), (8, "mark"), (8, "nsubj"),
         (8, "aux"), (4, "ccomp"), (4, "punct")],
    )  # fmt: skip
    reading = active.read(4)
    assert (words(active, reading.source), words(active, reading.content)) == ("Nearly all senators", "they will vote")
    passive = parsed(
        "It was said that talks failed.",
        [(2, "nsubj:pass"), (2, "aux"), (-1, "root"), (5, "mark"), (5, "nsubj"), (2, "ccomp"), (2, "punct")],
    )  # fmt: skip
    assert passive.read(2).source is None


def test_a_cue_under_a_refusal_reports_nothing() -> None:
    p = parsed(
        "He declined to say whether he would run.",
        [(1, "nsubj"), (-1, "root"), (3, "mark"), (1, "xcomp"), (7, "mark"), (7, "nsubj"), (7, "aux"), (3, "ccomp"),
         (1, "punct")],
    )  # fmt: skip
    assert p.read(3).source is None


def test_after_told_the_quote_is_the_content_not_the_listener() -> None:
    p = parsed(
        '"It is over," Ann Ray told reporters in Oslo.',
        [(3, "punct"), (3, "nsubj"), (3, "cop"), (8, "ccomp"), (3, "punct"), (3, "punct"), (8, "nsubj"), (6, "flat"),
         (-1, "root"), (8, "obj"), (11, "case"), (8, "obl"), (8, "punct")],
    )  # fmt: skip
    reading = p.read(8)
    assert (words(p, reading.source), words(p, reading.content)) == ("Ann Ray", "It is over")


def test_after_told_and_its_listener_the_clause_is_the_content() -> None:
    p = parsed(
        "Two of the hostages later told police they had been beaten.",
        [(5, "nsubj"), (3, "case"), (3, "det"), (0, "nmod"), (5, "advmod"), (-1, "root"), (5, "iobj"),
         (10, "nsubj:pass"), (10, "aux"), (10, "aux"), (5, "ccomp"), (5, "punct")],
    )  # fmt: skip
    reading = p.read(5)
    assert (words(p, reading.source), words(p, reading.content)) == ("Two of the hostages", "they had been beaten")
    assert reading.sure


def test_an_object_read_as_a_clause_is_not_sure() -> None:
    p = parsed(
        "We found no differences among groups.",
        [(1, "nsubj"), (-1, "root"), (3, "det"), (1, "ccomp"), (5, "case"), (3, "nmod"), (1, "punct")],
    )  # fmt: skip
    reading = p.read(1)
    assert words(p, reading.content) == "no differences among groups"
    assert not reading.sure


def test_a_cue_set_inside_its_quote_reports_the_quote_before_it() -> None:
    p = parsed(
        '"It is over," Ann Ray said, "for now."',
        [(3, "punct"), (3, "nsubj"), (3, "cop"), (-1, "root"), (3, "punct"), (3, "punct"), (8, "nsubj"), (6, "flat"),
         (3, "parataxis"), (8, "punct"), (13, "punct"), (13, "case"), (3, "obl"), (3, "punct"), (3, "punct")],
    )  # fmt: skip
    reading = p.read(8)
    assert (words(p, reading.source), words(p, reading.content)) == ("Ann Ray", "It is over")
    assert reading.sure


def test_the_relative_who_stands_for_the_noun_it_describes() -> None:
    p = parsed(
        "Critics who say the plan fails were ignored.",
        [(7, "nsubj:pass"), (2, "nsubj"), (0, "acl:relcl"), (4, "det"), (5, "nsubj"), (2, "ccomp"), (7, "aux"),
         (-1, "root"), (7, "punct")],
    )  # fmt: skip
    reading = p.read(2)
    assert (words(p, reading.source), words(p, reading.content)) == ("Critics", "the plan fails")


def claims_of(text: str) -> list[tuple[str, str, str, str]]:
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text]})
    sentences = pd.DataFrame({"sentence_id": ["a1-s"], "article_id": ["a1"], "text": [text], "start": [0]})
    claims = find_claims(articles, sentences, schema.empty("mentions"))
    return list(zip(claims["source"], claims["cue"], claims["cue_type"], claims["content"], strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a relative clause between the speaker and the cue, without commas
        ("The engineer who designed the bridge in the 1990s said the cables were sound.",
         [("The engineer", "said", "speech", "the cables were sound")]),
        ("Officials from both countries who attended the talks said progress had been made.",
         [("Officials from both countries", "said", "speech", "progress had been made")]),
        ("The people we spoke to in the market all said prices had doubled.",
         [("The people", "said", "speech", "prices had doubled")]),
        # quantifier sources with a relative clause or an apposition
        ("Many of those who fled the fighting say they will not return.",
         [("Many of those", "say", "speech", "they will not return")]),
        ("The men, all of whom were released on Friday, said they had been beaten.",
         [("The men", "said", "speech", "they had been beaten")]),
        # a participle phrase between commas after a common-noun source; an evidence verb
        ("The data, collected over ten years, show that winters are getting shorter.",
         [("The data", "show", "evidence", "winters are getting shorter")]),
        # a clause without "that" or an auxiliary after a cue that needs one: the shapes cannot see it
        ("The survey shows most voters want a new election.",
         [("The survey", "shows", "evidence", "most voters want a new election")]),
        # a cue that is also a noun, then a clause without "that" or an auxiliary: only a tree tells
        ("Receipts show the mayor paid for the trip.",
         [("Receipts", "show", "evidence", "the mayor paid for the trip")]),
        # a newspaper as the source
        ("The daily wrote that the minister had resigned.",
         [("The daily", "wrote", "speech", "the minister had resigned")]),
        # coordinated verbs sharing a subject, and the listener of "told" left out of the content
        ("The two leaders met for three hours and later told reporters they had agreed on a ceasefire.",
         [("The two leaders", "told", "speech", "they had agreed on a ceasefire")]),
    ],
)  # fmt: skip
def test_claims_the_trees_give(text, expected) -> None:
    assert claims_of(text) == expected


def test_the_sentences_that_need_a_tree_are_parsed_together_each_once(monkeypatch) -> None:
    calls: list[list[list[str]]] = []
    parse = _trees.syntax.parse

    def counted(sentences: list[list[str]]):
        calls.append(sentences)
        return parse(sentences)

    monkeypatch.setattr(_trees.syntax, "parse", counted)
    needs_tree = "The engineer who designed the bridge in the 1990s said the cables were sound."
    texts = [needs_tree, "The mayor said the road would reopen.", "The ferry left at noon.", needs_tree]
    articles = pd.DataFrame({"article_id": ["a1", "a2"], "text": [" ".join(texts[:2]), " ".join(texts[2:])]})
    sentences = pd.DataFrame({
        "sentence_id": ["s1", "s2", "s3", "s4"], "article_id": ["a1", "a1", "a2", "a2"], "text": texts,
        "start": [0, len(texts[0]) + 1, 0, len(texts[2]) + 1],
    })  # fmt: skip
    claims = find_claims(articles, sentences, schema.empty("mentions"))
    assert len(calls) == 1
    assert calls[0] == [Tokens(needs_tree, len(needs_tree)).text]
    assert list(claims["source"]) == ["The engineer", "The mayor", "The engineer"]

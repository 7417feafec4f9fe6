"""The evaluation scoring on small hand-computed cases, and the consistency of the gold annotations."""

from __future__ import annotations

import doctest
import itertools
import math
import pathlib

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from workbench.cleaning import clean_text
from workbench.errors import EvaluationError
from workbench.evaluate import (
    ALL,
    main,
    match_actors,
    match_claims,
    meets_targets,
    read_gold,
    score_actors,
    score_claims,
    score_sentences,
    scoring,
)
from workbench.evaluate.gold import DEFAULT_FOLDER, locate

GOLD_FILES = sorted(DEFAULT_FOLDER.rglob("*.gold.yaml"))


def _sentences(article: str, *texts: str) -> pd.DataFrame:
    return pd.DataFrame({"article": [article] * len(texts), "text": list(texts)})


def _overall(scores: pd.DataFrame) -> pd.Series:
    return scores.set_index("article").loc[ALL]


# ------------------------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    "predicted, gold, hits, precision, recall",
    [
        (["A.", "B.", "C."], ["A.", "B.", "C."], 3, 1.0, 1.0),
        (["A.", "B. C."], ["A.", "B.", "C."], 1, 1 / 2, 1 / 3),
        (["A.", "B.", "C.", "D."], ["A.", "B. C. D."], 1, 1 / 4, 1 / 2),
        (["Yes.", "Yes."], ["Yes.", "No.", "Yes."], 2, 1.0, 2 / 3),
        (["Yes.", "Yes.", "Yes."], ["Yes."], 1, 1 / 3, 1.0),
    ],
    ids=["exact", "merged", "split", "repeated-gold", "repeated-predicted"],
)
def test_score_sentences_counts_exact_matches(predicted, gold, hits, precision, recall):
    overall = _overall(score_sentences(_sentences("a", *predicted), _sentences("a", *gold)))
    assert overall["hits"] == hits
    assert overall["precision"] == pytest.approx(precision)
    assert overall["recall"] == pytest.approx(recall)
    assert overall["f1"] == pytest.approx(2 * precision * recall / (precision + recall))


def test_score_sentences_micro_averages_over_articles():
    predicted = pd.concat([_sentences("a", "A.", "B."), _sentences("b", "C. D.")])
    gold = pd.concat([_sentences("a", "A.", "B."), _sentences("b", "C.", "D.")])
    scores = score_sentences(predicted, gold).set_index("article")
    assert scores.loc["a", "recall"] == 1.0
    assert scores.loc["b", "recall"] == 0.0
    assert scores.loc[ALL, ["gold", "predicted", "hits"]].tolist() == [4, 3, 2]
    assert scores.loc[ALL, "precision"] == pytest.approx(2 / 3)


def test_ratios_with_nothing_to_count_are_missing():
    overall = _overall(score_sentences(_sentences("a").iloc[:0], _sentences("a", "A.")))
    assert overall["recall"] == 0.0
    assert math.isnan(overall["precision"]) and math.isnan(overall["f1"])


# ---------------------------------------------------------------------------------------------- actors


def _gold_actors(*entries: tuple[str, list[str], bool]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"article": "a", "actor": actor, "aliases": aliases, "optional": optional}
            for actor, aliases, optional in entries
        ]
    )


def _predicted_actors(*names: str) -> pd.DataFrame:
    return pd.DataFrame({"article": ["a"] * len(names), "actor": list(names)})


GOLD_ACTORS = _gold_actors(
    ("Joe Biden", ["Biden"], False),
    ("United States", ["U.S.", "America"], False),
    ("Iran", [], False),
    ("Caracas", [], True),
)


@pytest.mark.parametrize(
    "predicted, outcomes",
    [
        (["Joe Biden", "United States", "Iran"], {"hit": 3}),
        (["biden", "the United States", "IRAN"], {"hit": 3}),
        (["U.S.", "Iran"], {"hit": 2, "miss": 1}),
        (["Joe Biden", "Biden", "Iran", "United States"], {"hit": 3, "false positive": 1}),
        (["Joe Biden", "Iran", "United States", "Caracas", "Monday"], {"hit": 3, "ignored": 1, "false positive": 1}),
        (["Iran", "Iran"], {"hit": 1, "miss": 2}),
    ],
    ids=["canonical", "case-and-article", "alias", "duplicate-actor", "optional-and-junk", "repeated-mentions"],
)
def test_match_actors_by_name_or_alias(predicted, outcomes):
    found = match_actors(_predicted_actors(*predicted), GOLD_ACTORS)["outcome"].value_counts().to_dict()
    assert found == outcomes


def test_score_actors_ignores_optional_actors():
    overall = _overall(score_actors(_predicted_actors("Joe Biden", "Caracas", "Monday"), GOLD_ACTORS))
    assert overall[["gold", "predicted", "hits"]].tolist() == [3, 2, 1]
    assert overall["precision"] == pytest.approx(1 / 2)
    assert overall["recall"] == pytest.approx(1 / 3)


# ---------------------------------------------------------------------------------------------- claims


def _gold_claims(*rows: tuple[int, str, str, list[str]]) -> pd.DataFrame:
    spans = {0: (0, 40), 1: (41, 90)}
    return pd.DataFrame(
        [
            {"article": "a", "sentence": i, "start": spans[i][0], "end": spans[i][1], "source": source, "cue": cue}
            | {"source_names": names}
            for i, source, cue, names in rows
        ]
    )


def _predicted_claims(*rows: tuple[int, str, str | None, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"article": "a", "start": start, "end": start + 4, "source": source, "source_actor": actor, "cue": cue}
            for start, source, actor, cue in rows
        ]
    )


@pytest.mark.parametrize(
    "predicted, outcomes, source_ok",
    [
        ([(10, "Mr. Ortiz", "Alberto Ortiz", "said")], {"hit": 1}, [True]),
        ([(10, "Ortiz", None, "has said")], {"hit": 1}, [True]),
        ([(50, "Mr. Ortiz", None, "said")], {"miss": 1, "false positive": 1}, []),
        ([(10, "Mr. Ortiz", None, "saying")], {"miss": 1, "false positive": 1}, []),
        ([(10, "He", "Alberto Ortiz", "said")], {"hit": 1}, [True]),
        ([(10, "the club", "Riverside FC", "said")], {"hit": 1}, [False]),
    ],
    ids=["exact", "cue-contains-cue", "other-sentence", "other-cue", "pronoun-resolved", "wrong-source"],
)
def test_match_claims_by_sentence_and_cue(predicted, outcomes, source_ok):
    gold = _gold_claims((0, "Mr. Ortiz", "said", ["Alberto Ortiz", "Ortiz"]))
    found = match_claims(_predicted_claims(*predicted), gold)
    assert found["outcome"].value_counts().to_dict() == outcomes
    assert found.loc[found["outcome"] == "hit", "source_ok"].tolist() == source_ok


def test_match_claims_pairs_two_cues_in_one_sentence_by_source():
    gold = _gold_claims((1, "John Kirby", "said", ["John Kirby"]), (1, "the Pentagon", "said", ["Pentagon"]))
    predicted = _predicted_claims((70, "the Pentagon", "Pentagon", "said"), (45, "John Kirby", "John Kirby", "said"))
    found = match_claims(predicted, gold)
    assert found["outcome"].tolist() == ["hit", "hit"]
    assert found["source_ok"].tolist() == [True, True]


def test_score_claims_reports_source_accuracy():
    gold = _gold_claims((0, "Mr. Ortiz", "said", ["Alberto Ortiz"]), (1, "She", "added", ["Petra Lindqvist"]))
    predicted = _predicted_claims((10, "Mr. Ortiz", "Alberto Ortiz", "said"), (60, "He", "Mateo Ruiz", "added"))
    overall = _overall(score_claims(predicted, gold))
    assert overall[["gold", "predicted", "hits"]].tolist() == [2, 2, 2]
    assert overall["source_accuracy"] == pytest.approx(1 / 2)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("has urged", "urged", True),
        ("According to", "according to", True),
        ("said", "saying", False),
        ("he", "the", False),
    ],
)
def test_overlaps_compares_whole_words(a, b, expected):
    assert scoring.overlaps(a, b) is expected
    assert scoring.overlaps(b, a) is expected


def test_meets_targets_needs_every_measure():
    overall = pd.DataFrame(
        {"precision": [1.0, 0.84, 0.9], "recall": [1.0, 0.95, 0.9], "f1": [0.96, 0.9, 0.9]},
        index=["sentences", "actors", "claims"],
    )
    assert meets_targets(overall).to_dict() == {"sentences": False, "actors": False, "claims": True}


# ------------------------------------------------------------------------------------ reading gold files


def _write(folder: pathlib.Path, name: str, text: str, gold: dict) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.gold.yaml").write_text(yaml.safe_dump(gold), encoding="utf-8")


TINY_GOLD = {
    "sentences": ["Mr. Ortiz said the club was ready.", "Iran denied it."],
    "actors": [{"name": "Alberto Ortiz", "type": "person"}, {"name": "Iran", "type": "country"}],
    "claims": [{"sentence": 0, "source": "Mr. Ortiz", "cue": "said", "source_actor": "Alberto Ortiz"}],
}


def test_read_gold_returns_tables_with_shared_aliases(tmp_path):
    _write(tmp_path, "tiny", "Mr. Ortiz said the club was ready. Iran denied it.\n", TINY_GOLD)
    (tmp_path / "aliases.yaml").write_text("Iran: [Islamic Republic of Iran]\n", encoding="utf-8")
    gold = read_gold(tmp_path)
    assert gold["sentences"]["text"].tolist() == TINY_GOLD["sentences"]
    assert gold["actors"].set_index("actor").loc["Iran", "aliases"] == ["Islamic Republic of Iran"]
    assert gold["claims"].loc[0, "source_names"] == ["Alberto Ortiz"]


def test_read_gold_takes_shared_aliases_from_the_parent_folder(tmp_path):
    (tmp_path / "aliases.yaml").write_text("Iran: [Islamic Republic of Iran]\n", encoding="utf-8")
    (tmp_path / "holdout").mkdir()
    _write(tmp_path / "holdout", "tiny", "Mr. Ortiz said the club was ready. Iran denied it.\n", TINY_GOLD)
    gold = read_gold(tmp_path / "holdout")
    assert gold["actors"].set_index("actor").loc["Iran", "aliases"] == ["Islamic Republic of Iran"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"claims": [{"sentence": 5, "source": "X", "cue": "said"}]}, "points at sentence 5"),
        ({"claims": None, "sentences": None}, "lacks"),
    ],
    ids=["claim-out-of-range", "missing-keys"],
)
def test_read_gold_rejects_malformed_files(tmp_path, change, message):
    gold = {key: value for key, value in (TINY_GOLD | change).items() if value is not None}
    _write(tmp_path, "tiny", "Mr. Ortiz said the club was ready. Iran denied it.\n", gold)
    with pytest.raises(EvaluationError, match=message):
        read_gold(tmp_path)


def test_read_gold_rejects_an_empty_folder(tmp_path):
    with pytest.raises(EvaluationError, match=r"No \.gold\.yaml files"):
        read_gold(tmp_path)


def test_locate_rejects_a_sentence_not_in_the_text():
    with pytest.raises(EvaluationError, match="does not occur"):
        locate("One. Two.", ["One.", "Three."])


def test_command_prints_scores_and_fails_cleanly(tmp_path):
    _write(tmp_path, "tiny", "Mr. Ortiz said the club was ready. Iran denied it.\n", TINY_GOLD)
    result = CliRunner().invoke(main, [str(tmp_path), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "sentences" in result.output and "claims" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = CliRunner().invoke(main, [str(empty)])
    assert failed.exit_code == 1
    assert "No .gold.yaml files" in failed.output


# ------------------------------------------------------------------------------ the project's gold set


def test_evaluation_set_has_at_least_ten_articles():
    assert len(list(DEFAULT_FOLDER.glob("*.gold.yaml"))) >= 10


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.yaml"))
def test_gold_sentences_cover_the_cleaned_article_in_order(path):
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = clean_text(path.with_name(path.name.replace(".gold.yaml", ".txt")).read_text(encoding="utf-8"))
    spans = locate(text, gold["sentences"])
    between = [text[end:start] for (_, end), (start, _) in itertools.pairwise(spans)]
    assert all(gap.strip() == "" for gap in between), "text between gold sentences is not annotated"
    assert text[: spans[0][0]].strip() == "" and text[spans[-1][1] :].strip() == ""


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.yaml"))
def test_gold_claims_are_written_as_in_their_sentence(path):
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    actors = {entry["name"] for entry in gold["actors"]}
    for claim in gold["claims"]:
        sentence = gold["sentences"][claim["sentence"]]
        assert claim["source"] in sentence, claim
        assert claim["cue"] in sentence, claim
        assert claim.get("source_actor") is None or claim["source_actor"] in actors, claim


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.yaml"))
def test_gold_actors_are_distinct_and_typed(path):
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [entry["name"] for entry in gold["actors"]]
    assert len(names) == len(set(names))
    assert not set(names) & set(gold.get("optional_actors") or [])
    assert {entry["type"] for entry in gold["actors"]} <= {"person", "country", "organization", "group", "role"}


def test_docstring_examples_run():
    assert doctest.testmod(scoring).failed == 0

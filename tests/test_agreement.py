"""Agreement figures against hand-computed cases, and the views comparing coders."""

from __future__ import annotations

import doctest
import sys

import numpy as np
import pandas as pd
import pytest

import workbench
from workbench import reliability
from workbench.codebook import Codebook, Tag
from workbench.errors import MissingExtraError, StoreError

NAN = np.nan
TWO_TAGS = Codebook("two", [Tag("a"), Tag("b")])
# Two coders on ten units: 8 agree; each says yes 5 times, so chance agreement is 0.5.
CODER_A = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
CODER_B = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize(
    "values, expected",
    [
        # percent 8/10; kappa (0.8 - 0.5) / 0.5; alpha 1 - 19 * 4 / (2 * 10 * 10).
        pytest.param([CODER_A, CODER_B], (0.8, 0.6, 0.62), id="two coders"),
        # Pairs: 6 of 9 agree. Kappas: A-B 0, A-C undefined (both always yes), B-C 0.4 -> mean 0.2.
        # Alpha: o11 = 4, o00 = 4, o01 = o10 = 2, n = 12 -> 1 - 11 * 4 / (2 * 6 * 6) = 7 / 18.
        pytest.param(
            [[1, 0, 1, NAN, 0], [1, 0, 0, 0, 1], [1, NAN, 1, 0, NAN]], (6 / 9, 0.2, 7 / 18), id="three coders, missing"
        ),
        pytest.param([[1, 1, 1], [1, 1, 1]], (1.0, NAN, NAN), id="no variation"),
        pytest.param([[1, 0], [0, 1]], (0.0, -1.0, -0.5), id="always disagree"),
    ],
)
def test_figures_match_hand_computed_cases(values, expected) -> None:
    np.testing.assert_allclose(reliability.figures(values), expected, atol=1e-9)


def _two_coder_store(*, extra_coder: str | None = None) -> workbench.TagStore:
    """Coders ana and ben judged tag "a" on s0..s9 as CODER_A and CODER_B; nobody gave "b"."""
    store = workbench.TagStore(memory=True, coder="ana", codebook=TWO_TAGS)
    for coder, judgements in (("ana", CODER_A), ("ben", CODER_B)):
        store.coder = coder
        for unit, yes in enumerate(judgements):
            store.add(f"s{unit}", "a") if yes else store.mark_done(f"s{unit}")
    if extra_coder is not None:
        store.coder = extra_coder
        store.add_many([f"s{unit}" for unit in range(10)], "b")
    return store


def test_agreement_per_tag_and_pooled() -> None:
    table = workbench.agreement(_two_coder_store()).set_index("tag")
    assert list(table.index) == ["a", "b", "(all)"]
    assert table["n_units"].tolist() == [10, 10, 10]
    assert table["n_coders"].tolist() == [2, 2, 2]
    np.testing.assert_allclose(table.loc["a", ["percent_agreement", "kappa", "alpha"]].astype(float), [0.8, 0.6, 0.62])
    # Nobody gave "b": perfect agreement, but kappa and alpha are undefined.
    assert table.loc["b", "percent_agreement"] == 1.0
    assert np.isnan(table.loc["b", "kappa"]) and np.isnan(table.loc["b", "alpha"])
    # Pooled: 20 judgements each, 18 agree; kappa (0.9 - 0.625) / 0.375; alpha 1 - 39 * 4 / (2 * 10 * 30).
    pooled = table.loc["(all)"]
    assert pooled["n_judgements"] == 40
    np.testing.assert_allclose(
        pooled[["percent_agreement", "kappa", "alpha"]].astype(float), [0.9, 0.275 / 0.375, 0.74]
    )


def test_units_need_two_coders_and_count_notes_and_done_marks() -> None:
    store = workbench.TagStore(memory=True, coder="ana", codebook=TWO_TAGS)
    store.add("s1", "a")
    store.set_note("s2", "unsure")
    store.add("only-ana", "a")
    store.coder = "ben"
    store.mark_done("s1")
    store.add("s2", "a")
    row = workbench.agreement(store).set_index("tag").loc["a"]
    assert row["n_units"] == 2
    assert row["percent_agreement"] == 0.0


def test_corpus_restricts_units(tiny_corpus: workbench.Corpus) -> None:
    store = workbench.TagStore(memory=True, coder="ana")
    inside = tiny_corpus.sentences["sentence_id"].iloc[0]
    for coder in ("ana", "ben"):
        store.coder = coder
        store.add(inside, "diplomacy")
        store.add("not-in-corpus", "escalation")
    assert workbench.agreement(store)["n_units"].iloc[0] == 2
    restricted = workbench.agreement(store, tiny_corpus).set_index("tag")
    assert restricted.loc["(all)", "n_units"] == 1
    assert restricted.loc["diplomacy", "percent_agreement"] == 1.0


def test_consensus_coder_is_left_out_unless_named() -> None:
    store = _two_coder_store(extra_coder=reliability.CONSENSUS)
    assert workbench.agreement(store)["n_coders"].iloc[0] == 2
    named = workbench.agreement(store, coders=["ana", reliability.CONSENSUS]).set_index("tag")
    assert named.loc["b", "percent_agreement"] == 0.0


def test_unknown_coder_is_refused() -> None:
    with pytest.raises(StoreError, match="No coder \\['zoe'\\] in the store: its coders are ana, ben"):
        workbench.agreement(_two_coder_store(), coders=["ana", "zoe"])


def test_no_units_gives_nan_rather_than_an_error() -> None:
    store = workbench.TagStore(memory=True, coder="ana", codebook=TWO_TAGS)
    store.add("s1", "a")
    table = workbench.agreement(store)
    assert table["n_units"].tolist() == [0, 0, 0]
    assert table[["percent_agreement", "kappa", "alpha"]].isna().all().all()


def test_kappa_without_scikit_learn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.metrics", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'workbench\[team\]'"):
        workbench.agreement(_two_coder_store())


def test_compare_two_coders(tiny_corpus: workbench.Corpus) -> None:
    s = tiny_corpus.sentences["sentence_id"].tolist()
    store = workbench.TagStore(memory=True, coder="ana")
    store.add(s[0], "diplomacy")
    store.add(s[1], "escalation")
    store.add(s[1], "diplomacy")
    store.coder = "ben"
    store.add(s[0], "diplomacy")
    store.mark_done(s[1])
    store.add(s[2], "escalation")
    frame = reliability.compare(store, "ana", "ben", tiny_corpus)
    expected = pd.DataFrame(
        {
            "sentence_id": pd.array(s[:2], dtype="string"),
            "tags_a": pd.array(["diplomacy", "diplomacy; escalation"], dtype="string"),
            "tags_b": pd.array(["diplomacy", ""], dtype="string"),
            "only_a": pd.array(["", "diplomacy; escalation"], dtype="string"),
            "only_b": pd.array(["", ""], dtype="string"),
            "agree": [True, False],
        }
    )
    pd.testing.assert_frame_equal(frame[expected.columns], expected)
    assert frame["text"].tolist() == tiny_corpus.sentences["text"].iloc[:2].tolist()


def test_disagreements_say_who_chose_what() -> None:
    frame = reliability.disagreements(_two_coder_store())
    assert frame[["sentence_id", "tag", "yes", "no"]].values.tolist() == [
        ["s4", "a", "ana", "ben"],
        ["s9", "a", "ben", "ana"],
    ]


def test_chart_draws_alpha_and_kappa_per_tag_with_units_in_hover() -> None:
    fig = workbench.charts.agreement(_two_coder_store())
    alpha, kappa = fig.data
    assert (alpha.name, kappa.name) == ("Krippendorff's alpha", "Cohen's kappa")
    assert list(alpha.x) == ["a", "b", "(all)"]
    np.testing.assert_allclose(alpha.y[0], 0.62)
    np.testing.assert_allclose(kappa.y[0], 0.6)
    assert alpha.customdata[0][0] == 10
    assert "sentences coded by" in alpha.hovertemplate


def test_chart_without_shared_units_says_why() -> None:
    store = workbench.TagStore(memory=True, coder="ana", codebook=TWO_TAGS)
    store.add("s1", "a")
    fig = workbench.charts.agreement(store)
    assert not fig.data
    assert "No sentence coded by two coders" in fig.layout.annotations[0].text


def test_export_writes_agreement_csv(tiny_corpus: workbench.Corpus, tmp_path) -> None:
    s = tiny_corpus.sentences["sentence_id"].tolist()
    store = workbench.TagStore(memory=True, coder="ana")
    store.add(s[0], "diplomacy")
    store.mark_done(s[1])
    store.coder = "ben"
    store.add(s[0], "diplomacy")
    store.add(s[1], "diplomacy")
    workbench.export.summaries(tiny_corpus, store, tmp_path)
    written = pd.read_csv(tmp_path / "agreement.csv").set_index("tag")
    expected = workbench.agreement(store, tiny_corpus).set_index("tag")
    assert list(written.index) == list(expected.index)
    assert written.loc["diplomacy", "n_units"] == 2
    assert written.loc["diplomacy", "percent_agreement"] == 0.5


def test_docstring_examples_run() -> None:
    result = doctest.testmod(reliability)
    assert result.attempted > 0 and result.failed == 0

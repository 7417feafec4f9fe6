"""Suggestions learned from tags: a small text classifier per tag, trained on the sentences coders coded.

:func:`train` fits one TF-IDF + logistic-regression model per tag (one-vs-rest) on the coded
sentences of a corpus: a sentence is a positive example of a tag when it carries the tag, a
negative one when it was coded (tagged, noted or marked done) without it. A tag needs at least
:data:`MIN_EXAMPLES` of each to be learned; the others are skipped and say so in
:attr:`Suggester.report`, with precision and recall by cross-validation for the tags learned.

Suggestions are probabilities, never tags: nothing is written to the store until a coder
confirms a tag in the card view or the grid. scikit-learn is the optional ``team`` extra.

Example
-------
>>> import pandas as pd, workbench
>>> from workbench import suggest
>>> texts = [f"Troops attacked post {i}." for i in range(6)] + [f"Leaders met for talks {i}." for i in range(6)]
>>> corpus = workbench.load_text(" ".join(texts))
>>> store = workbench.TagStore(memory=True, coder="ana")
>>> for row in corpus.sentences.itertuples():
...     attack = "attacked" in row.text
...     _ = store.add(row.sentence_id, "military action") if attack else store.mark_done(row.sentence_id)
>>> suggester = suggest.train(corpus, store)
>>> new = pd.DataFrame({"sentence_id": ["x"], "text": ["Rebels attacked the town."]})
>>> bool(suggester.predict(new)["probability"].iloc[0] > 0.5)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbench import reliability
from workbench.errors import MissingExtraError, NotEnoughTagsError, SchemaError

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore

__all__ = ["MIN_EXAMPLES", "Suggester", "train"]

MIN_EXAMPLES = 5
"""Fewest tagged and untagged coded sentences a tag needs before it is learned."""
FOLDS = 3
"""Cross-validation folds of the report (fewer when a tag has fewer examples); 3 keeps training quick."""
REPORT_COLUMNS = ["tag", "positives", "negatives", "precision", "recall", "f1", "status"]
TRAINED = "trained"


def _sklearn() -> Any:
    """Import the scikit-learn parts the classifier uses, or name the extra to install."""
    try:
        from sklearn import feature_extraction, linear_model, metrics, model_selection
    except ImportError:
        raise MissingExtraError("scikit-learn", "team", "Suggestions learned from tags") from None
    return feature_extraction.text, linear_model, metrics, model_selection


def _check_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    missing = [column for column in ("sentence_id", "text") if column not in sentences.columns]
    if missing:
        raise SchemaError(f"Suggestions need a sentences table with 'sentence_id' and 'text'; it lacks {missing}.")
    return sentences


@dataclass
class Suggester:
    """Per-tag classifiers learned from coded sentences; see :func:`train`.

    Attributes
    ----------
    tags
        The tags learned, in codebook order.
    report
        One row per tag of the codebook: ``tag``, ``positives`` and ``negatives`` (coded
        sentences with and without it), cross-validated ``precision``, ``recall`` and ``f1``
        (NaN for skipped tags) and ``status`` (``"trained"`` or why the tag was skipped).
    """

    tags: list[str]
    report: pd.DataFrame
    _vectorizer: Any = field(repr=False)
    _models: dict[str, Any] = field(repr=False)

    def predict(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """Return the probability of every learned tag for each sentence, one row per (sentence, tag).

        ``sentences`` needs ``sentence_id`` and ``text`` (a corpus's ``sentences`` table). Columns
        ``sentence_id``, ``tag`` (``string``) and ``probability`` (float), sentence order first.
        """
        _check_sentences(sentences)
        features = self._vectorizer.transform(sentences["text"].astype("string").fillna("").tolist())
        probabilities = np.column_stack([self._models[tag].predict_proba(features)[:, 1] for tag in self.tags])
        return pd.DataFrame(
            {
                "sentence_id": pd.array(np.repeat(sentences["sentence_id"].to_numpy(), len(self.tags)), dtype="string"),
                "tag": pd.array(np.tile(self.tags, len(sentences)), dtype="string"),
                "probability": probabilities.reshape(-1),
            }
        )

    def suggestions(self, sentences: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
        """Return the tags suggested for each sentence (probability at least ``threshold``): ``sentence_id``, ``tag``.

        The same shape as :meth:`workbench.Codebook.suggestions`, so views can show either.
        """
        predicted = self.predict(sentences)
        kept = predicted[predicted["probability"] >= threshold]
        return kept[["sentence_id", "tag"]].reset_index(drop=True)

    def uncertain(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """Return one row per sentence, the most uncertain first, for a coder to review.

        A sentence's uncertainty is that of its least certain tag: ``1 - |2p - 1|``, 1 at a
        probability of 0.5 and 0 at 0 or 1. Columns ``sentence_id``, ``tag`` (the least certain
        tag), ``probability`` and ``uncertainty``.
        """
        predicted = self.predict(sentences)
        predicted["uncertainty"] = 1 - (2 * predicted["probability"] - 1).abs()
        worst = predicted.sort_values("uncertainty", ascending=False, kind="stable").drop_duplicates("sentence_id")
        return worst.reset_index(drop=True)


def _labels(corpus: Corpus, store: TagStore, coder: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the coded sentences of the corpus (``sentence_id``, ``text``) and their (sentence, tag) labels."""
    coders = [coder] if coder is not None else store.coders()
    coded = reliability.coded(store, coders=coders) if coders else pd.DataFrame(columns=["sentence_id", "coder"])
    sentences = corpus.sentences[["sentence_id", "text"]].astype({"sentence_id": "string"})
    labelled = sentences[sentences["sentence_id"].isin(coded["sentence_id"])].reset_index(drop=True)
    tags = store.tags(coder=coder)[["sentence_id", "tag"]].drop_duplicates()
    return labelled, tags[tags["sentence_id"].isin(labelled["sentence_id"])]


def _cross_validated(
    model: Any, features: Any, target: np.ndarray, sk: tuple[Any, ...], seed: int
) -> tuple[float, float, float]:
    """Return precision, recall and F1 of ``model`` by stratified cross-validation."""
    _, _, metrics, model_selection = sk
    folds = min(FOLDS, int(target.sum()), int((~target).sum()))
    splitter = model_selection.StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    predicted = model_selection.cross_val_predict(model, features, target, cv=splitter)
    scores = metrics.precision_recall_fscore_support(target, predicted, average="binary", zero_division=0)
    return float(scores[0]), float(scores[1]), float(scores[2])


def train(
    corpus: Corpus,
    store: TagStore,
    *,
    coder: str | None = None,
    min_examples: int = MIN_EXAMPLES,
    seed: int = 0,
) -> Suggester:
    """Learn a classifier per tag from the coded sentences of ``corpus`` and report how well it does.

    Parameters
    ----------
    corpus
        The sentences the coders worked on.
    store
        Their tags, notes and done marks; the store's codebook names the tags.
    coder
        Learn from one coder only; by default from every coder (a sentence is a positive example
        of a tag when any coder gave it the tag).
    min_examples
        Fewest positive and negative examples a tag needs to be learned.
    seed
        Seed of the cross-validation folds, for repeatable reports.

    Returns
    -------
    Suggester
        With a :attr:`~Suggester.report` of every codebook tag.

    Raises
    ------
    NotEnoughTagsError
        When no tag has ``min_examples`` coded sentences with it and without it.
    MissingExtraError
        When scikit-learn (the ``team`` extra) is not installed.
    """
    sk = _sklearn()
    text_features, linear_model, _, _ = sk
    labelled, tags = _labels(corpus, store, coder)
    names = list(store.codebook.tags)
    positives = tags.groupby("tag")["sentence_id"].nunique().reindex(names, fill_value=0).astype("int64")
    rows, models = [], {}
    vectorizer = text_features.TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")
    features = vectorizer.fit_transform(labelled["text"].astype(str).tolist()) if len(labelled) else None
    for name in names:
        n_pos = int(positives[name])
        n_neg = len(labelled) - n_pos
        if min(n_pos, n_neg) < min_examples:
            status = f"too few to learn from: {n_pos} tagged and {n_neg} untagged coded sentences, need {min_examples}"
            rows.append((name, n_pos, n_neg, np.nan, np.nan, np.nan, status))
            continue
        target = labelled["sentence_id"].isin(tags.loc[tags["tag"] == name, "sentence_id"]).to_numpy()
        model = linear_model.LogisticRegression(solver="liblinear", class_weight="balanced", C=10.0)
        rows.append((name, n_pos, n_neg, *_cross_validated(model, features, target, sk, seed), TRAINED))
        models[name] = model.fit(features, target)
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS).astype({"tag": "string", "status": "string"})
    if not models:
        who = f"coder {coder!r}" if coder is not None else "the coders"
        raise NotEnoughTagsError(
            f"Too few tags to learn from: {who} coded {len(labelled)} sentence(s) of this corpus, and no tag has "
            f"{min_examples} tagged and {min_examples} untagged ones yet. Tag more sentences in the card view "
            "or the grid (moving on marks a sentence coded), then train again."
        )
    return Suggester([name for name in names if name in models], report, vectorizer, models)

"""Fingerprints of feature extractors, stored with the weights learned from them.

A learned part of the workbench (the name finder, any other classifier over hashed features)
ships weights that only mean something for the exact features they were trained on. Change a
word list, a tokenizer or a feature template, and the weights silently score other features.
To catch that, training stores a *fingerprint* of the extractor beside the weights: a SHA-256
of what the extractor produces for a fixed probe (sentences written for the purpose), together
with a short description of the feature space (dimensions, hashing, classes). A test then
recomputes it from the code at hand and compares: :func:`check` raises
:class:`FingerprintError` naming the command that retrains.

Only the digest is stored, never the probe's features, so the weights file stays small.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from workbench.errors import WorkbenchError


class FingerprintError(WorkbenchError, RuntimeError):
    """A model's stored fingerprint no longer matches its feature extractor: the weights need retraining."""


def fingerprint(description: str, rows: Iterable[Sequence[object]]) -> str:
    """Return the SHA-256 (hex) of a feature space's ``description`` and the feature ``rows`` of a probe.

    Parameters
    ----------
    description
        What defines the feature space beyond the rows themselves (dimensions, hash function,
        class names): a change to it changes the fingerprint even when the probe's features do not.
    rows
        The extractor's output on the probe, one row per example (e.g. a candidate's feature
        strings, or its span followed by them), in a fixed order. Items are written with ``str``;
        a row's items are kept in their order, so sort them first when the order means nothing.

    Examples
    --------
    >>> fingerprint("d=16", [["bias", "word=ann"]]) == fingerprint("d=16", [["bias", "word=ann"]])
    True
    >>> fingerprint("d=16", [["bias"]]) == fingerprint("d=32", [["bias"]])
    False
    """
    digest = hashlib.sha256()
    digest.update(description.encode("utf-8"))
    for row in rows:
        # Unit and record separators cannot occur in feature strings: rows stay apart.
        digest.update(b"\x1e")
        digest.update("\x1f".join(str(item) for item in row).encode("utf-8"))
    return digest.hexdigest()


def check(stored: str, current: str, *, model: str, retrain: str) -> None:
    """Raise :class:`FingerprintError` when the ``stored`` fingerprint differs from the ``current`` one.

    Parameters
    ----------
    stored
        The fingerprint written with the weights at training time.
    current
        The fingerprint of the extractor as the code computes it now.
    model
        What the weights are, for the message ("the name finder (workbench/data/names_model.npz)").
    retrain
        The command that retrains the weights from the code at hand.

    Raises
    ------
    FingerprintError
        When the two differ: the features changed since the weights were trained.
    """
    if stored != current:
        raise FingerprintError(
            f"The weights of {model} were trained on other features than the code now extracts "
            f"(fingerprint {stored[:12]}... stored, {current[:12]}... now). Retrain them with `{retrain}` "
            "and commit the new weights with the change."
        )

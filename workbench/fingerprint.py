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
:func:`save_weights` writes a weights file whose bytes depend on its arrays alone, so that a
test can compare a retrained file with the shipped one byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import pathlib
import zipfile
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

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


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date every entry of a weights archive carries: the file's bytes depend on the arrays alone."""


def save_weights(path: pathlib.Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Write ``arrays`` as a compressed ``.npz`` that ``np.load`` reads, the same bytes on every run.

    Entries are written in name order with a fixed date and fixed permissions, whatever the clock
    or the numpy version's own ``savez``; hashed weight columns nobody uses are zeros, so
    compression keeps such files small.
    """
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(arrays[name]), allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, buffer.getvalue())

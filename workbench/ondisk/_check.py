"""Checking an on-disk corpus: every part file against the size, rows and checksum its build recorded."""

from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass, field

from workbench.errors import LoadError
from workbench.ondisk import _layout


@dataclass(frozen=True)
class CorpusCheck:
    """What :func:`check_corpus` found: the damaged or missing part files, and the partitions that failed to build.

    Attributes
    ----------
    path
        The corpus folder.
    partitions
        How many partitions the manifest lists as written.
    damaged
        Each part file that is missing or differs from what its build wrote, with what is wrong.
    failed
        The numbers of the partitions that failed after their retries (their inputs are rows of
        the ``errors`` table); a new build tries them again.
    """

    path: pathlib.Path
    partitions: int
    damaged: list[_layout.Damage] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every part file is as its build wrote it."""
        return not self.damaged

    def __str__(self) -> str:
        if self.ok:
            return f"{self.path}: {self.partitions} partition(s), every part file intact"
        lines = [f"{self.path}: {len(self.damaged)} damaged part file(s) of {self.partitions} partition(s)"]
        lines += [f"  {damage.path}: {damage.problem.value}" for damage in self.damaged]
        return "\n".join(lines)


def check_corpus(path: str | os.PathLike) -> CorpusCheck:
    """Check every part file of the on-disk corpus at ``path`` against what its build recorded.

    Each file's size and the SHA-256 of its bytes are compared with the partition's record in
    ``_done/``, and the actors summary with the manifest's. A truncated, altered or missing file
    is listed by name; ``workbench build SOURCE --out DIR --repair`` (or ``build_corpus(...,
    repair=True)``) rebuilds just the partitions that hold one.

    Raises
    ------
    LoadError
        When ``path`` holds no readable manifest.
    """
    out = pathlib.Path(path)
    try:
        manifest = json.loads((out / _layout.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(f"{str(out)!r} is not an on-disk corpus ({type(exc).__name__}: {exc}).") from None
    keys = [key for key in manifest.get("partitions", []) if key is not None]
    damaged = [damage for key in keys for damage in _layout.verify(out, key)]
    actors = out / _layout.ACTORS
    written = manifest.get("actors_file")
    if not actors.exists():
        damaged.append(_layout.Damage(actors, _layout.Problem.MISSING))
    elif written is not None and _layout.record(actors, written["rows"]) != written:
        damaged.append(_layout.Damage(actors, _layout.Problem.CHECKSUM))
    return CorpusCheck(out, len(keys), damaged, list(manifest.get("failed_partitions", [])))

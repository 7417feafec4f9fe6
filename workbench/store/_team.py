"""Gathering coders' stores into a team store: :func:`merge`, behind ``workbench merge``."""

from __future__ import annotations

import os
import pathlib

from workbench.errors import StoreError
from workbench.store._merge import Merge
from workbench.store._source import codebook_of, read_only
from workbench.store._store import TagStore


def merge(paths: list[str | os.PathLike], out: str | os.PathLike, *, strict: bool = False) -> list[Merge]:
    """Merge the stores at ``paths``, in order, into the team store ``out``; return what each merge did.

    ``out`` is created when missing, with the codebook of the first store; an existing ``out``
    keeps its own. Every store is checked first (a whole tag store, see :func:`~workbench.store._source.read_only`), so
    one that is not leaves ``out`` as it was. With ``strict``, the first conflict raises a StoreError (the stores merged
    before it stay merged: merging them again changes nothing).
    """
    if not paths:
        raise StoreError("Name at least one store to merge.")
    for path in paths:  # every store is checked before the team store is made or written
        with read_only(pathlib.Path(path).expanduser()):
            pass
    target = pathlib.Path(out).expanduser()
    codebook = None if target.exists() else codebook_of(paths[0])
    with TagStore(target, codebook=codebook) as team:
        return [team.merge_from(path, strict=strict) for path in paths]

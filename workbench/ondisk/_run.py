"""Running a build's partitions on a Dask client: which to run, the run itself, and what it leaves in ``out``.

The client is the one given, one connected to a scheduler's address, or a ``LocalCluster`` of
this machine's cores. Partitions whose files are intact are not run again; those that fail after
their retries are written as error rows; part files of partitions no longer in the input are
removed; each partition's actors summary is read back for the corpus-wide ``actors`` table.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench import actors as _actors
from workbench.errors import LoadError
from workbench.ondisk import _input, _layout, _reading
from workbench.ondisk._partition import Extraction, Report, build_part, intact

if TYPE_CHECKING:
    from dask.delayed import Delayed
    from distributed import Client


class Failed(NamedTuple):
    """A partition that failed after its retries: what it reads, and the last error."""

    number: int
    inputs: tuple[str, ...]
    error: str


@contextlib.contextmanager
def connect(client: Client | str | None, workers: int | None, threads: int, timeout: float) -> Iterator[Client]:
    """Yield the client to build with: the one given, one connected to an address, or a new ``LocalCluster``'s.

    Raises
    ------
    LoadError
        When no scheduler answers at the address ``client`` within ``timeout`` seconds.
    """
    from distributed import Client, LocalCluster

    if isinstance(client, Client):
        yield client
        return
    if isinstance(client, str):
        try:
            connected = Client(client, timeout=timeout)
        except (OSError, ValueError, TypeError) as exc:
            raise LoadError(
                f"No Dask scheduler answers at {client!r} ({type(exc).__name__}: {' '.join(str(exc).split())}); "
                "nothing was written. Start one with 'dask scheduler' and give the address it prints "
                "(tcp://host:8786), or leave the scheduler out to build on this machine's cores."
            ) from None
        with connected:
            yield connected
        return
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(n_workers=count, threads_per_worker=threads, processes=True) as cluster,
        Client(cluster) as local,
    ):
        yield local


def run(
    client: Client,
    tasks: dict[int, Delayed],
    inputs: list[tuple[str, ...]],
    retries: int,
    progress: bool,
    *,
    count: int | None = None,
) -> tuple[list[Report | None], list[Failed]]:
    """Run the partitions' tasks (by number) on ``client``; return reports in input order and the partitions failed.

    ``count`` is the number of partitions of the input (those without a task were written before).
    """
    from distributed import as_completed
    from tqdm.auto import tqdm

    numbers = list(tasks)
    futures = client.compute([tasks[number] for number in numbers], retries=retries)
    number_of = {future.key: number for number, future in zip(numbers, futures, strict=True)}
    total = len(futures) if count is None else count
    done: list[Report | None] = [None] * total
    failed: list[Failed] = []
    bar = tqdm(total=total, initial=total - len(futures), desc="partitions", unit="partition", disable=not progress)
    with bar:
        for future in as_completed(futures):
            number = number_of[future.key]
            if future.status == "error":
                error = future.exception()
                message = f"{type(error).__name__}: {' '.join(str(error).split())}"
                failed.append(Failed(number, inputs[number], message))
            else:
                row = future.result().iloc[0]
                rows = {table: int(row[table]) for table in _layout.TABLES}
                done[number] = Report(row["key"], bool(row["skipped"]), rows)
            bar.update()
            future.release()
    return done, sorted(failed)


def build_files(
    client: Client,
    parts: list[_input.Part],
    out: pathlib.Path,
    reading: _reading.Reading,
    extraction: Extraction,
    retries: int,
    progress: bool,
) -> tuple[list[Report | None], list[Failed], list[tuple[str, ...]]]:
    """Build the partitions ``parts`` of a file input that have no intact files in ``out``; skip the others unread.

    A partition's key is what it reads (each file's path, size, modification time and SHA-256;
    see :func:`~workbench.ondisk._input.part_key`), so a partition written before is found
    without reading its input; its files are checked on the workers, and only the partitions
    with no intact files are read and extracted. The files' states are recorded in ``out``
    before the build, so a build stopped half-way resumes without hashing its input again.
    """
    import dask

    recorded = _layout.read_json(out / _layout.INPUTS) or {}
    known = {
        path: _input.FileState(*state)
        for path, state in recorded.items()
        if isinstance(state, list) and len(state) == len(_input.FileState._fields)
    }  # an unreadable record only means hashing the files again
    states = _input.file_states(parts, known)
    _layout.write_json(out / _layout.INPUTS, {path: list(state) for path, state in states.items()})
    keys = [_input.part_key(number, part, states, extraction.fingerprint) for number, part in enumerate(parts)]
    candidates = [number for number, key in enumerate(keys) if _layout.done_path(out, key).exists()]
    checked = client.gather(client.compute([dask.delayed(intact)(str(out), keys[n]) for n in candidates]))
    written = {number: rows for number, rows in zip(candidates, checked, strict=True) if rows is not None}
    reads = _reading.read_tasks(parts, reading, wanted=set(range(len(parts))) - set(written))
    shared = dask.delayed(extraction)
    tasks = {
        number: dask.delayed(build_part)(read, out=str(out), extraction=shared, key=keys[number])
        for number, read in reads.items()
    }
    inputs = [part.paths for part in parts]
    done, failed = run(client, tasks, inputs, retries, progress, count=len(parts))
    for number, rows in written.items():
        done[number] = Report(keys[number], True, rows)
    return done, failed, inputs


def write_failures(out: pathlib.Path, failed: list[Failed]) -> None:
    """Write the failed partitions as error rows (one per input they read), or remove those of an earlier run."""
    path = out / "errors" / _layout.FAILED
    if not failed:
        path.unlink(missing_ok=True)
        return
    rows = [
        (where, f"partition {item.number} failed after its retries ({item.error}); build again to retry it")
        for item in failed
        for where in item.inputs
    ]
    _layout.write_table(pd.DataFrame(rows, columns=["path", "error"]), "errors", path)


def remove_stale(out: pathlib.Path, keys: set[str]) -> None:
    """Remove the part files of partitions that are not part of this build (an earlier input's); nothing else."""
    for folder in (*_layout.TABLES, _layout.ACTOR_PARTS, _layout.DONE):
        for path in (out / folder).iterdir():
            key = _layout.key_of(path)
            if key is not None and key not in keys:
                path.unlink()


def actor_parts(out: pathlib.Path, keys: list[str]) -> Iterator[pd.DataFrame]:
    """Yield each partition's ``actors`` summary, in input order, one at a time.

    A partition written before these summaries were kept (an older build being completed) is
    summarised from its mentions here, one partition in memory at a time.
    """
    for key in keys:
        path = _layout.part_path(out, _layout.ACTOR_PARTS, key)
        yield (
            _layout.read_part(out, _layout.ACTOR_PARTS, key)
            if path.exists()
            else _actors.summarise(_layout.read_part(out, "mentions", key))
        )

"""Corpora larger than memory: the tables built on Dask into partitioned Parquet, and opened lazily.

:func:`build_corpus` reads the input as a Dask dataframe of articles (one partition per group of
files, per range of lines of a large JSON Lines file, per run of Parquet row groups, or per slice
of a DataFrame), runs
:func:`workbench.pipeline.extract` on each partition where it lies (``map_partitions``: a task
carries its partition's articles, never the word lists or the name finder's weights, which each
worker process loads once) and writes every table as one Parquet file per partition under
``out/<table>/``, with ``out/manifest.json``. A worker's memory therefore follows the partition
size, not the corpus size. The same build runs on a laptop's cores (a ``LocalCluster``) or on any
``dask.distributed`` cluster (``client=``).

:func:`open_corpus` returns an :class:`OnDiskCorpus`: Dask dataframes over those files, with the
columns and dtypes of the in-memory :class:`~workbench.corpus.Corpus`, and methods that pull a
slice (by article, by date, a sample, a search) into an ordinary ``Corpus`` for the tagging views,
the charts and the tag store. Sentence ids are content hashes, so a tag given on a slice is a tag
on the whole corpus.

Layout of ``out/``::

    manifest.json                  version, source, options, partitions in input order, row counts, schema
    articles/part-<key>.parquet    one file per partition and table (sentences/, mentions/, claims/, errors/)
    actors/actors.parquet          the actors summary, a group-by over all mentions
    errors/failed.parquet          partitions that failed after their retries (only when some did)
    _actors/part-<key>.parquet     each partition's own actors summary
    _done/<key>.json               the partitions written: rows, and each part file's size and SHA-256
    _inputs.json                   each input file's size, modification time and SHA-256 as last built

A partition's key is its position and a hash of what it reads (each input file's absolute path,
size and SHA-256, and the range of lines or row groups it reads) and the build options; a
DataFrame's partition, which has no file, is keyed by its articles. A second build of the same
input finds every partition already written without reading its input (a file whose size and
modification time are as ``_inputs.json`` records them is not hashed again; one only touched is
hashed and keeps its partitions), skips those whose files are as they were written, and reads and
writes only the missing, damaged or changed ones. :func:`check_corpus`
lists the damaged files by name; ``build_corpus(..., repair=True)`` rebuilds just their partitions.
Dask is an optional dependency: ``pip install 'workbench[dask]'``.
"""

from __future__ import annotations

from workbench.ondisk._build import DEFAULT_PARTITION_SIZE, build_corpus
from workbench.ondisk._check import CorpusCheck, check_corpus
from workbench.ondisk._layout import Damage, Problem, UnsharedPathError
from workbench.ondisk._open import OnDiskCorpus, open_corpus

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "CorpusCheck",
    "Damage",
    "OnDiskCorpus",
    "Problem",
    "UnsharedPathError",
    "build_corpus",
    "check_corpus",
    "open_corpus",
]

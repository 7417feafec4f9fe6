"""Interchange with other qualitative-analysis tools through the REFI-QDA standard (QDA-XML 1.0).

- :func:`write_qdc` / :func:`read_qdc`: codebooks as ``.qdc`` files (codes with GUID, name,
  colour, description and one level of nesting for groups).
- :func:`write_qdpx` / :func:`read_qdpx`: the tagged corpus as a ``.qdpx`` project (article
  texts as sources, tags as coded text selections by character offsets, coders as users), so
  work can continue in QualCoder, ATLAS.ti, MAXQDA or NVivo.

Example
-------
>>> import tempfile, pathlib
>>> from workbench import Codebook
>>> from workbench.interchange import read_qdc, write_qdc
>>> path = write_qdc(Codebook.default(), pathlib.Path(tempfile.mkdtemp()) / "news.qdc")
>>> read_qdc(path).groups["conflict"][:2]
['escalation', 'de-escalation']
"""

from __future__ import annotations

from workbench.interchange._qdc import CODEBOOK_NS, PROJECT_NS, read_qdc, to_qdc, write_qdc
from workbench.interchange._qdpx import Project, read_qdpx, write_qdpx

__all__ = ["CODEBOOK_NS", "PROJECT_NS", "Project", "read_qdc", "read_qdpx", "to_qdc", "write_qdc", "write_qdpx"]

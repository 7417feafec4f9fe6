"""Name finders the actors stage can use: the shipped model, a spaCy pipeline, or the analyst's own function.

``load(..., ner=...)`` takes any of them; :func:`finder` turns the choice into one callable
from a batch of articles (each a text, its sentence offsets and its dictionary names) to the
:class:`~workbench.actors.model.Name` records of each.
Whatever finds the names, the rules then give each actor one canonical name (dictionary,
people folded by surname, acronyms learnt per article), so the actors table keeps one row per
actor with every backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from workbench.actors.features import Document
from workbench.actors.model import Kind, Name, NameModel
from workbench.errors import MissingExtraError, NerError

SentenceFinder = Callable[[str], Iterable[tuple[int, int, str]]]
"""An analyst's name finder: a sentence's text to ``(start, end, label)`` spans of that sentence."""

Finder = Callable[[Sequence[Document]], list[list[Name]]]
"""What the actors stage calls: a batch of articles (text, sentence offsets, dictionary names) to the names of each."""

_LABELS = {
    "per": Kind.PERSON,
    "person": Kind.PERSON,
    "org": Kind.ORGANIZATION,
    "organization": Kind.ORGANIZATION,
    "organisation": Kind.ORGANIZATION,
    "loc": Kind.PLACE,
    "location": Kind.PLACE,
    "place": Kind.PLACE,
    "gpe": Kind.PLACE,
    "fac": Kind.PLACE,
}
"""Labels of other finders (spaCy's among them), case-insensitive; any other label is not an actor."""


class Builtin:
    """The shipped model (picklable, so worker processes load the weights themselves, once)."""

    def __call__(self, articles: Sequence[Document]) -> list[list[Name]]:
        """Return the names the shipped model finds in each article, all scored in one batch."""
        return NameModel.shipped().names(articles)


class PerSentence:
    """A finder that looks at one sentence at a time: a spaCy pipeline or a plain function."""

    def __init__(self, find: Callable[[list[str]], Iterable[Iterable[tuple[int, int, str]]]]) -> None:
        self.find = find

    def __call__(self, articles: Sequence[Document]) -> list[list[Name]]:
        """Return the names of each article, found sentence by sentence; unknown labels are dropped."""
        return [self._article(article.text, article.sentences) for article in articles]

    def _article(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Name]:
        found: list[Name] = []
        for (start, end), names in zip(spans, self.find([text[s:e] for s, e in spans]), strict=True):
            for begin, stop, label in names:
                kind = _LABELS.get(str(label).lower())
                if kind is not None and 0 <= begin < stop <= end - start:
                    found.append(Name(start + int(begin), start + int(stop), kind, 1.0))
        return found


def _spacy(nlp: Any) -> PerSentence:
    def find(sentences: list[str]) -> Iterable[list[tuple[int, int, str]]]:
        for doc in nlp.pipe(sentences):
            yield [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]

    return PerSentence(find)


def _load_spacy(name: str) -> Any:
    try:
        import spacy
    except ImportError:
        raise MissingExtraError("spacy", "spacy", f"ner={name!r}") from None
    try:
        return spacy.load(name)
    except OSError as exc:
        raise NerError(f"spaCy cannot load the model {name!r} ({exc}); install it or pass ner='builtin'.") from None


def finder(ner: str | SentenceFinder | Any | None = "builtin") -> Finder | None:
    """Return the name finder ``ner`` names: ``"builtin"``, ``None`` (rules only), a spaCy model or a function.

    Parameters
    ----------
    ner
        ``"builtin"`` (the shipped model), ``None`` or ``"rules"`` (dictionary and rules only),
        an installed spaCy model's name or a loaded spaCy pipeline, or a function from a
        sentence's text to ``(start, end, label)`` spans with labels such as ``"person"``,
        ``"organization"``, ``"place"`` (or spaCy's ``PERSON``, ``ORG``, ``GPE``, ``LOC``).
        People and organisations become actors; places count only when the dictionary knows
        them, since the places that act (countries, capitals, regions) are in it.

    Raises
    ------
    MissingExtraError
        When ``ner`` names a spaCy model and spaCy is not installed.
    NerError
        When the spaCy model is missing, or ``ner`` is none of the above.
    """
    if ner is None or ner == "rules":
        return None
    if ner == "builtin":
        return Builtin()
    if isinstance(ner, str):
        return _spacy(_load_spacy(ner))
    if hasattr(ner, "pipe") and hasattr(ner, "pipe_names"):
        return _spacy(ner)
    if callable(ner):
        function = ner
        return PerSentence(lambda sentences: (function(sentence) for sentence in sentences))
    raise NerError(
        f"ner={ner!r} is not a name finder; pass 'builtin', None, a spaCy model name or pipeline, "
        "or a function from a sentence to (start, end, label) spans."
    )

"""Generated news corpora with known answers: several outlets over weeks, and planted syndicated copies.

For trying the trend and source views on more than the sample article, and for measuring duplicate
detection: :func:`news` writes articles from sentence templates (countries, officials, claims with
"said that", numbers and dates) in which each outlet leans towards its own topics and one topic
surges for a few weeks; :func:`syndicate` adds copies of some articles as other outlets republish
wire copy (a new headline, a byline, an ending trimmed or extended) and says which copy belongs to
which original. The same ``seed`` always gives the same articles.

Examples
--------
>>> articles = news(20, seed=1)
>>> list(articles.columns)
['id', 'title', 'published', 'source', 'url', 'text']
>>> copies, groups = syndicate(articles, copies=5, seed=1)
>>> len(copies), groups.nunique()
(25, 20)
"""

from __future__ import annotations

import itertools
import random
from typing import NamedTuple

import pandas as pd

SOURCES = {
    "Global Wire": ["sanctions", "nuclear", "ceasefire", "trade"],
    "Daily Ledger": ["trade", "sanctions", "elections"],
    "Evening Post": ["ceasefire", "elections", "aid"],
    "Coast Radio": ["climate", "aid", "trade"],
}
"""Outlets and the topics each covers most (in that order)."""


class _Topic(NamedTuple):
    """What articles on one topic talk about: countries, a noun phrase, its verbs and numbers."""

    countries: tuple[str, ...]
    subject: str
    actions: tuple[str, ...]
    measure: str


TOPICS = {
    "sanctions": _Topic(("Iran", "Russia", "Venezuela"), "new sanctions", ("impose", "lift", "extend"), "assets"),
    "nuclear": _Topic(("Iran", "France", "Germany"), "the nuclear deal", ("revive", "inspect", "renegotiate"), "sites"),
    "ceasefire": _Topic(("Israel", "Lebanon", "Egypt"), "a ceasefire", ("broker", "monitor", "extend"), "hostages"),
    "trade": _Topic(("China", "Japan", "Brazil"), "the tariff accord", ("sign", "review", "suspend"), "exports"),
    "elections": _Topic(("Nigeria", "India", "Turkey"), "the election", ("certify", "observe", "delay"), "ballots"),
    "climate": _Topic(("Brazil", "Norway", "Kenya"), "the climate fund", ("finance", "expand", "audit"), "projects"),
    "aid": _Topic(("Sudan", "Ukraine", "Yemen"), "the aid corridor", ("reopen", "secure", "expand"), "convoys"),
}
"""Each topic's countries, subject, verbs and counted things."""

_ROLES = ["Foreign Minister", "Defense Minister", "Prime Minister", "Finance Minister", "President"]
_PEOPLE = [
    "Amira Haddad", "Tomas Ortiz", "Priya Raman", "Oleg Voronin", "Grace Adeyemi", "Kenji Morita",
    "Lucia Ferraro", "Daniel Okafor", "Hannah Brandt", "Samir Khalil", "Mei Lin", "Rafael Cardoso",
]  # fmt: skip
_CUES = ["said", "warned", "argued", "insisted", "told reporters"]
_PLACES = ["Geneva", "Vienna", "Doha", "Nairobi", "Brussels", "Oslo", "Cairo", "Ankara", "Jakarta", "Lima"]
_WORDS = [
    "officials", "diplomats", "negotiators", "analysts", "lawmakers", "envoys", "observers", "aides",
    "delegates", "ministers", "experts", "monitors", "advisers", "bankers", "economists", "generals",
]  # fmt: skip
_MOODS = ["cautious", "upbeat", "divided", "frustrated", "hopeful", "wary", "silent", "tense"]
_TEMPLATES = [
    "{role} {person} of {country} {cue} that talks to {action} {subject} would resume in {place} on {day}.",
    "{country} and {other} agreed to {action} {subject} after {number} hours of talks with {words}.",
    "{person} {cue} that {country} could not {action} {subject} while {number} {measure} remain at stake.",
    "According to {words} in {place}, {country} has offered {number} {measure} to {action} {subject}.",
    "{Words} from {country} were {mood} about {subject}, and {other} asked for {number} more days.",
    "The {role} of {other}, {person}, {cue} that {country} must {action} {subject} before {day}.",
    "{Number} {measure} were counted in {place} on {day}, {words} close to {person} said.",
    "Talks on {subject} between {country} and {other} in {place} ended with {words} {mood} but engaged.",
    "{person} met {words} from {other} in {place} and {cue} that {subject} was within reach.",
    "{Words} expect {country} to {action} {subject} within {number} weeks, a {mood} sign for {other}.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_AGENCIES = ["Global Wire", "Reuters", "Agence Presse", "Associated Press"]


def news(
    n_articles: int = 300,
    *,
    start: str = "2024-01-01",
    weeks: int = 12,
    surge: str = "ceasefire",
    seed: int = 0,
) -> pd.DataFrame:
    """Return ``n_articles`` generated articles from the outlets of :data:`SOURCES`, over ``weeks`` weeks.

    Each outlet writes mostly on its own topics (first listed most); the ``surge`` topic is three
    times as frequent in weeks 5 to 7 as elsewhere, in every outlet. Articles have 6 to 14
    sentences in 2 to 4 paragraphs, a headline, a date and a URL.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``title``, ``published`` (ISO date), ``source``, ``url`` and ``text``:
        what :func:`workbench.load` reads.
    """
    rng = random.Random(seed)
    first = pd.Timestamp(start)
    rows = []
    for number in range(n_articles):
        source = rng.choice(list(SOURCES))
        day = rng.randrange(weeks * 7)
        topics = SOURCES[source]
        weights = [
            (3.0 if topic == surge and 28 <= day < 49 else 1.0) / (rank + 1) for rank, topic in enumerate(topics)
        ]
        topic = rng.choices(topics, weights=weights)[0]
        text = _article(rng, TOPICS[topic])
        published = first + pd.Timedelta(days=day)
        rows.append(
            {
                "id": f"news-{number:06d}",
                "title": _headline(rng, TOPICS[topic]),
                "published": published.strftime("%Y-%m-%d"),
                "source": source,
                "url": f"https://example.org/{source.lower().replace(' ', '-')}/{number:06d}",
                "text": text,
            }
        )
    return pd.DataFrame(rows, columns=["id", "title", "published", "source", "url", "text"])


def _article(rng: random.Random, topic: _Topic) -> str:
    """Write one article on ``topic``: sentences from the templates, grouped into paragraphs."""
    sentences = [_sentence(rng, topic) for _ in range(rng.randint(6, 14))]
    cuts = sorted(rng.sample(range(1, len(sentences)), rng.randint(1, 3)))
    bounds = [0, *cuts, len(sentences)]
    return "\n\n".join(" ".join(sentences[a:b]) for a, b in itertools.pairwise(bounds))


def _sentence(rng: random.Random, topic: _Topic) -> str:
    country, other = rng.sample(topic.countries, 2)
    words = rng.choice(_WORDS)
    number = str(rng.randint(2, 900))
    sentence = rng.choice(_TEMPLATES).format(
        role=rng.choice(_ROLES),
        person=rng.choice(_PEOPLE),
        country=country,
        other=other,
        cue=rng.choice(_CUES),
        action=rng.choice(topic.actions),
        subject=topic.subject,
        place=rng.choice(_PLACES),
        day=rng.choice(_DAYS),
        number=number,
        Number=number,
        measure=topic.measure,
        words=words,
        Words=words.capitalize(),
        mood=rng.choice(_MOODS),
    )
    return sentence[0].upper() + sentence[1:]


def _headline(rng: random.Random, topic: _Topic) -> str:
    country = rng.choice(topic.countries)
    return f"{country} {rng.choice(['weighs', 'rejects', 'backs', 'questions'])} {topic.subject}"


def syndicate(articles: pd.DataFrame, *, copies: int = 100, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """Return ``articles`` with ``copies`` republished copies added, and the original of every article.

    Each copy takes an article at random (an article may be copied several times) and applies
    what republishing does: another outlet and a date up to three days later, always; an edited
    headline, a byline before the text, the ending trimmed by up to a third or extended by a
    paragraph of up to a third, each with even odds.

    Returns
    -------
    tuple
        The articles (originals first, then copies, ids ``copy-N``) and a Series aligned with them
        giving each article's original ``id`` (an original's own id): the true groups.
    """
    rng = random.Random(seed)
    records = articles.to_dict("records")
    made = []
    for number in range(copies):
        original = rng.choice(records)
        made.append(_copy(rng, original, number))
    frame = pd.concat([articles, pd.DataFrame(made, columns=[*articles.columns, "original"])], ignore_index=True)
    truth = frame.pop("original").fillna(frame["id"]).rename("original")
    return frame, truth


def _copy(rng: random.Random, original: dict, number: int) -> dict:
    """Republish one article: a new outlet and date, then each edit with even odds."""
    text = original["text"]
    title = original["title"]
    if rng.random() < 0.5:
        title = f"{rng.choice(['UPDATE 1-', 'Analysis: ', 'Exclusive: '])}{title}"
    if rng.random() < 0.5:
        text = f"By {rng.choice(_PEOPLE)}, {rng.choice(_AGENCIES)}\n\n{text}"
    sentences = text.split(". ")
    if rng.random() < 0.5:
        keep = len(sentences) - int(len(sentences) * rng.uniform(0.1, 0.33))
        text = ". ".join(sentences[: max(keep, 2)]).rstrip(".") + "."
    elif rng.random() < 0.5:
        topic = TOPICS[rng.choice(list(TOPICS))]
        extra = [_sentence(rng, topic) for _ in range(max(1, int(len(sentences) * rng.uniform(0.1, 0.33))))]
        text = f"{text}\n\n{' '.join(extra)}"
    published = pd.Timestamp(original["published"]) + pd.Timedelta(days=rng.randint(0, 3))
    source = rng.choice([name for name in SOURCES if name != original["source"]])
    return {
        "id": f"copy-{number:06d}",
        "title": title,
        "published": published.strftime("%Y-%m-%d"),
        "source": source,
        "url": f"https://example.org/{source.lower().replace(' ', '-')}/copy-{number:06d}",
        "text": text,
        "original": original["id"],
    }

"""Deterministic generator of news-like articles for benchmarks.

The articles are written from templates in the style of wire copy: titles and honorifics,
abbreviated months and states, company suffixes, money, decimals, initials, quotes, reported
speech ("X said that ..."), numbered lists, ellipses, country and person names, and a few
lines of scraped page junk. The same ``seed`` always gives the same articles.

Other benchmarks import it::

    sys.path.insert(0, "bench")
    from corpus import make_articles

Run ``python bench/corpus.py --megabytes 1 --out /tmp/articles.jsonl`` to inspect a sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import random

import pandas as pd

PEOPLE = [
    ("Carol", "Mendes"),
    ("Tomas", "Ortiz"),
    ("Amira", "Haddad"),
    ("Jonas", "Lindqvist"),
    ("Priya", "Raman"),
    ("Oleg", "Voronin"),
    ("Grace", "Adeyemi"),
    ("Kenji", "Morita"),
    ("Lucia", "Ferraro"),
    ("Daniel", "Okafor"),
    ("Hannah", "Brandt"),
    ("Samir", "Khalil"),
    ("Mei", "Lin"),
    ("Rafael", "Cardoso"),
    ("Ingrid", "Solberg"),
    ("Yusuf", "Demir"),
]
TITLES = ["Mr.", "Ms.", "Dr.", "Gen.", "Sen.", "Gov.", "Rep.", "Prof.", "Sgt.", "Lt. Col."]
ROLES = [
    "Foreign Minister",
    "Defense Minister",
    "President",
    "Prime Minister",
    "U.S. Ambassador",
    "Secretary of State",
    "Finance Minister",
    "spokeswoman",
    "spokesman",
]
COUNTRIES = [
    "Israel",
    "Iran",
    "the United States",
    "the U.S.",
    "France",
    "Germany",
    "Brazil",
    "India",
    "Japan",
    "Nigeria",
    "Turkey",
    "Egypt",
    "Ukraine",
    "Russia",
    "China",
    "the U.K.",
]
ORGS = [
    "the United Nations",
    "the U.N. Security Council",
    "NATO",
    "the European Union",
    "the World Bank",
    "the International Monetary Fund",
    "the African Union",
    "the Red Cross",
]
COMPANIES = ["Acme Corp.", "Borealis Inc.", "Kestrel Ltd.", "Halden & Co.", "Norvik Energy Inc.", "Tessaly Corp."]
CITIES = ["Geneva", "Cairo", "St. Louis", "Ankara", "Brussels", "New Delhi", "Lagos", "Kyiv", "Doha", "Vienna"]
STATES = ["Calif.", "Mass.", "Fla.", "Tex.", "Ill.", "Wash.", "Pa.", "Mich."]
MONTHS = ["Jan.", "Feb.", "March", "April", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
VERBS = ["said", "warned", "argued", "added", "insisted", "noted", "told reporters"]
TOPICS = ["the ceasefire", "the sanctions", "the trade deal", "the aid package", "the border talks", "the budget"]
SOURCES = ["Wire Service", "The Daily Ledger", "Harbor Times", "Global Desk", "Evening Courier"]
JUNK = ["Share.", "Advertisement", "Read more", "Exit mobile version", "Share this article", "Related stories"]

TEMPLATES = [
    "{role} {first} {last} {verb} that {country} would not accept {topic} in its current form.",
    "{title} {last} arrived in {city} on {month} {day} for talks with {org}.",
    "{company} reported a {pct} percent rise in quarterly revenue, to ${money} million.",
    "The meeting is set for {hour} p.m. on {month} {day}, officials said.",
    "At {hour} a.m. the delegates from {country} had still not taken their seats.",
    '"We will not be rushed," {title} {last} said. "The talks need time."',
    '"{topic_cap} is not dead," said {first} {last}, a senior adviser to the {role2}.',
    "According to {org}, at least {n} people were displaced in the past week.",
    "{initial}. {initial2}. {last}, who led the inquiry, {verb} the findings were preliminary.",
    "The plan has three parts: (1) a pause in strikes, (2) a prisoner exchange and (3) new monitors.",
    "Officials listed the demands: 1. a full ceasefire, 2. access for aid convoys and 3. a census of detainees.",
    "She met officials from several agencies, e.g. the treasury and the central bank, before the vote.",
    "The fund covers basic needs, i.e. food, water and shelter, for {n} families.",
    "Turnout in {state_city}, {state}, fell to {pct} percent, the lowest since {year}.",
    "The case, {country_adj} vs. {country_adj2}, returns to court on {month} {day}.",
    "Talks covered energy, grain, shipping, etc. and lasted well into the night.",
    "{title} {last} asked, 'Why now?' and left the room without waiting for an answer.",
    "'Why now?' she asked, before the chairman cut the session short.",
    "The minister paused... then said the decision had already been made.",
    "Nobody expected the vote to pass... The opposition walked out an hour later.",
    "{first} {last} lives at No. {n2} Harbor Road, near St. Mary's hospital.",
    "Shares of {company} fell {pct} percent after the announcement.",
    "The statement was posted at https://example.org/news/{n} and shared by {email}.",
    "{country_cap} and {country2} signed a memorandum in {city} on {month} {day}.",
    "Analysts at {company} estimate the cost at ${money} billion over {n2} years.",
    "(The ministry did not respond to a request for comment.)",
    "Asked whether talks would resume, {first} {last} replied: \u201cNot this month.\u201d",
    "\u201cWe are ready to talk,\u201d {title} {last} told reporters, \u201cbut not under threat.\u201d",
    "Critics warned that the deal may weaken oversight of {org}.",
    "It is unclear whether {country} will join the agreement before the summit.",
    "Troops crossed the border at 4:{minute} a.m. local time, the army said.",
    "The index closed at {big}.{pct_dec} points, down {pct} percent on the day.",
    "Lt. Gen. {first} {last} of the {country_adj} army denied the report.",
    "Diplomats described the session as tense but productive.",
    "Protests spread to {city} and {city2} over the weekend.",
    "{org_cap} has urged both sides to show restraint.",
    "Wow! The crowd did not see that coming.",
    "Will the deal hold? Few in {city} think so.",
    "The U.S. Treasury announced new measures against {company} on {month} {day}.",
    "The sanctions were drafted in the U.S. The European Union is expected to follow.",
    "Sen. {last} (D-{state_short}) voted against the measure, citing its cost.",
    "The report runs to {n2} pages [see annex 2] and was published on Monday.",
    "Inflation eased to {pct} percent in {month} {year}, from {pct2} percent a month earlier.",
]

COUNTRY_ADJ = ["Israeli", "Iranian", "American", "French", "German", "Brazilian", "Indian", "Japanese", "Turkish"]
HEADLINES = [
    "{country_cap} and {country2} agree to resume talks",
    "Markets slide as {company} warns on profits",
    "{org_cap} calls for calm in {city}",
    "Ceasefire holds for a third day",
    "Analysis: what the vote means for {country}",
]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Slots(dict):
    """Template values drawn on first use, so a template only pays for the slots it names."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng
        self.person = rng.choice(PEOPLE)
        self.countries = rng.sample(COUNTRIES, 2)

    def __missing__(self, key: str) -> str:
        value = str(_SLOTS[key](self))
        self[key] = value
        return value


_SLOTS = {
    "role": lambda s: s.rng.choice(ROLES),
    "role2": lambda s: s.rng.choice(ROLES).lower(),
    "title": lambda s: s.rng.choice(TITLES),
    "first": lambda s: s.person[0],
    "last": lambda s: s.person[1],
    "initial": lambda s: s.rng.choice("ABCDEGHJKLMPRST"),
    "initial2": lambda s: s.rng.choice("ABCDEGHJKLMPRST"),
    "verb": lambda s: s.rng.choice(VERBS),
    "country": lambda s: s.countries[0],
    "country_cap": lambda s: _capitalise(s.countries[0]),
    "country2": lambda s: s.countries[1],
    "country_adj": lambda s: s.rng.choice(COUNTRY_ADJ),
    "country_adj2": lambda s: s.rng.choice(COUNTRY_ADJ),
    "org": lambda s: s.rng.choice(ORGS),
    "org_cap": lambda s: _capitalise(s.rng.choice(ORGS)),
    "company": lambda s: s.rng.choice(COMPANIES),
    "city": lambda s: s.rng.choice(CITIES),
    "city2": lambda s: s.rng.choice(CITIES),
    "state": lambda s: s.rng.choice(STATES),
    "state_city": lambda s: s.rng.choice(["Springfield", "Fresno", "Lowell", "Tampa", "Austin", "Flint"]),
    "state_short": lambda s: s.rng.choice(["Calif.", "Mass.", "Ore."]),
    "month": lambda s: s.rng.choice(MONTHS),
    "day": lambda s: s.rng.randint(1, 28),
    "hour": lambda s: s.rng.randint(1, 11),
    "minute": lambda s: f"{s.rng.randint(0, 59):02d}",
    "topic": lambda s: s.rng.choice(TOPICS),
    "topic_cap": lambda s: _capitalise(s.rng.choice(TOPICS)),
    "pct": lambda s: f"{s.rng.uniform(0.1, 9.9):.1f}",
    "pct2": lambda s: f"{s.rng.uniform(0.1, 9.9):.1f}",
    "pct_dec": lambda s: s.rng.randint(10, 99),
    "money": lambda s: f"{s.rng.uniform(1, 900):.2f}",
    "big": lambda s: s.rng.randint(1000, 40000),
    "n": lambda s: s.rng.randint(12, 90000),
    "n2": lambda s: s.rng.randint(2, 99),
    "year": lambda s: s.rng.randint(1980, 2020),
    "email": lambda s: f"press@{s.rng.choice(['ministry', 'agency', 'office'])}.example.org",
}


def _fill(template: str, rng: random.Random) -> str:
    return template.format_map(_Slots(rng))


def _article(rng: random.Random, number: int, sentences_wanted: int) -> tuple[dict, int]:
    """Return one article record and the number of sentences written into it."""
    paragraphs, written = [], 0
    if rng.random() < 0.3:
        paragraphs.append(_fill(rng.choice(HEADLINES), rng))
        written += 1
    while written < sentences_wanted:
        size = min(rng.randint(1, 5), sentences_wanted - written)
        paragraphs.append(" ".join(_fill(rng.choice(TEMPLATES), rng) for _ in range(size)))
        written += size
    junk = rng.sample(JUNK, rng.randint(0, 2))
    text = "\n\n".join(paragraphs + junk)
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))
    record = {
        "id": f"bench-{number:07d}",
        "title": _fill(rng.choice(HEADLINES), rng),
        "published": published.isoformat(),
        "source": rng.choice(SOURCES),
        "url": f"https://news.example.org/{published:%Y/%m/%d}/story-{number}",
        "text": text,
    }
    return record, written


def _generate(*, seed: int, max_bytes: float = float("inf"), max_sentences: float = float("inf")) -> pd.DataFrame:
    rng = random.Random(seed)
    records, size, count = [], 0, 0
    while size < max_bytes and count < max_sentences:
        wanted = int(min(rng.randint(6, 40), max_sentences - count))
        record, written = _article(rng, len(records), wanted)
        records.append(record)
        size += len(record["text"].encode("utf-8"))
        count += written
    return pd.DataFrame(records, columns=["id", "title", "published", "source", "url", "text"])


def make_articles(megabytes: float = 20.0, seed: int = 0) -> pd.DataFrame:
    """Return about ``megabytes`` MB (UTF-8 text) of news-like articles, the same for the same seed.

    Columns: ``id``, ``title``, ``published`` (ISO date string), ``source``, ``url``, ``text``
    (paragraphs separated by blank lines, sometimes followed by page-junk lines).
    """
    return _generate(seed=seed, max_bytes=megabytes * 1_000_000)


def make_corpus_articles_for_sentences(n_sentences: int, seed: int = 0) -> pd.DataFrame:
    """Return articles holding ``n_sentences`` template sentences in total (same columns as ``make_articles``).

    Load them with ``workbench.load(frame)`` to get a corpus of about that many sentences.
    """
    return _generate(seed=seed, max_sentences=n_sentences)


def main(argv: list[str] | None = None) -> None:
    """Write generated articles as JSONL for inspection."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("bench_articles.jsonl"))
    args = parser.parse_args(argv)
    frame = make_articles(args.megabytes, args.seed)
    frame.to_json(args.out, orient="records", lines=True, force_ascii=False)
    print(f"wrote {len(frame):,} articles ({args.megabytes} MB) to {args.out}")


def prefix(texts: list[str], megabytes: float) -> list[str]:
    """Return the first texts that together hold at least ``megabytes`` of UTF-8 (all when fewer)."""
    out, size = [], 0.0
    for text in texts:
        if size >= megabytes:
            break
        out.append(text)
        size += len(text.encode("utf-8")) / 1_000_000
    return out


if __name__ == "__main__":
    main()

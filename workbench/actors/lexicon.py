"""The word lists the actors stage reads capitalised words with, named by what they tell.

A title before a name makes a person, a title alone after a country makes a role, a head noun
at the end of a capitalised phrase makes an organisation, and function words, weekdays and
months that happen to be capitalised are never actors. The words themselves live in
``workbench/data/`` (see :mod:`workbench.lexicon`); the name finder's shipped weights were
trained with these sets, so a change to them changes its features.
"""

from __future__ import annotations

from workbench.lexicon import phrases, word_set

TITLE_HEADS = word_set("titles.txt", "heads", "personal")
"""Words that end a title: "Prime *Minister*", "Secretary of *State*" ends at its head "Secretary"."""
PERSONAL_TITLES = word_set("titles.txt", "personal")
"""Titles that only address a person; alone they name no role."""
TITLE_QUALIFIERS = word_set("titles.txt", "qualifiers")
"""Words that may stand inside a title: "*Defense* Minister", "Secretary of *State*"."""
ORG_HEADS = word_set("organisations.txt")
"""Words that end an organisation's name: "Ministry of Defense", "Institute for the Study of War"."""
GOVERNMENT_HEADS = word_set("organisations.txt", "government")
"""Organisation heads that belong to a state: "Israel's Defense Ministry" is Israel's own ministry."""
NOT_NAMES = word_set("not_names.txt")
"""Words that make a capitalised phrase a place, event or thing, never a person."""
NAME_PARTICLES = word_set("name_words.txt", "particles")
"""Lower-case words that may stand inside a person's name: "Ursula von der Leyen"."""
CONNECTORS = word_set("name_words.txt", "joining", "particles")
"""Lower-case words that may join capitalised words into one name: "Ministry of Foreign Affairs"."""
NAME_SUFFIXES = word_set("name_words.txt", "suffixes")
"""Suffixes after a surname that are not the surname."""
STOP_WORDS = word_set("stop_words.txt") | word_set("calendar.txt")
"""Capitalised words that are never part of an actor's name (sentence openers, weekdays, months)."""
LOCATIVES = word_set("function_words.txt", "locatives")
"""Prepositions after which a capital city is a place ("in Damascus"), not its government."""
PERSON_NOUNS = word_set("speaker_nouns.txt", "appositive")
"""Lower-case nouns before or after a capitalised pair that make it a person ("its founder, Oskar Brandt")."""
LEGAL_FORMS = frozenset(phrases("legal_forms.txt"))
"""Companies' legal forms in lower case, as written after a name ("Orrin Metals Ltd", "Halden Bank AG")."""
FREQUENT_SURNAMES = word_set("name_gazetteer.txt", "surnames_frequent")
"""The most frequent surnames (1990 US Census), in lower case."""
SURNAMES = word_set("name_gazetteer.txt", "surnames")
"""Less frequent surnames (1990 US Census), in lower case."""
GIVEN_NAMES = word_set("name_gazetteer.txt", "given")
"""Every given name of the 1990 US Census files, in lower case (the rules' shorter list is ``given_names.txt``)."""

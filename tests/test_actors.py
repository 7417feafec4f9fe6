import pickle
import random
import re

import pandas as pd
import pytest

import workbench
from workbench import actors
from workbench.actors import canonical, context
from workbench.errors import ActorDictionaryError
from workbench.segmenting import segment_articles

SAMPLE_ACTORS = {
    "Joe Biden": "person",
    "Benjamin Netanyahu": "person",
    "Donald Trump": "person",
    "Qassem Soleimani": "person",
    "Israel": "country",
    "Iran": "country",
    "United States": "country",
    "Lebanon": "country",
    "Hezbollah": "armed group",
    "G7": "organization",
    "UN Security Council": "organization",
    "Gaza": "location",
    "Damascus": "location",
    "Middle East": "location",
    "Israel's Defense Minister": "role",
}


def mentions_of(text: str, dictionary=None) -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
    return actors.find_mentions(articles, segment_articles(articles), dictionary=dictionary)


def found(text: str, dictionary=None) -> set[tuple[str, str, str]]:
    frame = mentions_of(text, dictionary)
    return set(zip(frame["surface"], frame["actor"], frame["actor_type"], strict=True))


def test_sample_article_has_exactly_the_expected_actors(sample_corpus):
    table = sample_corpus.actors
    assert dict(zip(table["actor"], table["actor_type"], strict=True)) == SAMPLE_ACTORS


def test_sample_article_counts_biden_under_every_title(sample_corpus):
    biden = sample_corpus.actors.set_index("actor").loc["Joe Biden"]
    assert biden["n_mentions"] == 8
    assert biden["aliases"] == "Biden"


def test_sample_article_reads_the_security_council_once(sample_corpus):
    council = sample_corpus.mentions.query("actor == 'UN Security Council'")
    assert list(council["surface"]) == ["United Nations Security Council"]
    assert "United Nations" not in set(sample_corpus.actors["actor"])


def test_surfaces_are_exact_slices_of_the_article_text(sample_corpus):
    text = sample_corpus.articles.iloc[0]["text"]
    for row in sample_corpus.mentions.itertuples():
        assert text[row.start : row.end] == row.surface


def test_mentions_lie_inside_their_sentences(sample_corpus):
    sentences = sample_corpus.sentences.set_index("sentence_id")
    joined = sample_corpus.mentions.join(sentences[["start", "end"]].add_suffix("_sentence"), on="sentence_id")
    assert (joined["start"] >= joined["start_sentence"]).all()
    assert (joined["end"] <= joined["end_sentence"]).all()


def test_actors_table_carries_iso_codes(sample_corpus):
    codes = sample_corpus.actors.set_index("actor")["code"]
    assert (codes["Iran"], codes["United States"], codes["Israel's Defense Minister"]) == ("IRN", "USA", "ISR")
    assert pd.isna(codes["Joe Biden"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Israel's army and Israel’s navy.", {("Israel", "Israel", "country")}),
        ("Iranian drones hit Iran's allies.", {("Iranian", "Iran", "country"), ("Iran", "Iran", "country")}),
        ("The U.S. and the United States of America.", {("U.S.", "United States", "country")}),
        ("Americans and Britons agree with the UK.", {("Americans", "United States", "country")}),
        ("The Kremlin rejected the offer.", {("Kremlin", "Russia", "country")}),
        ("Beijing warned Taipei.", {("Beijing", "China", "country"), ("Taipei", "Taiwan", "country")}),
        ("Kiev and Kyiv said no.", {("Kiev", "Ukraine", "country"), ("Kyiv", "Ukraine", "country")}),
        ("Officials in Damascus said so.", {("Damascus", "Damascus", "location")}),
        ("Damascus said so.", {("Damascus", "Syria", "country")}),
        ("The Group of Seven and the G-7 met.", {("Group of Seven", "G7", "organization")}),
        (
            "The United Nations Security Council met.",
            {("United Nations Security Council", "UN Security Council", "organization")},
        ),
        ("Hezbollah, Hamas and the Houthis fired.", {("Houthis", "Houthis", "armed group")}),
        (
            "ISIS and al-Qaeda claimed it.",
            {("ISIS", "Islamic State", "armed group"), ("al-Qaeda", "al-Qaeda", "armed group")},
        ),
        ("Iran's Supreme Leader spoke.", {("Supreme Leader", "Iran's Supreme Leader", "role")}),
        ("The Israeli Defense Ministry replied.", {("Defense Ministry", "Israel's Defense Ministry", "organization")}),
        ("Israel's Supreme Court ruled.", {("Supreme Court", "Israel's Supreme Court", "government body")}),
        (
            "The Ministry of Foreign Affairs replied.",
            {("Ministry of Foreign Affairs", "Ministry of Foreign Affairs", "organization")},
        ),
        ("Acme Corp. reported profits.", {("Acme Corp.", "Acme Corp.", "organization")}),
        (
            "He joined the Progressive Conservative Party.",
            {("Progressive Conservative Party", "Progressive Conservative Party", "organization")},
        ),
        (
            "Scholars at the Institute for the Study of War and Harvard University.",
            {("Harvard University", "Harvard University", "organization")},
        ),
        (
            "The American Enterprise Institute warned.",
            {("American Enterprise Institute", "American Enterprise Institute", "organization")},
        ),
        (
            "Jordan Peterson visited Jordan.",
            {("Jordan Peterson", "Jordan Peterson", "person"), ("Jordan", "Jordan", "country")},
        ),
    ],
)
def test_dictionary_names_and_shapes_resolve_to_canonical_actors(text, expected):
    assert expected <= found(text)


@pytest.mark.parametrize(
    "text, people",
    [
        ("U.S. Ambassador Carol Mendes spoke. Mendes said no.", {"Carol Mendes": 2}),
        ("Mr. Ortiz left. Later, Luis Ortiz came back.", {"Luis Ortiz": 2}),
        ("Gen. Herzi Halevi spoke. Halevi added more.", {"Herzi Halevi": 2}),
        ("Sen. Maria Gonzalez and Rep. Tom Baker disagreed.", {"Maria Gonzalez": 1, "Tom Baker": 1}),
        ("Vice President Kamala Harris spoke; Harris said more.", {"Kamala Harris": 2}),
        ("President Biden met Biden's team and Joe Biden.", {"Joe Biden": 3}),
        ("General Suleimani and Qassem Soleimani.", {"Qassem Soleimani": 2}),
        ("Prof. Wen Chao and Dr. Ines Ferreira published.", {"Wen Chao": 1, "Ines Ferreira": 1}),
        ("Secretary of State Miriam Okafor and Quillon Hahn met.", {"Miriam Okafor": 1, "Quillon Hahn": 1}),
        ("Its founder, Zorbek Tanaz, declined. Ms. Tanaz left.", {"Zorbek Tanaz": 2}),
        ("Zorbek Tanaz said no.", {"Zorbek Tanaz": 1}),
        ("Dr. Marta Lindqvist of the University of Bergen disagreed.", {"Marta Lindqvist": 1}),
    ],
)
def test_people_are_found_from_how_news_names_them(text, people):
    frame = mentions_of(text).query("actor_type == 'person'")
    assert frame["actor"].value_counts().to_dict() == people


@pytest.mark.parametrize(
    "text",
    [
        "Despite the rain, Still more came. Overall, However, Additionally, While it lasted.",
        "On Monday in March and on Sunday, January 5, the talks resumed.",
        "Patriot batteries and Stinger missiles were sent.",
        "Conservatives and analysts disagreed. The President said nothing.",
        "Share. Exit mobile version. Read More.",
        "The Paris Agreement and the Rose Garden were mentioned at King Street.",
    ],
)
def test_capitalised_words_that_are_not_actors_give_no_mentions(text):
    assert mentions_of(text).empty


def test_analyst_dictionary_adds_and_overrides_entries(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "actor,actor_type,code,aliases\n"
        "Acme Widgets,organization,,Acme;the widget maker\n"
        "Iran,country,IRN,Persia;Islamic Republic of Iran;the Islamic Republic\n",
        encoding="utf-8",
    )
    corpus = workbench.load(
        pd.DataFrame([{"text": "Acme sued Persia. Iran replied to the widget maker."}]), actors=path
    )
    counts = corpus.actors.set_index("actor")["n_mentions"]
    assert counts.to_dict() == {"Acme Widgets": 2, "Iran": 2}


def test_analyst_dictionary_keeps_shipped_aliases_of_an_overridden_actor():
    dictionary = actors.dictionary_for(
        pd.DataFrame({"actor": ["Iran"], "actor_type": ["country"], "aliases": ["Persia"]})
    )
    text = "Iranian officials said Persia would not sign the deal."
    assert {("Iranian", "Iran", "country"), ("Persia", "Iran", "country")} <= found(text, dictionary)


@pytest.mark.parametrize(
    "content, message",
    [
        ("actor,aliases\nAcme,Acme Inc\n", r"mine\.csv.*lacks the column\(s\) \['actor_type'\]"),
        ("actor,actor_type,aliases\nAcme,organization,\n,person,Bob\n", r"mine\.csv, row 3: the actor name is empty"),
        ("actor,actor_type,aliases\nAcme,,Acme Inc\n", r"row 2 \('Acme'\): actor_type is empty"),
    ],
)
def test_malformed_analyst_dictionary_names_file_row_and_problem(tmp_path, content, message):
    path = tmp_path / "mine.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorDictionaryError, match=message):
        actors.dictionary_for(path)


def test_missing_analyst_dictionary_says_so(tmp_path):
    with pytest.raises(ActorDictionaryError, match=r"No actor dictionary at .*nothere\.csv"):
        actors.dictionary_for(tmp_path / "nothere.csv")


def test_dictionary_survives_pickling_for_worker_processes():
    dictionary = actors.dictionary_for(
        pd.DataFrame({"actor": ["Acme"], "actor_type": ["organization"], "aliases": [""]})
    )
    copy = pickle.loads(pickle.dumps(dictionary))
    text = "Acme and Iran met."
    pd.testing.assert_frame_equal(mentions_of(text, copy), mentions_of(text, dictionary))


def test_merge_actors_folds_mentions_and_claim_sources(tiny_corpus):
    merged = tiny_corpus.merge_actors("Israel", "Iran")
    row = merged.actors.set_index("actor").loc["Israel"]
    assert row["n_mentions"] == 4 and row["n_articles"] == 2
    assert "Iran" not in set(merged.actors["actor"]) | set(merged.claims["source_actor"].dropna())
    assert "Iran" in set(tiny_corpus.actors["actor"])


def test_merge_actors_rejects_unknown_names(tiny_corpus):
    with pytest.raises(KeyError, match="No actor named 'Atlantis'"):
        tiny_corpus.merge_actors("Israel", "Atlantis")


def test_summarise_of_no_mentions_is_an_empty_actors_table():
    table = actors.summarise(mentions_of("nothing here at all."))
    assert table.empty and list(table.columns)[:7] == [
        "actor",
        "actor_type",
        "code",
        "n_mentions",
        "n_sentences",
        "n_articles",
        "aliases",
    ]


@pytest.mark.parametrize(
    "text, name, surfaces",
    [
        (
            "The Andean Council of River Pilots (ACRP) called a strike. ACRP members stayed home.",
            "Andean Council of River Pilots",
            {"Andean Council of River Pilots", "ACRP"},
        ),
        (
            "On Monday, members of the Coastal Fishers League (KANELO) protested. KANELO said it would sue.",
            "Coastal Fishers League",
            {"Coastal Fishers League", "KANELO"},
        ),
        (
            "Fighters of Jabhat Nasr al-Wadi rejected the truce. JNW later denied it.",
            "Jabhat Nasr al-Wadi",
            {"Jabhat Nasr al-Wadi", "JNW"},
        ),
        (
            "Delegates left the Southern Union of Lake States in May. SULS officials regretted it.",
            "Southern Union of Lake States",
            {"Southern Union of Lake States", "SULS"},
        ),
    ],
)
def test_a_name_spelt_out_once_stands_behind_its_acronym(text: str, name: str, surfaces: set[str]) -> None:
    frame = mentions_of(text)
    assert set(frame.loc[frame["actor"] == name, "surface"]) == surfaces
    assert not frame["actor"].isin(["ACRP", "KANELO", "JNW", "SULS"]).any()


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Chancellor Maren Vogt (SPD) spoke on Monday.", "Chancellor Maren Vogt"),
        ("The Chief Executive Officer (CEO) resigned.", "Chief Executive Officer"),
    ],
)
def test_a_bracketed_acronym_after_a_person_or_title_names_no_organisation(text: str, absent: str) -> None:
    assert absent not in set(mentions_of(text)["actor"])


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        ("A London-based insurer filed the claim.", ("London", "London", "location"), "United Kingdom"),
        ("Two Paris-based lenders withdrew.", ("Paris", "Paris", "location"), "France"),
        ("Fighters of the Africa Corps arrived.", ("Africa Corps", "Africa Corps", "organization"), "Africa"),
        ("Gaza's Health Ministry gave the toll.", ("Health Ministry", "Gaza's Health Ministry", "organization"), None),
    ],
)
def test_a_place_that_qualifies_a_name_is_only_a_place(text, expected, absent):
    mentions = found(text)
    assert expected in mentions
    assert absent not in {actor for _, actor, _ in mentions}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Floods spread across southern Africa.", ("southern Africa", "southern Africa", "location")),
        ("Trade with central Asia grew.", ("central Asia", "central Asia", "location")),
        ("Aid reached Africa first.", ("Africa", "Africa", "location")),
    ],
)
def test_a_compass_word_before_a_region_names_a_region(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Ghana left the Economic Community of Coastal States in May.", "Economic Community of Coastal States"),
        ("Delegates flew to the Global Water Forum on Monday.", "Global Water Forum"),
    ],
)
def test_community_and_forum_end_organisation_names(text, name):
    assert name in set(mentions_of(text)["actor"])


@pytest.mark.parametrize(
    "text, person",
    [
        ("Quorra Velt, the club's new striker, scored twice.", "Quorra Velt"),
        ("Idris Okonkwo-Baal, a former trade commissioner, disagreed.", "Idris Okonkwo-Baal"),
    ],
)
def test_an_appositive_naming_a_role_makes_a_person(text, person):
    assert (person, "person") in set(zip(mentions_of(text)["actor"], mentions_of(text)["actor_type"], strict=True))


@pytest.mark.parametrize(
    "text, name, absent",
    [
        ("Researchers at King's College London disagreed.", "King's College London", "United Kingdom"),
        ("Imperial College London opened a lab.", "Imperial College London", "United Kingdom"),
    ],
)
def test_a_city_after_a_college_names_the_college_not_the_country(text, name, absent):
    actors_found = set(mentions_of(text)["actor"])
    assert name in actors_found
    assert absent not in actors_found


def test_a_place_after_an_acronym_that_ends_a_run_is_read_without_error():
    # The acronym cuts the run before the place, which then has no link to the words before it.
    assert ("ACT Norway", "ACT Norway", "organization") in found("The vote was sought by the Party and ACT Norway.")


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        # a dateline's place in capitals is where the story was filed, not a person nor its country
        ("OSLO, Aug 22 (Reuters) - Talks resumed on Monday.", {("OSLO", "Oslo", "location")}, "person"),
        # a wire headline in capitals names the countries it names in lower case
        ("IRAN WARNS ISRAEL OVER STRIKES", {("IRAN", "Iran", "country"), ("ISRAEL", "Israel", "country")}, "person"),
    ],
)  # fmt: skip
def test_names_written_in_capitals_are_found_as_the_dictionary_writes_them(text, expected, absent):
    mentions = found(text)
    assert expected <= mentions
    assert absent not in {kind for _, _, kind in mentions}


@pytest.mark.parametrize(
    "text, short, organisation",
    [
        ("Vestra Holdings GmbH cut 200 jobs. Vestra said demand had fallen.", "Vestra", "Vestra Holdings GmbH"),
        ("Northwind Holdings bought the mill. Analysts said Northwind had paid too much.", "Northwind",
         "Northwind Holdings"),
    ],
)  # fmt: skip
def test_an_organisation_named_by_its_first_word_is_that_organisation_not_a_person(text, short, organisation):
    assert (short, organisation, "organization") in found(text)
    assert not {m for m in found(text) if m[0] == short and m[2] == "person"}


def test_a_person_who_shares_a_name_with_an_organisation_stays_a_person():
    mentions = found("Ann Northwind founded Northwind Holdings. Northwind said she was proud.")
    assert ("Northwind", "Ann Northwind", "person") in mentions


@pytest.mark.parametrize(
    "text, body",
    [
        ("The Storting said on Monday it would vote again.", "Storting"),
        ("Ministers met, and the Landsrat said the budget was short.", "Landsrat"),
        ("The KVRB said it would appeal the fine.", "KVRB"),
        ("Late on Friday the NWRC warned of floods.", "NWRC"),
    ],
)
def test_a_body_named_bare_before_a_verb_of_saying_is_an_organisation(text, body):
    assert (body, body, "organization") in found(text)


@pytest.mark.parametrize(
    "text",
    ["The Minister said the plan was sound.", "The CEO said sales were up.", "The Spokesman said nothing."],
)
def test_a_title_or_a_noun_for_people_before_a_verb_of_saying_names_no_body(text):
    assert not found(text)


@pytest.mark.parametrize(
    "text, company",
    [
        ("Halvorsen said its quarterly profit rose 12 percent.", "Halvorsen"),
        ("Shares in Korvik fell 3 percent after Korvik cut its forecast.", "Korvik"),
        ("Bratteli's chief executive resigned on Monday.", "Bratteli"),
        ("Northwind's Ann Ray said the plan was sound.", "Northwind"),
        ("Vestland Energi chief executive Ola Berg said the merger would close.", "Vestland Energi"),
        ("Brennholt, the Norwegian shipping group, said it would cut 300 jobs.", "Brennholt"),
        ("Korvik, which makes turbines, cut 300 jobs.", "Korvik"),
        ("Halden's Ann Ray scored twice.", "Halden"),
        ("Halvorsen said on Thursday its quarterly profit rose.", "Halvorsen"),  # when it spoke, between
        ("Analysts at Korvik expect a weaker quarter.", "Korvik"),  # a name nothing else read
        ("Shares in Korvik fell.", "Korvik"),
        # a headline in capitals, the name in mixed case below
        ("NORTHWIND SHARES JUMP ON MERGER TALK\n\nNorthwind shares rose 5 percent.", "NORTHWIND"),
        # a role in the body between its name and a person's, a name nothing else read
        ("Brennholt midfielder Ola Berg was sent off.", "Brennholt"),
        ("Korvik chief executive Ann Ray resigned.", "Korvik"),
        # what its shares did, a name nothing else read: in capitals alone, opening a sentence, after "and"
        ("KORVIK SHARES JUMP ON MERGER TALK", "KORVIK"),
        ("Bratteli shares fell 4 percent.", "Bratteli"),
        ("Vestland Energi and Bratteli shares fell.", "Bratteli"),
        ("KORVIK SHARES SLUMP AFTER PROFIT WARNING\n\nKorvik cut its forecast.", "KORVIK"),
        # an acronym with "The" before an appositive that calls it a body
        ("The NWRC, the industry regulator, said it was watching.", "NWRC"),
    ],
)
def test_company_words_an_owned_person_or_an_appositive_make_a_bare_name_an_organisation(text, company):
    mentions = found(text)
    assert {(surface, kind) for surface, _, kind in mentions if surface == company} == {(company, "organization")}


@pytest.mark.parametrize(
    "text, body",
    [
        ("The Cabinet approved the budget late on Monday.", "Cabinet"),
        ("Ola Berg said Parliament would vote on the bill next week.", "Parliament"),
        ("The bill now goes to the Legislature.", "Legislature"),
    ],
)
def test_a_state_body_named_by_its_head_alone_is_an_organisation(text, body):
    assert (body, body, "organization") in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The European Parliament met in Brattvik.",  # a longer name, another reading's
        "The Parliament of Nordland met in Brattvik.",
        "The cabinet approved the budget.",  # a common noun
    ],
)
def test_a_state_body_word_inside_a_longer_name_or_in_lower_case_is_no_body_of_its_own(text):
    assert not {surface for surface, _, _ in found(text)} & {"Parliament", "cabinet"}


def test_a_word_of_a_headline_in_capitals_is_no_person_the_story_never_names():
    text = "KORVIK SHARES SLUMP AFTER PROFIT WARNING\n\nShares in the group fell 12 percent on Tuesday."
    assert not [surface for surface, _, kind in found(text) if kind == "person"]


def test_a_body_named_of_several_fields_keeps_them_all():
    mentions = found("The Ministry of Economy, Trade and Industry said exports fell.")
    assert ("Ministry of Economy, Trade and Industry", "organization") in {
        (surface, kind) for surface, _, kind in mentions
    }


def test_names_listed_after_a_body_are_not_fields_of_it():
    surfaces = {surface for surface, _, _ in found("The Ministry of Defence, Ann Ray and Tom Hale met on Monday.")}
    assert {"Ministry of Defence", "Ann Ray", "Tom Hale"} <= surfaces


def test_a_dictionary_company_with_a_singular_head_and_legal_form_is_that_company():
    mentions = found("Toyota Motor Corp said it would recall cars. Toyota shares fell.")
    assert {actor for _, actor, _ in mentions} == {"Toyota"}


@pytest.mark.parametrize(
    "text, body",
    [
        ("The People's Party won the vote.", "People's Party"),
        ("The Korvex People's Party won the vote.", "Korvex People's Party"),
        ("The Nordland Women's League said so.", "Nordland Women's League"),
    ],
)
def test_a_body_owned_by_an_ordinary_word_has_it_in_its_name(text, body):
    assert (body, body, "organization") in found(text)


def test_a_company_after_words_only_a_body_follows_is_one_whatever_its_first_word():
    mentions = found("Leroy Seafood said profits rose. Shares in Leroy Seafood fell 2 percent.")
    assert {kind for surface, _, kind in mentions if surface == "Leroy Seafood"} == {"organization"}


def test_an_age_between_commas_after_a_capitalised_pair_makes_it_a_person():
    text = "In Brattvik, the harbour was quiet on Monday. Skipper Jens-Petter Aas, 58, has fished there since 1986."
    assert [kind for surface, _, kind in found(text) if surface.endswith("Jens-Petter Aas")] == ["person"]


def test_a_noun_for_people_opening_a_sentence_is_no_name():
    assert not found("Negotiators from the two sides left Geneva on Friday without a deal.") - {
        ("Geneva", "Geneva", "location")
    }


@pytest.mark.parametrize(
    "text, clubs",
    [
        ("Elsewhere, Molde beat Viking 3-0 on Sunday.", {"Molde", "Viking"}),
        ("Brann drew 1-1 with Lillestrom on Sunday.", {"Brann", "Lillestrom"}),
        ("Odd lost 2-1 to Tromso.", {"Odd", "Tromso"}),
    ],
)
def test_clubs_a_sentence_gives_a_result_between_are_organisations(text, clubs):
    assert {surface for surface, _, kind in found(text) if kind == "organization"} == clubs


def test_a_name_two_rules_read_at_the_same_place_is_one_mention():
    corpus = workbench.load_text("Shares in Halvorsen fell 4 percent. Halvorsen said demand had weakened.")
    places = list(zip(corpus.mentions["article_id"], corpus.mentions["start"], corpus.mentions["end"], strict=True))
    assert len(places) == len(set(places)) == 2
    assert set(corpus.mentions["actor_type"]) == {"organization"}


@pytest.mark.parametrize(
    "text",
    [
        "Brattvik Shipping said so. Analysts at Brattvik expect a loss.",  # the short name among company words
        "Brattvik Shipping ASA said so. Shares of Brattvik rose.",  # a legal form: a company from the start
    ],
)
def test_a_short_name_company_words_surround_is_the_company_the_article_names_in_full(text):
    actors = {actor for surface, actor, _ in found(text) if surface.startswith("Brattvik")}
    assert actors in ({"Brattvik Shipping"}, {"Brattvik Shipping ASA"})


def test_a_body_read_on_its_own_is_not_the_longer_body_that_opens_with_its_name():
    assert ("Korvex", "Korvex", "organization") in found("Shares of Korvex fell. The Korvex Foundation said so.")


def test_a_dictionary_company_with_its_legal_form_is_the_dictionary_company():
    assert {actor for surface, actor, _ in found("Tesla Inc. said so. Tesla shares fell.")} == {"Tesla"}


def test_the_full_name_of_a_company_its_short_name_marks_is_the_company():
    mentions = found("Olsvik Kraft said profits fell. Olsvik shares were down 2 percent.")
    assert {(surface, actor, kind) for surface, actor, kind in mentions} == {
        ("Olsvik Kraft", "Olsvik Kraft", "organization"),
        ("Olsvik", "Olsvik Kraft", "organization"),
    }
    assert ("Smith", "Smith", "person") in found("Smith shares his views on the blog. Smith said so.")


@pytest.mark.parametrize(
    "text",
    [
        "Veteran midfielder Ola Berg was sent off.",  # an adjective before the role
        "Norwegian midfielder Ola Berg was sent off.",  # a people's name
        "The Alliance of Vestland chairman Ola Berg spoke.",  # the end of a longer name
    ],
)
def test_a_word_before_a_role_and_a_person_that_names_no_body(text):
    assert {kind for surface, _, kind in found(text) if surface in ("Veteran", "Norwegian", "Vestland")} <= {"country"}


@pytest.mark.parametrize(
    "text", ["European shares fell.", "Bank shares slipped.", "Oil shares rose.", "CHINESE SHARES DROP"]
)
def test_a_sector_or_a_people_whose_shares_moved_names_no_company(text):
    assert {kind for _, _, kind in found(text)} <= {"country"}


def test_a_day_or_a_demonym_owning_a_person_names_no_body():
    assert {kind for _, _, kind in found("Monday's Ann Ray show was cancelled. Republican's Ann Ray.")} == {"person"}


def test_a_person_named_in_full_stays_a_person_whatever_follows_the_surname():
    mentions = found("Ann Ray joined in May. Ray said its board had met twice. Ann Ray, a lawyer, left.")
    assert ("Ray", "Ann Ray", "person") in mentions
    assert "organization" not in {kind for _, _, kind in mentions}


def test_names_on_results_fixtures_and_standings_lines_are_clubs():
    text = (
        "Results of league matches on Saturday:\n"
        "Oldham 2 Blackpool 1\n"
        "Barnsley 3 Stavanger Rovers 0 (halftime 1-0)\n"
        "Japan 2 Syria 1\n"
        "Fixtures for Sunday:\n"
        "Real Ostrava v Lyon\n"
        "Standings:\n"
        "1. Halden 4 3 1 0 11 4 10\n"
        "Chapter 3 Section 4\n"
    )
    mentions = found(text)
    clubs = {surface for surface, _, kind in mentions if kind == "organization"}
    assert clubs == {"Oldham", "Blackpool", "Barnsley", "Stavanger Rovers", "Real Ostrava", "Lyon", "Halden"}
    # national teams stay their countries; ordinary words on a numbered line are no club
    assert {("Japan", "Japan", "country"), ("Syria", "Syria", "country")} <= mentions


def test_a_fixture_headline_in_capitals_is_no_table():
    assert not context.teams("Previews for Sunday.\nHALSTAD v VIKEN PREVIEW\nBoth sides rested.", [], [])
    assert len(context.teams("Previews for Sunday.\nHalstad v Viken\nBoth sides rested.", [], [])) == 2


@pytest.mark.parametrize(
    "text, people",
    [
        # the role opens the sentence, capitalised, before a name of no census given name
        ("Striker Jarle Brekkevold is fit, the club said.", {"Jarle Brekkevold"}),
        ("Economist Tormod Vassbotn said rates would rise.", {"Tormod Vassbotn"}),
    ],
)
def test_a_role_that_opens_a_sentence_is_no_part_of_the_name_after_it(text, people):
    assert {surface for surface, _, kind in found(text) if kind == "person"} == people


@pytest.mark.parametrize(
    "text, players",
    [
        ("Scorers: Halden - Tomas Lind (12th minute), Ake Nyberg (45)\n", {"Tomas Lind", "Ake Nyberg"}),
        ("Leading scorers: Dahlberg 23, Okafor 18, Ruud 15.", {"Dahlberg", "Okafor", "Ruud"}),
        # a frequent surname of the census lists makes it a list of players, whatever a name finder read
        ("Scorers: Smith 3, Jones 2, Okafor 1.", {"Smith", "Jones", "Okafor"}),
    ],
)
def test_names_in_a_list_of_scores_or_minutes_are_players(text, players):
    assert {surface for surface, _, kind in found(text) if kind == "person"} == players


@pytest.mark.parametrize(
    "text",
    ["Medals: Norway 3, Sweden 2.", "See Vol. 6, No. 12 of the review.", "Read Act 3, Scene 2 aloud."],
)
def test_places_and_citations_in_a_list_of_numbers_are_no_players(text):
    assert "person" not in {kind for _, _, kind in found(text)}


def test_a_player_on_a_results_line_stays_a_person():
    text = "Leaderboard after the third round:\nErnie Tamsen 71 69 70 210\nTamsen leads by one."
    assert ("Ernie Tamsen", "Ernie Tamsen", "person") in found(text)


@pytest.mark.parametrize(
    "text, person",
    [
        ("Wong Siu-ming of the Harbour Traders Association said prices rose.", "Wong Siu-ming"),
        ("Praised by Lars Lindqvist of the Tidewater Workers Union, the plan went ahead.", "Lars Lindqvist"),
        ("Wong Siu-ming of the HKTDC said exports rose.", "Wong Siu-ming"),
    ],
)
def test_a_name_tied_to_a_body_by_of_is_a_person(text, person):
    assert (person, person, "person") in found(text)


@pytest.mark.parametrize(
    "text, person",
    [
        ("Anne-Marie Duval left the party.", "Anne-Marie Duval"),
        ("Jean-Paul Marchetti met the minister on Monday.", "Jean-Paul Marchetti"),
    ],
)
def test_given_names_joined_by_a_hyphen_open_a_person_s_name(text, person):
    assert (person, person, "person") in found(text)


def test_a_name_whose_possessive_a_verb_of_saying_follows_is_a_company_with_it():
    mentions = found("Vardholm's warned it could cut the rating. Vardholm's said the outlook was weak.")
    assert mentions == {("Vardholm's", "Vardholm's", "organization")}
    assert ("Ray", "Ann Ray", "person") in found("Ann Ray joined in May. Ray's team won.")


@pytest.mark.parametrize(
    "text, person",
    [
        ("Minister for the Middle East Tobias Ellwood has commented on the aid.", "Tobias Ellwood"),
        ("Foreign Office Minister Tobias Ellwood said the aid was late.", "Tobias Ellwood"),
        ("Muhammed Sheikh Khalil was buried on Friday.", "Muhammed Sheikh Khalil"),
    ],
)
def test_a_title_that_opens_a_name_is_not_part_of_the_person(text, person):
    assert {actor for _, actor, kind in found(text) if kind == "person"} == {person}


@pytest.mark.parametrize(
    "text, person",
    [
        ("Carol St. Clair said the fax was sent.", "Carol St. Clair"),
        ("Guy St. John-Smith resigned.", "Guy St. John-Smith"),
    ],
)
def test_an_abbreviated_saint_inside_a_name_is_part_of_it(text, person):
    assert {actor for _, actor, kind in found(text) if kind == "person"} == {person}


def test_a_pair_after_a_preposition_of_place_is_no_person_whatever_follows():
    mentions = found("The reporter Alastair Leithead in New Arvel says there is panic.")
    assert {actor for _, actor, kind in mentions if kind == "person"} == {"Alastair Leithead"}


def test_a_club_tied_to_a_body_by_of_is_no_person():
    assert "person" not in {kind for _, _, kind in found("Real Ostrava of the UEFA league lost.")}


def test_combining_the_summaries_of_parts_gives_the_summary_of_the_whole(news_corpus):
    """An on-disk build summarises each partition (whole articles) and combines them: same table as one pass."""
    mentions = news_corpus.mentions
    parts = [actors.summarise(mentions[mentions["article_id"] == article]) for article in ["t1", "t2"]]
    combined = actors.combine(parts)
    pd.testing.assert_frame_equal(combined.reset_index(drop=True), actors.summarise(mentions).reset_index(drop=True))
    assert combined.set_index("actor").loc["Iran", ["n_mentions", "n_articles"]].tolist() == [2, 2]
    assert combined.set_index("actor").loc["Joe Biden", "aliases"] == "Biden; President Biden"
    assert actors.combine([]).empty and list(actors.combine([]).columns) == list(actors.summarise(mentions).columns)


def _random_texts(pieces: list[str], count: int, seed: int) -> list[str]:
    """Texts glued from ``pieces`` in a fixed random order: the corners a speed-up must keep."""
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_names_an_acronym_may_spell_are_those_of_the_pattern_that_may_open_with_a_particle():
    pattern = re.compile(rf"{canonical._WORD}(?: (?:{canonical._LINK} ){{0,2}}{canonical._WORD})+")
    pieces = ["al-", "el-", "wal-", "ash-", "as-", "bin-", "ibn-", "Al", "Bo", "of", "the", " ", "-", "a", "l", "w"]
    pieces += ["Émile", "x", "'", "’", "and", "-A", "Za", "Nordic Fund"]
    for text in ["the wal-Nadir Fund and al-Assad Trust", "xal-Bo Za", *_random_texts(pieces, 3000, 1)]:
        assert list(canonical._names(text)) == [match.span() for match in pattern.finditer(text)], text


def test_words_in_capitals_are_found_as_a_leading_word_boundary_finds_them():
    leading = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{3,}\b")
    pieces = ["A", "B", "É", "Ø", "×", "a", " ", "_", "1", "-", "ß", "Þ", "CD", "OSLO"]
    for text in _random_texts(pieces, 3000, 2):
        spans = [match.span() for match in workbench.actors.dictionary._CAPITALS.finditer(text)]
        assert spans == [match.span() for match in leading.finditer(text)], text
        assert (workbench.actors.dictionary._CAPITALS.search(text, 1, len(text) - 1) is None) == (
            leading.search(text, 1, len(text) - 1) is None
        ), text


def test_an_owner_is_only_searched_where_the_owner_pattern_can_end():
    pieces = ["Halden", "'s", "’s", " ", "chief executive", "chief\nexecutive", "midfielder", "coach", "Ann"]
    pieces += ["x", "of ", "\n", "Korvik"]
    for text in _random_texts(pieces, 2000, 3):
        for at in range(len(text) + 1):
            if context._OWNER_BEFORE.search(text, max(0, at - context._LOOK_BACK), at) is not None:
                assert text[at - 1] == " " and text.endswith(context._OWNER_ENDS, 0, at - 1), (text, at)

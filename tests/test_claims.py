from __future__ import annotations

import pathlib

import pandas as pd
import pytest
import yaml

import workbench
from workbench import schema
from workbench.claims import _article, find_claims, hedged_sentences
from workbench.claims._tokens import Quotes, Tokens
from workbench.errors import SchemaError


def claims_of(text: str, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims of one sentence, without the segmenter or the actor finder in the way."""
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text]})
    sentences = pd.DataFrame(
        {"sentence_id": ["a1-s"], "article_id": ["a1"], "text": [text], "start": [0], "end": [len(text)]}
    )
    return find_claims(articles, sentences, schema.empty("mentions") if mentions is None else mentions)


def pairs(text: str) -> list[tuple[str, str]]:
    claims = claims_of(text)
    return list(zip(claims["source"], claims["cue"], strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The minister said that the border would reopen on Monday.", [("The minister", "said")]),
        ("The minister said the border would reopen on Monday.", [("The minister", "said")]),
        ('"We will not back down," said Maria Lopez, the union\'s president.', [("Maria Lopez", "said")]),
        ('"We will not back down," Ms. Lopez said.', [("Ms. Lopez", "said")]),
        ("“We will not back down,” she told reporters.", [("she", "told")]),
        ("According to the health ministry, 40 people were killed.", [("the health ministry", "According to")]),
        ("Forty people were killed, according to the health ministry.", [("the health ministry", "according to")]),
        ("The central bank raised rates, saying inflation remained too high.", [("The central bank", "saying")]),
        ("Senator Ann Cole told CNN that the bill was dead.", [("Senator Ann Cole", "told")]),
        ("She added that talks would continue.", [("She", "added")]),
        ("They warned that prices could rise.", [("They", "warned")]),
        ("The company has denied any wrongdoing.", [("The company", "has denied")]),
        ("Critics have long argued that the plan is too costly.", [("Critics", "have long argued")]),
        ("Economists estimate that growth slowed to 1 percent.", [("Economists", "estimate")]),
        ("The report found that emissions rose 3 percent.", [("The report", "found")]),
        ("Scientists fear the glacier may collapse within decades.", [("Scientists", "fear")]),
        ("The plan, analysts say, is unlikely to pass.", [("analysts", "say")]),
        ("Biden and Netanyahu said the talks were productive.", [("Biden and Netanyahu", "said")]),
        ("The ministry did not say how many troops were involved.", []),
        ("Rebels accused the army of shelling civilian areas.", [("Rebels", "accused")]),
        ("It said in a statement that it would appeal.", [("It", "said")]),
        ("Mr. Park, 54, said he had no regrets.", [("Mr. Park", "said")]),
    ],
)
def test_reported_speech_forms(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turnout was unusually high, election officials said.", [("election officials", "said")]),
        (
            "The deal was signed in Geneva, the foreign ministry said in a statement.",
            [("the foreign ministry", "said")],
        ),
        (
            "The mayor, who faces re-election in May, insisted that the budget was balanced.",
            [("The mayor", "insisted")],
        ),
        (
            "Prime Minister Kaja Ilves, speaking after the summit, said Estonia would raise defense spending.",
            [("Prime Minister Kaja Ilves", "said")],
        ),
        (
            "Chile's trade minister, Rosa Ibarra-Soto, told reporters the tariff talks would go on.",
            [("Chile's trade minister, Rosa Ibarra-Soto", "told")],
        ),
        ("The firm, based in Austin, Tex., denied any wrongdoing.", [("The firm", "denied")]),
        (
            "Asked about the delay, the spokesman said the company was reviewing its options.",
            [("the spokesman", "said")],
        ),
        ("Doctors Without Borders said its clinics were full.", [("Doctors Without Borders", "said")]),
        ("WHO Director-General Tedros said the risk was high.", [("WHO Director-General Tedros", "said")]),
        (
            "Norway was accused by two delegations of stalling the vote.",
            [("two delegations", "was accused")],
        ),
    ],
)
def test_speakers_with_commas_titles_and_agents(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Environmental groups called for a ban on the pesticide, while farmers warned of higher costs.",
            [("Environmental groups", "called for"), ("farmers", "warned")],
        ),
        (
            "Police said two suspects had been arrested and added that the investigation was continuing.",
            [("Police", "said"), ("Police", "added")],
        ),
        (
            "The coach praised his players and said the team had earned the win.",
            [("The coach", "praised"), ("The coach", "said")],
        ),
        (
            "Israel's Defense Minister has urged continued vigilance, while stating that the wave was thwarted.",
            [("Israel's Defense Minister", "has urged"), ("Israel's Defense Minister", "stating")],
        ),
        ("The firm cut 200 jobs and said that more cuts would follow.", [("The firm", "said")]),
    ],
)
def test_two_cues_in_one_sentence_give_two_rows(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Residents were told to leave their homes.",
        "Residents told to leave their homes packed their cars.",
        "The said agreement expired last year.",
        "The storm brought a warning of floods to the coast.",
        "Officials issued a warning on Tuesday.",
        "Iran's claims were dismissed as propaganda.",
        "He declined to say whether he would run again.",
        "The ceasefire is expected to hold.",
        "The drug is believed to cut the risk of stroke.",
        "Growing doubts about the project weighed on the shares.",
        "The company added 2,000 jobs in March.",
        "Member states must approve the budget.",
        "It is unclear whether the vote will go ahead.",
        "By urging restraint, the government hoped to calm markets.",
        "The findings add weight to the idea that the crater held a lake.",
        "If the commission finds that the firm broke the rules, it can fine it.",
        "Iran had given warning of the impending attack.",
        "Highly recommended.",  # an adverb opening the sentence is no speaker
        "Ask the rangers; they can tell you.",  # a listener and nothing said
        "The mayor told reporters.",
        "Strongly worded, the letter reached the ministry on Friday.",
        "Don't argue about the cost, but say that the plan works.",  # an imperative: no speaker
    ],
)
def test_no_claim_without_a_plausible_speaker(text):
    assert pairs(text) == []


def test_quoted_reporting_verbs_belong_to_the_quote():
    assert pairs('"I believe we can win," he said.') == [("he", "said")]


@pytest.mark.parametrize(
    "text, content",
    [
        ("The minister said that the border would reopen on Monday.", "the border would reopen on Monday"),
        ("Senator Ann Cole told CNN that the bill was dead.", "the bill was dead"),
        ('"We will not back down," Ms. Lopez said.', "We will not back down"),
        ("Turnout was unusually high, election officials said.", "Turnout was unusually high"),
        ("Forty people were killed, according to the health ministry.", "Forty people were killed"),
        ("According to the health ministry, 40 people were killed.", "40 people were killed"),
        (
            "Environmental groups called for a ban on the pesticide, while farmers warned of higher costs.",
            "a ban on the pesticide",
        ),
        ('"Talks are stuck," the envoy said, speaking to reporters in Oslo.', "Talks are stuck"),
        ("“Prices will rise,” a trader said, asking not to be named.", "Prices will rise"),
        ('The minister said the delay "hurts every farmer."', 'the delay "hurts every farmer."'),
        ("The minister said the delay “hurts every farmer.”", "the delay “hurts every farmer.”"),
        ('The minister said "the delay hurts" farmers.', '"the delay hurts" farmers'),
        ("The minister said “the delay hurts” farmers.", "“the delay hurts” farmers"),
    ],
)
def test_content_is_the_reported_clause_or_quote(text, content):
    assert claims_of(text)["content"].iloc[0] == content


@pytest.mark.parametrize(
    "text, hedged",
    [
        ("Officials said the strike may have failed.", True),
        ("Analysts believe the rally will fade.", True),
        ("The agency reportedly said the plant was safe.", True),
        ("Iran could argue that the strike was legal.", True),
        ("The minister said the border would reopen.", False),
    ],
)
def test_claims_flag_hedging(text, hedged):
    assert claims_of(text)["hedged"].tolist() == [hedged]


@pytest.mark.parametrize(
    "text, hedged",
    [
        ("Israel may have room to declare victory.", True),
        ("Iran appears to want to avoid a war.", True),
        ("It is unclear how related the strikes were.", True),
        ("Perhaps the talks will resume.", True),
        ("The talks resumed on Monday.", False),
        ("May was the wettest month on record.", False),
    ],
)
def test_hedged_sentences(text, hedged):
    sentences = pd.DataFrame({"text": [text, "Filler."]}, index=[7, 9])
    flags = hedged_sentences(sentences)
    assert flags.tolist() == [hedged, False]
    assert list(flags.index) == [7, 9]


def test_offsets_point_into_the_article_text():
    text = "Talks stalled. Later, the envoy said that a deal was close, adding that both sides had compromised."
    corpus = workbench.load_text(text)
    article = corpus.articles["text"].iloc[0]
    for claim in corpus.claims.itertuples():
        assert article[claim.source_start : claim.source_end] == claim.source
        assert article[claim.cue_start : claim.cue_end] == claim.cue
    assert corpus.claims["cue"].tolist() == ["said", "adding"]


def test_claim_ids_are_stable_and_unique():
    text = "Officials said the talks would resume. Critics said they would fail, while others warned of delays."
    first, second = workbench.load_text(text).claims, workbench.load_text(text).claims
    assert first["claim_id"].tolist() == second["claim_id"].tolist()
    assert first["claim_id"].is_unique
    assert first["claim_id"].str.startswith(tuple(first["sentence_id"])).all()


def mention_frame(rows: list[tuple[int, int, str, str]], text: str) -> pd.DataFrame:
    return schema.conform(
        pd.DataFrame(
            [
                {"article_id": "a1", "sentence_id": "a1-s", "actor": actor, "actor_type": kind,
                 "surface": text[start:end], "start": start, "end": end}
                for start, end, actor, kind in rows
            ]
        ),
        "mentions",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, mentions, expected",
    [
        (
            "Israel's Defense Minister has urged vigilance.",
            [(0, 8, "Israel", "country")],
            ["Israel"],
        ),
        (
            "Israel's Defense Minister has urged vigilance.",
            [(0, 8, "Israel", "country"), (0, 25, "Israel's Defense Minister", "role")],
            ["Israel's Defense Minister"],
        ),
        (
            "President Biden met Netanyahu. He said the talks were useful.",
            [(0, 15, "Joe Biden", "person"), (20, 29, "Benjamin Netanyahu", "person")],
            ["Benjamin Netanyahu"],
        ),
        (
            "Hezbollah fired rockets as Biden spoke. They said the strikes were a warning.",
            [(0, 9, "Hezbollah", "group"), (27, 32, "Joe Biden", "person")],
            ["Hezbollah"],
        ),
        ("She said the vote was fair.", [], [None]),
    ],
)
def test_source_actor_resolution(text, mentions, expected):
    claims = claims_of(text, mention_frame(mentions, text))
    assert [None if pd.isna(actor) else actor for actor in claims["source_actor"]] == expected


def test_empty_sentences_give_the_empty_claims_table():
    empty = find_claims(schema.empty("articles"), schema.empty("sentences"), schema.empty("mentions"))
    pd.testing.assert_frame_equal(empty, schema.empty("claims"))


def test_missing_sentence_columns_are_named():
    with pytest.raises(SchemaError, match=r"\['start'\] are missing"):
        find_claims(schema.empty("articles"), pd.DataFrame({"sentence_id": [], "article_id": [], "text": []}), None)


@pytest.mark.parametrize(
    "source, cue",
    [
        ("U.S. officials", "believe"),
        ("some analysts", "believe"),
        ("Conservatives in the U.S.", "have called for"),
        ("Israel’s Defense Minister", "has urged"),
        ("Israel’s Defense Minister", "stating"),
        ("President Biden", "had threatened"),
    ],
)
def test_sample_article_claims(sample_corpus, source, cue):
    claims = sample_corpus.claims
    assert ((claims["source"] == source) & (claims["cue"] == cue)).any()


def test_sample_article_hedges(sample_corpus):
    hedged = sample_corpus.sentences.loc[sample_corpus.sentences["hedged"], "text"]
    assert hedged.str.contains("it is unclear").any()
    assert hedged.str.contains("appears to want").any()
    assert not sample_corpus.claims["cue"].isin(["warning", "urging", "emphasizing"]).all()


def test_docstring_examples_run():
    import doctest

    import workbench.claims
    import workbench.claims._grammar

    for module in (workbench.claims, workbench.claims._grammar):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The mayor has not said whether the bridge will reopen.", []),
        ("The club never claimed that the stadium was sold.", []),
        ("The ministry didn't say when the vote would take place.", []),
        ("The ministry did not say when, but the mayor said the vote was near.", [("the mayor", "said")]),
        ("The ministry denied that the vote had been delayed.", [("The ministry", "denied")]),
    ],
)
def test_negated_cues_report_nothing(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The union blamed the airline for the strike.", [("The union", "blamed")]),
        ("The company cut 40 flights, blaming the weather.", [("The company", "blaming")]),
        ("Officials have blamed poor maintenance for the outage.", [("Officials", "have blamed")]),
        ("She refused to blame the referee.", []),
        ("The blame lies with the organisers.", []),
    ],
)
def test_blame_reports_a_stance(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'A city hall spokesman, Tom Reyes, said Mayor Ortiz "fully backs" the plan.',
            [("A city hall spokesman, Tom Reyes", "said")],
        ),
        (
            "The bank's finance chief, Ada Moreno, told analysts on Monday that profits would fall.",
            [("The bank's finance chief, Ada Moreno", "told")],
        ),
        ('"The plan is sound," said Mayor Ortiz.', [("Mayor Ortiz", "said")]),
    ],
)
def test_appositive_speaker_before_the_cue(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'Critics called the deal "a giveaway to landlords."',
            [("Critics", "called", 'the deal "a giveaway to landlords."')],
        ),
        (
            'The mayor has called that plan "reckless."',
            [("The mayor", "has called", 'that plan "reckless."')],
        ),
        (
            'Residents rejected the offer, with one calling it "an insult."',
            [("Residents", "rejected", "the offer"), ("one", "calling", 'it "an insult."')],
        ),
        ("The convoy stopped in a town called Gao.", []),
        ("The minister called a meeting for Friday.", []),
    ],
)
def test_calling_something_a_quoted_name_is_a_claim(text: str, expected: list[tuple[str, str, str]]) -> None:
    claims = claims_of(text)
    assert list(zip(claims["source"], claims["cue"], claims["content"], strict=True)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Andean Council of River Pilots (ACRP) said the strike would go on.",
            [("The Andean Council of River Pilots (ACRP)", "said")],
        ),
        (
            "Economists at the Council on Fiscal Policy estimated that debt would rise.",
            [("Economists at the Council on Fiscal Policy", "estimated")],
        ),
        (
            "According to a report by the Fiscal Council, debt rose.",
            [("a report by the Fiscal Council", "According to")],
        ),
    ],
)
def test_named_speakers_with_brackets_and_inner_on(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "A study published in May by researchers at Oxford estimated that 40 species had vanished.",
            [("A study published in May by researchers at Oxford", "estimated")],
        ),
        (
            "A review commissioned by the board found that the audit was flawed.",
            [("A review commissioned by the board", "found")],
        ),
        ("The plan backed by the mayor said nothing new.", []),
    ],
)
def test_a_document_speaks_for_its_authors_across_by(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


CASES = pathlib.Path(__file__).parent / "data" / "claims"


def _cases(name: str) -> list:
    """The cases of ``tests/data/claims/<name>.yaml`` as pytest params, marked xfail where the file says why."""
    params = []
    for case in yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8")):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{case['form']}: {case['text'][:60]}", marks=marks))
    return params


@pytest.mark.parametrize("case", _cases("dev"))
def test_claims_in_every_form_news_uses(case: dict) -> None:
    """Each case lists every claim a reader finds: source, cue, and where given actor, content and sentences."""
    claims = workbench.load_text(case["text"]).claims
    assert list(zip(claims["source"], claims["cue"], strict=True)) == [(c["source"], c["cue"]) for c in case["claims"]]
    for row, expected in zip(claims.itertuples(), case["claims"], strict=True):
        if "actor" in expected:
            assert row.source_actor == expected["actor"]
        if "content" in expected:
            assert row.content == expected["content"]
        assert len(row.sentence_ids) == expected.get("sentences", 1)


@pytest.mark.parametrize(
    "text",
    [
        'She said: "We told them to leave. They said no." The mayor added that shelters were full.',
        '"First part. Second part," she said. Officials warned that roads were closed.',
        'He said the deal "was a mistake. It will cost us." Critics argued that it would pass.',
    ],
)
def test_content_offsets_index_the_article_text(text: str) -> None:
    corpus = workbench.load_text(text)
    article = corpus.articles["text"].iloc[0]
    for claim in corpus.claims.itertuples():
        assert article[claim.content_start : claim.content_end] == claim.content


def test_a_quote_over_three_sentences_is_one_claim_linked_to_each_sentence() -> None:
    corpus = workbench.load_text('"We asked for help. Nobody came. We said it again," the farmer said.')
    claim = corpus.claims.iloc[0]
    assert len(corpus.claims) == 1  # "said" inside the quote is part of what the farmer said
    assert claim["sentence_ids"] == tuple(corpus.sentences["sentence_id"])
    assert claim["content"] == "We asked for help. Nobody came. We said it again"


def test_a_quote_opened_after_the_cue_runs_to_its_closing_mark() -> None:
    corpus = workbench.load_text('The envoy said: "Both sides want a deal. Neither will move first." Talks resume.')
    claim = corpus.claims.iloc[0]
    assert claim["content"] == "Both sides want a deal. Neither will move first"
    assert claim["sentence_ids"] == tuple(corpus.sentences["sentence_id"])[:2]


def test_a_colon_at_the_end_of_a_sentence_introduces_the_next_one() -> None:
    text = (
        "In a written reply, the harbour board said:\n\n"
        '"Dredging starts in June. The quay stays open."\n\n'
        "Fishermen were not convinced. Their chairman told reporters:\n\n"
        "Nobody asked us about the dates.\n\n"
        "The board said in March that the plan was final:\n\n"
        "Work began soon after."
    )
    corpus = workbench.load_text(text)
    claims, sentences = corpus.claims, corpus.sentences.set_index("sentence_id")["text"]
    assert list(zip(claims["source"], claims["content"], strict=True)) == [
        ("the harbour board", "Dredging starts in June. The quay stays open"),  # the quotation, both sentences
        ("Their chairman", "Nobody asked us about the dates"),  # not the listener
        ("The board", "the plan was final"),  # a "that" clause before the colon is what was said
    ]
    assert [len(ids) for ids in claims["sentence_ids"]] == [3, 2, 1]
    assert sentences[claims["sentence_ids"].iloc[1][-1]] == "Nobody asked us about the dates."
    article = corpus.articles["text"].iloc[0]
    for claim in claims.itertuples():
        assert article[claim.content_start : claim.content_end] == claim.content


def test_a_quotation_that_opens_the_next_sentence_goes_on_with_the_speakers() -> None:
    text = (
        '"The dam held," one engineer said on Monday. "Nobody was hurt. We were lucky."\n\n'
        '"Rain is coming," the forecaster said. "Stay inside," the mayor added.'
    )
    corpus = workbench.load_text(text)
    claims = corpus.claims
    assert list(zip(claims["source"], claims["content"], strict=True)) == [
        ("one engineer", 'The dam held," one engineer said on Monday. "Nobody was hurt. We were lucky'),
        ("the forecaster", "Rain is coming"),  # the next quotation has a speaker of its own
        ("the mayor", "Stay inside"),
    ]
    assert [len(ids) for ids in claims["sentence_ids"]] == [3, 1, 1]
    article = corpus.articles["text"].iloc[0]
    for claim in claims.itertuples():
        assert article[claim.content_start : claim.content_end] == claim.content


@pytest.mark.parametrize(
    "text",
    [
        "Enough said.",  # nothing was said
        "Those at the meeting said little.",
        "Those people can tell you.",  # a listener and nothing said
        "The farm shop is welcoming and cheap.",  # an adjective and its coordinate, not content
        "For example, Ann Ray writes:",  # an introductory phrase is no content, and nothing follows the colon
        "Questions? Please ask.",  # "please" is no speaker
        "A resident who asked not to be named was angry.",  # a source's wish to stay anonymous
        "No official said the plan would fail.",  # a speaker that negates the cue: nothing was stated
        "Neither side confirmed the talks would resume.",
        "Nobody who attended the talks said that they had failed.",  # also where only the tree reads the speaker
    ],
)
def test_a_claim_that_says_nothing_is_no_claim(text: str) -> None:
    assert workbench.load_text(text).claims.empty


def test_a_subordinate_clause_alone_before_the_speaker_is_not_what_was_said() -> None:
    claims = workbench.load_text("If prices keep rising, one can hardly blame them.").claims
    assert not claims["content"].str.contains("prices").any()


def test_a_quotation_over_paragraphs_reopens_each_and_closes_in_the_last() -> None:
    text = (
        '"We checked every pump. We checked every valve.\n\n"In the end, the dam was sound," the engineer said.\n\n'
        'The mayor said: "Nobody will be moved.\n\n"Not this year."\n\nResidents were relieved.'
    )
    corpus = workbench.load_text(text)
    claims = corpus.claims
    assert claims["source"].tolist() == ["the engineer", "The mayor"]
    engineer, mayor = claims.itertuples()
    assert engineer.content.startswith('"We checked every pump') and engineer.content.endswith("the dam was sound")
    assert len(engineer.sentence_ids) == 3
    assert mayor.content.endswith("Not this year") and len(mayor.sentence_ids) == 2
    article = corpus.articles["text"].iloc[0]
    for claim in claims.itertuples():
        assert article[claim.content_start : claim.content_end] == claim.content


def test_a_quotation_mark_left_open_in_a_long_document_ends_after_a_bounded_number_of_sentences() -> None:
    text = 'She said: "We begin.\n\n' + "\n\n".join(['"Another paragraph goes on.'] * 500)
    claim = workbench.load_text(text).claims.iloc[0]
    assert len(claim["sentence_ids"]) == _article.MAX_QUOTE_SENTENCES


def test_a_quote_left_open_stops_at_the_end_of_its_paragraph() -> None:
    text = 'The envoy said: "Both sides want a deal. Neither will move first.\n\nA diplomat said talks would resume.'
    claims = workbench.load_text(text).claims
    assert claims["content"].tolist() == ["Both sides want a deal. Neither will move first", "talks would resume"]


def test_a_claim_without_content_has_no_content_offsets() -> None:
    claims = claims_of("The ministry has denied.")
    assert claims["content_start"].isna().all() and claims["content_end"].isna().all()


@pytest.mark.parametrize(
    "text, marks, inside, ends_inside",
    [
        ('He said "no" twice.', False, [(9, True), (14, False)], False),
        ('Second part," she said.', True, [(0, True), (16, False)], False),
        ('She said: "First part.', False, [(5, False), (13, True)], True),
        ("The 6'5\" center said so.", False, [(15, False)], False),
        ("Quoted all along.", True, [(3, True)], True),
    ],
)
def test_quotes_are_read_once_with_the_state_carried_in(text, marks, inside, ends_inside) -> None:
    quotes = Quotes(text, inside=marks)
    assert [(char, quotes.inside(char)) for char, _ in inside] == inside
    assert quotes.ends_inside is ends_inside


def test_tokens_keep_abbreviations_from_the_shared_word_list() -> None:
    tokens = Tokens('"It failed," said Sen. Ray of Calif. on Monday.', 49)
    assert "Sen." in tokens.text and "Calif." in tokens.text
    assert all(tokens.chars(k, k) == (tokens.start[k], tokens.end(k)) for k in range(tokens.size))


@pytest.mark.parametrize(
    "text, mentions, expected",
    [
        (
            "Acme Corp. cut jobs. Ann Ray spoke. The company said demand for trucks fell.",
            [(0, 10, "Acme Corp.", "organization"), (21, 28, "Ann Ray", "person")],
            ["Acme Corp."],
        ),
        (
            "Foreign Minister Ann Ray met Li Wei. The minister said the talks were frank.",
            [(17, 24, "Ann Ray", "person"), (29, 35, "Li Wei", "person")],
            ["Ann Ray"],
        ),
        (
            "Ann Ray met Hezbollah envoys. They said the truce would hold.",
            [(0, 7, "Ann Ray", "person"), (12, 21, "Hezbollah", "armed group")],
            ["Hezbollah"],
        ),
        (
            'Ann Ray spoke first. "Li Wei is wrong," she said.',
            [(0, 7, "Ann Ray", "person"), (22, 28, "Li Wei", "person")],
            ["Ann Ray"],
        ),
        ("The spokeswoman said the port was open.", [], [None]),
        # a pronoun with a contraction is the pronoun
        ("Ann Ray arrived late. She's said the plan would work.", [(0, 7, "Ann Ray", "person")], ["Ann Ray"]),
        ("Ann Ray arrived late. She’d said the plan would work.", [(0, 7, "Ann Ray", "person")], ["Ann Ray"]),
        # the name before an appositive after the speaker's comma, not a place in the appositive
        ("Sen. Ann Ray, R-Texas, said the bill would fail.",
         [(5, 12, "Ann Ray", "person"), (16, 21, "Texas", "location")], ["Ann Ray"]),
        # a role owned by a body speaks for the body; one owned by a person is nobody named
        ("Acme Corp. cut jobs. The company's chief executive said demand for trucks had fallen.",
         [(0, 10, "Acme Corp.", "organization")], ["Acme Corp."]),
        ("Ann Ray met Li Wei. The minister's aide said talks went well.",
         [(0, 7, "Ann Ray", "person"), (12, 18, "Li Wei", "person")], [None]),
        # a pronoun inside what a speaker no mention names said is that speaker, not the last name before
        ("Ann Ray left. A resident said she feared the library would close.", [(0, 7, "Ann Ray", "person")],
         [None, None]),
        # ... while a named speaker's pronoun is found as before: the name is the last mention
        ("Ann Ray said she feared the library would close.", [(0, 7, "Ann Ray", "person")], ["Ann Ray", "Ann Ray"]),
        # a noun's possessive is a pronoun too, and not the speaker whose content holds it
        ("Ann Ray spoke. Critics rejected her claim that the quay would hold.", [(0, 7, "Ann Ray", "person")],
         [None, "Ann Ray"]),
    ],
)  # fmt: skip
def test_pronouns_and_descriptors_resolve_to_the_last_compatible_actor(text, mentions, expected) -> None:
    """Descriptors take the last actor of their kind; a speaker is not the person named in their own quote."""
    claims = claims_of(text, mention_frame(mentions, text))
    assert [None if pd.isna(actor) else actor for actor in claims["source_actor"]] == expected


@pytest.mark.parametrize(
    "text, mentions, expected",
    [
        (
            "Iran said that Israel and Hamas had broken the truce, and that Israel must pay.",
            [(0, 4, "Iran", "country"), (15, 21, "Israel", "country"), (26, 31, "Hamas", "group"),
             (63, 69, "Israel", "country")],
            [("Israel", "Hamas")],
        ),
        ("Iran said that prices would rise.", [(0, 4, "Iran", "country")], [()]),
        (
            '"The Jordanian army is ready," the king said.',
            [(5, 14, "Jordan", "country")],
            [("Jordan",)],
        ),
        (  # a quote broken by its speaker: the content runs over both parts, the speaker is not what it names
            '"We have a mandate," said Ann Ray, "and the Senate must listen."',
            [(26, 33, "Ann Ray", "person"), (44, 50, "Senate", "organisation")],
            [("Senate",)],
        ),
        (  # ... nor where the speaker said it
            '"Nobody wants a war," Ann Ray told reporters in Doha, "and the Senate agrees."',
            [(22, 29, "Ann Ray", "person"), (48, 52, "Doha", "location"), (63, 69, "Senate", "organisation")],
            [("Senate",)],
        ),
    ],
)  # fmt: skip
def test_about_lists_the_actors_the_content_names_in_order_each_once(text, mentions, expected) -> None:
    claims = claims_of(text, mention_frame(mentions, text))
    assert claims["about"].tolist() == expected


def test_about_of_a_loaded_corpus_uses_canonical_names() -> None:
    claims = workbench.load_text("The minister said that the United States would send aid to Ukraine.").claims
    assert claims["about"].tolist() == [("United States", "Ukraine")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The mayor said that the bridge would reopen.", [("The mayor", "said", "speech")]),
        ("Engineers fear that the old dam could give way.", [("Engineers", "fear", "belief")]),
        ("Most economists expect that the bank will hold rates.", [("Most economists", "expect", "belief")]),
        ("She hopes that the ferry will run again.", [("She", "hopes", "belief")]),
        ("Fresh census figures show that the town is shrinking.", [("Fresh census figures", "show", "evidence")]),
        ("Tests indicate that the water is safe.", [("Tests", "indicate", "evidence")]),
        ("The audit revealed that two accounts were missing.", [("The audit", "revealed", "evidence")]),
        ("The lab found that the samples were clean.", [("The lab", "found", "evidence")]),
    ],
)
def test_cue_type_tells_speech_from_belief_and_evidence(text, expected) -> None:
    claims = claims_of(text)
    assert list(zip(claims["source"], claims["cue"], claims["cue_type"], strict=True)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The film shows a farmer at work.",  # an object, not a reported clause
        "Their hopes that the strike would end soon faded.",  # a noun
        "The team expected a long night.",
        "What the two chemists had discovered is that the samples were old.",  # a clause the cue does not head
    ],
)
def test_belief_and_evidence_verbs_without_a_reported_clause_are_no_claims(text) -> None:
    assert claims_of(text).empty


def triples(text: str) -> list[tuple[str, str, str]]:
    claims = claims_of(text)
    return list(zip(claims["source"], claims["cue"], claims["content"], strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        # quotes written with two apostrophes
        ("''We will rebuild the bridge by spring,'' the mayor said.",
         [("the mayor", "said", "We will rebuild the bridge by spring")]),
        ("''The season is over,'' said the coach.", [("the coach", "said", "The season is over")]),
        ("The governor said: ''Nobody will lose a pension.''",
         [("The governor", "said", "Nobody will lose a pension")]),
        # after "told", the listener and the place are not what was said
        ('"The budget is balanced," Lena Berg told journalists in Bergen on Monday.',
         [("Lena Berg", "told", "The budget is balanced")]),
        ('"It is done," the envoy told a radio station.', [("the envoy", "told", "It is done")]),
        # after "told" and its listener, a clause without "that": the clause is what was said
        ("Three of the miners told rescuers they could hear water.",
         [("Three of the miners", "told", "they could hear water")]),
        ("The mayor told the council it must act.", [("The mayor", "told", "it must act")]),
        ("She told reporters the plan would work.", [("She", "told", "the plan would work")]),
        # coordinated verbs sharing a subject
        ("The company refused to comment, but said its plants were safe.",
         [("The company", "said", "its plants were safe")]),
        ("The firm denied wrongdoing and added that it would cooperate.",
         [("The firm", "denied", "wrongdoing"), ("The firm", "added", "it would cooperate")]),
        # an apposition or a relative clause before the cue
        ("Tom Varga, a glacier scientist at Lund University who measured the ice for years, said it was thinning.",
         [("Tom Varga", "said", "it was thinning")]),
        ("A nurse at the clinic, who did not want to be identified, said beds had run out.",
         [("A nurse at the clinic", "said", "beds had run out")]),
        # common-noun and quantifier sources
        ("The banks said they would cut fees.", [("The banks", "said", "they would cut fees")]),
        ("Farmers say the drought is the worst in memory.", [("Farmers", "say", "the drought is the worst in memory")]),
        ("The study says sea levels are rising faster.", [("The study", "says", "sea levels are rising faster")]),
        ("A statement from the agency said the launch was delayed.",
         [("A statement from the agency", "said", "the launch was delayed")]),
        ("Another said the queue was too long.", [("Another", "said", "the queue was too long")]),
        ("The three said they had been held for a week.", [("The three", "said", "they had been held for a week")]),
        ("Many said the fares were too high.", [("Many", "said", "the fares were too high")]),
        ("The newspaper wrote that the deal was signed in secret.",
         [("The newspaper", "wrote", "the deal was signed in secret")]),
        # a long title chain after the cue
        ('"The border stays open," said Veloria interior ministry spokesman Karl Demi, who met reporters.',
         [("Veloria interior ministry spokesman Karl Demi", "said", "The border stays open")]),
        ('"We are ready," said Nordic council deputy chair Ines Holt.',
         [("Nordic council deputy chair Ines Holt", "said", "We are ready")]),
        # a speaker after the cue tied to a group whose name opens in lower case
        ('"It is not fair," said Tom Hale of the farmers\' union, adding that the rules came from the capital.',
         [("Tom Hale of the farmers' union", "said", "It is not fair"),
          ("Tom Hale of the farmers' union", "adding", "the rules came from the capital")]),
        # after the cue, where and when the speaker spoke is no part of it; two speakers joined by "and"
        ('"We will not pay," said the mayor in a statement.', [("the mayor", "said", "We will not pay")]),
        ('"We will not pay," said Ray and Berg at a rally in the capital.',
         [("Ray and Berg", "said", "We will not pay")]),
        # a role after the cue, then the name of who holds it: one speaker
        ('"The count was fair," said the electoral commission chairman, Ola Berg.',
         [("the electoral commission chairman, Ola Berg", "said", "The count was fair")]),
        ('"The count was fair," said the chairman, Monday.', [("the chairman", "said", "The count was fair")]),
        # "according to" a speaker a phrase describes: the phrase is part of it
        ("The talks failed, according to a person familiar with the matter.",
         [("a person familiar with the matter", "according to", "The talks failed")]),
        # "quoted as saying": the subject of "quoted" speaks
        ("The minister was quoted as saying that the border would stay closed.",
         [("The minister", "saying", "the border would stay closed")]),
        # a quote broken by its speaker and cue goes on after them
        ('"We have a mandate," she said, "and we intend to use it."',
         [("she", "said", 'We have a mandate," she said, "and we intend to use it')]),
        # a short quote after the cue is what was said, not the clause before the speaker
        ('The crowd cheered and they said, "Wow."', [("they", "said", "Wow")]),
        # an aside between the cue and its "that"
        ("Ray argued, in a statement on Monday, that the talks had failed.",
         [("Ray", "argued", "the talks had failed")]),
        ("I said, first of all, that I believed in the plan.",
         [("I", "said", "I believed in the plan"), ("I", "believed", "in the plan")]),
        # a speaker and cue between commas inside the clause they report: the whole clause
        ("The plan, he said, would cost billions.", [("he", "said", "The plan, he said, would cost billions")]),
        # after the cue, ", and ..." goes on with the writer's own clause: the content is before the speaker
        ("Turnout was high, officials said, and the count was slow.", [("officials", "said", "Turnout was high")]),
        # a relative clause between commas: the noun it describes speaks, and the clause ends the content
        ("The ministry, which said on Monday that the talks had failed, closed its office.",
         [("The ministry", "said", "the talks had failed")]),
        ("Ann Ray, who said the plan would fail, resigned.", [("Ann Ray", "said", "the plan would fail")]),
        # ... and the main clause goes on after it: the claim after the main clause reports it whole
        ("Berg, who had threatened to quit, left the room, aides said.",
         [("Berg", "had threatened", "to quit"), ("aides", "said", "Berg, who had threatened to quit, left the room")]),
        # after what was said, a comma, "and", "but" or "so" and a subject pronoun go on with the writer's story
        ("The pilot told us the runway was icy, and we waited an hour.",
         [("The pilot", "told", "the runway was icy")]),
        ("Ann Ray said the ferry would run, but she was wrong.", [("Ann Ray", "said", "the ferry would run")]),
        ('Ann Ray said: "The ferry will run, and we will be on it."',
         [("Ann Ray", "said", "The ferry will run, and we will be on it")]),
        # a participle's speaker read through a possessive: the name that owns the subject
        ("However, President Ann Ray's plan was clear in her speech, stressing the need for talks.",
         [("President Ann Ray", "stressing", "the need for talks")]),
        # a word that opens the sentence before a comma is no subject of the participle's clause
        ("Furthermore, the ministry cut the budget, saying costs had doubled.",
         [("the ministry", "saying", "costs had doubled")]),
        # "you" is a speaker of one word, as "he" is: the adverb before it is not part of it
        ("Yesterday you told me the plan would fail.", [("you", "told", "the plan would fail")]),
        ("Honestly you said the ferry was late.", [("you", "said", "the ferry was late")]),
        # a "that" after the reported clause has begun is a relative, not the cue's
        ("Ann Ray said Norland will build new plants that other firms cannot match.",
         [("Ann Ray", "said", "Norland will build new plants that other firms cannot match")]),
        # a claim reported inside another's "that" clause has no content before its speaker
        ("The minister said on Monday that the rebels had claimed they won.",
         [("The minister", "said", "the rebels had claimed they won"), ("the rebels", "had claimed", "they won")]),
        # a speaker described by an adjective and its preposition is one speaker with the description
        ("People close to the minister said she would resign.",
         [("People close to the minister", "said", "she would resign")]),
        ("Two bankers familiar with the deal said it was off.",
         [("Two bankers familiar with the deal", "said", "it was off")]),
        # a determiner before a number belongs to the speaker
        ("The two sides said in a joint statement that talks would resume.",
         [("The two sides", "said", "talks would resume")]),
        # when it was said, right after the cue, is no part of what was said
        ("The council said Monday it would appeal.", [("The council", "said", "it would appeal")]),
        ("She said Tuesday night the talks had failed.", [("She", "said", "the talks had failed")]),
        ("He said today's vote was fair.", [("He", "said", "today's vote was fair")]),
        ("The firm said on Wednesday it would hire.", [("The firm", "said", "it would hire")]),
        # a quote broken by its speaker and a few words of how or where it was said
        ('"We are not at war," Ann Ray said flatly, "but we are ready."',
         [("Ann Ray", "said", 'We are not at war," Ann Ray said flatly, "but we are ready')]),
        ('"No," said Ann Ray in a statement, "we will not."',
         [("Ann Ray", "said", 'No," said Ann Ray in a statement, "we will not')]),
        # "quoted by" an outlet "as saying"
        ("The spokesman was quoted by the Interfax news agency as saying the talks had failed.",
         [("The spokesman", "saying", "the talks had failed")]),
        # "as X put it" reports a quote or a clause, never what was put somewhere
        ('As one diplomat put it: "Nobody trusts anybody."', [("one diplomat", "put it", "Nobody trusts anybody")]),
        ("He put it on the table.", []),
        # "according to" set off by commas: after a speaker's cue, before its "that"; at the start, with a relative
        ("The ministry said, according to state media, that the dam held.",
         [("The ministry", "said", "the dam held"), ("state media", "according to", "the dam held")]),
        ("According to Ann Ray, who led the audit, the fund lost money.",
         [("Ann Ray", "According to", "the fund lost money")]),
        ("The deal is off, according to two bankers, who asked not to be named.",
         [("two bankers", "according to", "The deal is off")]),
        ("Prices rose, he said.", [("he", "said", "Prices rose")]),
        ("Inflation slowed, according to the data.", [("the data", "according to", "Inflation slowed")]),
        # a "that" after another cue is that cue's: what the first speaker said starts right after it
        ("Hale said the audit found that the fund had lost money.",
         [("Hale", "said", "the audit found that the fund had lost money"),
          ("the audit", "found", "the fund had lost money")]),
        # a speaker set off by commas, with where or when it spoke, interrupts the clause it reports
        ("The plan, Ann Ray said in a statement, would cost billions.",
         [("Ann Ray", "said", "The plan, Ann Ray said in a statement, would cost billions")]),
        ("Turnout was high, officials said on Monday.", [("officials", "said", "Turnout was high")]),
        # places joined by "and" after one preposition belong to the speaker
        ("Officials in Norland and the Baltic states argue that spending must rise.",
         [("Officials in Norland and the Baltic states", "argue", "spending must rise")]),
        # a speaker after the clause, then "though" and the writer's own clause
        ("Exports fell by a fifth, the agency said, though it warned the data were incomplete.",
         [("the agency", "said", "Exports fell by a fifth"), ("it", "warned", "the data were incomplete")]),
        # what was said before the speaker: a clause the speaker interrupts, a passive subject
        ("Rents will rise again, the agent told reporters.", [("the agent", "told", "Rents will rise again")]),
        ("If it rains, the match is off, the referee said.",
         [("the referee", "said", "If it rains, the match is off")]),
        ("The new quay, Ann Ray claims, will double the catch.",
         [("Ann Ray", "claims", "The new quay, Ann Ray claims, will double the catch")]),
        ("The ferry was accused by two unions of cutting corners.", [("two unions", "was accused", "The ferry")]),
        ('The verdict, she wrote, "ignores the record."',
         [("she", "wrote", 'The verdict, she wrote, "ignores the record')]),
        ("A report that, according to two aides, was never published.",
         [("two aides", "according to", "A report that, according to two aides, was never published")]),
        # curly apostrophes in pairs are quotation marks too
        ("‘’The harbour stays open,’’ says a port official.", [("a port official", "says", "The harbour stays open")]),
        ("“Nobody was hurt,’’ the captain said.", [("the captain", "said", "Nobody was hurt")]),
        # an adverb before a quantifier, a place or group the speaker belongs to
        ("After the vote, nearly all Green members have already announced that they will abstain.",
         [("nearly all Green members", "have already announced", "they will abstain")]),
        ("Farmers along the river warned the council that the dykes would fail.",
         [("Farmers along the river", "warned", "the dykes would fail")]),
        ("Lawmakers on both sides said the ferry law would pass.",
         [("Lawmakers on both sides", "said", "the ferry law would pass")]),
        # a time between the speaker and the cue is neither
        ("The port authority late on Monday said the quay was closed.",
         [("The port authority", "said", "the quay was closed")]),
        ("An editorial in the Brattvik Post earlier this year argued that the tax was unfair.",
         [("An editorial in the Brattvik Post", "argued", "the tax was unfair")]),
        ("The company Monday said it would sell the ferry.", [("The company", "said", "it would sell the ferry")]),
        # a verb after "and" or "but" shares the subject of the clause it joins, not the sentence's first
        ("I called the harbour office and the clerk laughed, but said the ferry was full.",
         [("the clerk", "said", "the ferry was full")]),
        ("Ray declined to comment on the report and the claims, but said the firm would respond.",
         [("Ray", "said", "the firm would respond")]),
        # a "that" after a name and its verb is that verb's, and a subordinate clause after "that" is what was said
        ("Police said Ray confessed to detectives that he had taken the money.",
         [("Police", "said", "Ray confessed to detectives that he had taken the money")]),
        ("The same week, the port chief testified that while nobody had warned them, they had prepared.",
         [("the port chief", "testified", "while nobody had warned them, they had prepared")]),
        # a number after "of" ends a speaker, a quantifier alone follows a cue, a capitalised role names its holder
        ('"They lied to us," the mother of three said, holding back tears.',
         [("the mother of three", "said", "They lied to us")]),
        ('"It is over," said one.', [("one", "said", "It is over")]),
        ('"This is a dark day," said Nordland\'s Minister for Fisheries, Ann Ray.',
         [("Nordland's Minister for Fisheries, Ann Ray", "said", "This is a dark day")]),
        # a claim that opens the sentence is part of what the speaker after it said; a joined clause drops its "and"
        ("We believe the deal is fair, he said.",
         [("We", "believe", "the deal is fair"), ("he", "said", "We believe the deal is fair")]),
        ("Prices will rise, Ray said, and wages will fall, Berg said.",
         [("Ray", "said", "Prices will rise"), ("Berg", "said", "wages will fall")]),
        # the speaker's next act after a comma and a conjunction is not what was said
        ("The ministry said the ferry would sail once the storm passed, but declined to give a date.",
         [("The ministry", "said", "the ferry would sail once the storm passed")]),
        ("Ray said prices would rise, and stay high.", [("Ray", "said", "prices would rise, and stay high")]),
        # a subordinate clause that opens the sentence ends before the main clause; "as" introduces what was said
        ("When Ray said the ferry would sail, nobody listened.", [("Ray", "said", "the ferry would sail")]),
        ("As Ray said in her speech, the ferry will sail.", [("Ray", "said", "the ferry will sail")]),
        # a single quote at the content's end closes the one it opened
        ("Harbour chief says reopening is 'within reach'",
         [("Harbour chief", "says", "reopening is 'within reach'")]),
        # where or how something was said is no part of it
        ('Ray said in a calm voice: "The ferry will sail."', [("Ray", "said", "The ferry will sail")]),
        ("Ray said in a statement.", []),
        ("Ray said on Monday, adding that the ferry would sail.", [("Ray", "adding", "the ferry would sail")]),
        # a cue after "when" or "if" with no subject of its own is passive: asked, not asking
        ('"No," he replied when asked if he would resign.', [("he", "replied", "No")]),
        # a lower-case word before a written title belongs to the speaker after the cue
        ('"We held the line," said retired Col. Ola Berg.', [("retired Col. Ola Berg", "said", "We held the line")]),
        # a document's verb before a quote set off by a comma
        ('A Korvex brief issued in March reports, "The port is full."',
         [("A Korvex brief issued in March", "reports", "The port is full")]),
        # a restrictive relative clause reports inside the clause around it, which goes on past it
        ("Ray said the firm had hired a lawyer who said the case was weak.",
         [("Ray", "said", "the firm had hired a lawyer who said the case was weak"),
          ("a lawyer", "said", "the case was weak")]),
        ("The paper reported that the file held a memo that said the port would close.",
         [("The paper", "reported", "the file held a memo that said the port would close"),
          ("a memo", "said", "the port would close")]),
        ("The ministry cited a report that showed that prices rose.", [("a report", "showed", "prices rose")]),
        ("The mayor said Ray, who had said the dam would fail, resigned.",
         [("The mayor", "said", "Ray, who had said the dam would fail, resigned"),
          ("Ray", "had said", "the dam would fail")]),
    ],
)  # fmt: skip
def test_attribution_in_the_shapes_news_writes_it(text, expected) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The said agreement was signed in May.",  # an article alone is no speaker
        "Officials said Biden wants Congress to act.",  # a verb between names is no title
        "Ray reneged on his campaign promise to cut taxes.",  # a verb's preposition joins no speaker
        "Some of the claims were paid in full.",  # a determiner that needs a noun ends no speaker
        "Officials on Tuesday said the attack had failed.",  # nor a preposition before a time
        "Graves have been uncovered that suggest a battle.",  # a relative after a verb describes no speaker
        "Ann Ray, wise beyond her years, who told us that:",  # nor one after a preposition
    ],
)
def test_quantifiers_and_title_chains_do_not_swallow_other_words(text) -> None:
    assert [source for source, _, _ in triples(text)] in ([], ["Officials"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials hope the ferry will run again by June.",
         [("Officials", "hope", "belief", "the ferry will run again by June")]),
        ("Most traders expect rates could fall.", [("Most traders", "expect", "belief", "rates could fall")]),
        ("New polls show turnout will be low.", [("New polls", "show", "evidence", "turnout will be low")]),
        ("She added the firm would appeal.", [("She", "added", "speech", "the firm would appeal")]),
        ("The team expected a long night.", []),
        ("The firm added two new plants in May.", []),
    ],
)  # fmt: skip
def test_a_clause_without_that_is_reported_when_its_subject_has_an_auxiliary(text, expected) -> None:
    claims = claims_of(text)
    assert list(zip(claims["source"], claims["cue"], claims["cue_type"], claims["content"], strict=True)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Separately, the port authority, which runs three docks, said the strike was over.",
         [("the port authority", "said")]),
        ("Earlier, the coach, a former goalkeeper, said the squad was tired.", [("the coach", "said")]),
        ("Kelly, the harbour master, said the ships would wait.", [("Kelly", "said")]),
    ],
)  # fmt: skip
def test_an_introductory_word_before_an_apposition_is_no_speaker(text, expected) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Let us in," the crowd shouted.', [("the crowd", "shouted", "Let us in")]),
        ('"Nobody listens," fumed the council leader.', [("the council leader", "fumed", "Nobody listens")]),
        ("Tenants complained that the heating had failed.", [("Tenants", "complained", "the heating had failed")]),
        ("Prosecutors charged that the firm hid its debts.", [("Prosecutors", "charged", "the firm hid its debts")]),
        ("The envoy hinted that a deal was near.", [("The envoy", "hinted", "a deal was near")]),
        ("He was charged with fraud.", []),  # these verbs report only a clause or a quote
        ("The two sides agreed to meet again.", []),
        ("She cried all night.", []),
    ],
)  # fmt: skip
def test_verbs_of_complaint_and_manner_of_speaking_report_a_clause_or_quote(text, expected) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Economists expect growth to slow next year.", [("Economists", "expect", "growth to slow next year")]),
        ("Police suspect the fire to be arson.", [("Police", "suspect", "the fire to be arson")]),
        ("They expect to win.", []),  # their own plan, no proposition about another
        ("The team expected a long night.", []),
    ],
)  # fmt: skip
def test_a_belief_verb_holds_a_phrase_and_its_infinitive(text, expected) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the source owns the noun, or follows it with "by", "from" or "among"
        ("The minister rejected Ray's claim that the ferry was unsafe.",
         [("The minister", "rejected", "Ray's claim that the ferry was unsafe"),
          ("Ray", "claim", "the ferry was unsafe")]),
        ("Ray's claim that the ferry was unsafe has been rejected.", [("Ray", "claim", "the ferry was unsafe")]),
        ("Nobody heeded the harbour board's warning that the quay would flood.",
         [("the harbour board", "warning", "the quay would flood")]),
        ("The town laughed at a prediction by the mayor that the ferry would return.",
         [("the mayor", "prediction", "the ferry would return")]),
        ("Officials dismissed fears among residents that the dam could burst.",
         [("Officials", "dismissed", "fears among residents that the dam could burst"),
          ("residents", "fears", "the dam could burst")]),
        ("It is our belief that the quay will hold.", [("our", "belief", "the quay will hold")]),
        # no source, no claim; a noun before another verb's "that" leaves it alone
        ("The fear that the dam could burst kept people awake.", []),
        ("Ray said in a statement that the ferry was safe.", [("Ray", "said", "the ferry was safe")]),
        # as the subject, the clause ends before the main clause's auxiliary, else it is not read
        ("The mayor's warning that the quay would flood went unheeded.", []),
    ],
)  # fmt: skip
def test_a_noun_of_attribution_with_its_source_reports_its_that_clause(text, expected) -> None:
    assert triples(text) == expected


def test_a_noun_of_attribution_has_its_verbs_kind() -> None:
    claims = claims_of("Officials dismissed fears among residents that the dam could burst.")
    assert dict(zip(claims["cue"], claims["cue_type"], strict=True))["fears"] == "belief"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials are confident that the dam will hold.", [("Officials", "are confident", "the dam will hold")]),
        ("Ray is adamant the ferry will sail.", [("Ray", "is adamant", "the ferry will sail")]),
        ("Residents were worried that the plant would close.",
         [("Residents", "were worried", "the plant would close")]),
        ("He worried that the plant would close.", [("He", "worried", "the plant would close")]),
        ("Ray made it clear she would not resign.", [("Ray", "made it clear", "she would not resign")]),
        ("He made clear progress.", []),
        # no form of "be", no clause after it, or only words before it: no belief stated
        ("A confident team won the match.", []),
        ("Sure enough, prices rose.", []),
        ("Prices are high where the harbour is concerned.", []),
        ("Delegates were hopeful about the deal, and the mayor thanked them.", []),
    ],
)  # fmt: skip
def test_an_adjective_of_belief_after_be_reports_the_clause_after_it(text, expected) -> None:
    assert triples(text) == expected


def test_an_adjective_of_belief_has_its_verbs_kind() -> None:
    claims = claims_of("Residents were worried that the plant would close.")
    assert list(claims["cue_type"]) == ["belief"]


@pytest.mark.parametrize(
    "text",
    [
        "Prices will rise, he said",  # a cue that ends the sentence, no full stop
        "Ray said in a statement",
        "state.gov is the department's site.",  # a cue's letters inside a longer token
        "Visit www.state.gov for details.",
    ],
)
def test_a_cue_at_the_end_or_inside_a_longer_token_reads_without_error(text) -> None:
    claims = claims_of(text)
    cues = zip(claims["cue_start"], claims["cue_end"], claims["cue"], strict=True)
    assert all(text[start:end] == cue for start, end, cue in cues)
    assert "state" not in set(claims["cue"])

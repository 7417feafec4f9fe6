import pytest

from workbench import cleaning
from workbench.errors import LoadError


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Caf\u0065\u0301 owners protested.", "Caf\u00e9 owners protested."),
        ("The\u200b minister\u2060 resigned\ufeff.", "The minister resigned."),
        ("Soft\u00adhyphen and \u200eLTR mark.", "Softhyphen and LTR mark."),
        ("Bell\x07 and escape\x1b and DEL\x7f gone.", "Bell and escape and DEL gone."),
        ("Tabs\tand\u00a0no-break\u2009spaces   collapse.", "Tabs and no-break spaces collapse."),
        ("Windows\r\nlines\rand Mac.", "Windows\nlines\nand Mac."),
        ("Page\x0cbreak and\u2028separator.", "Page\nbreak and\nseparator."),
        ("One.\u2029Two.", "One.\n\nTwo."),
        ("First.\n\n\n\n\nSecond.", "First.\n\nSecond."),
        ("   indented line   \n  next  ", "indented line\nnext"),
        (
            "\u201cCurly\u201d \u2018quotes\u2019 and \u2014 dashes stay.",
            "\u201cCurly\u201d \u2018quotes\u2019 and \u2014 dashes stay.",
        ),
    ],
)
def test_clean_text_normalises_without_changing_words(raw, expected):
    assert cleaning.clean_text(raw) == expected


@pytest.mark.parametrize(
    "junk_line",
    [
        "Share.",
        "Exit mobile version",
        "Advertisement",
        "Share this article",
        "Share on Facebook",
        "Read more",
        "Read more: Ferry fares to rise in May",
        "Related stories",
        "Most read",
        "Skip to main content",
        "Subscribe to our daily newsletter",
        "Accept all cookies",
        "We use cookies to improve your experience and to measure our audience.",
        "© 2025 The Coastal Ledger. All rights reserved.",
        "Photo: Ingrid Solberg/Reuters",
        "4 min read",
        "Updated: 14 March 2025 10:30",
        "Copy link",
        "Follow us on Instagram",
    ],
)
def test_page_junk_lines_are_dropped(junk_line):
    text = f"The talks resumed on Monday.\n{junk_line}\nBoth sides met again."
    assert cleaning.clean_text(text) == "The talks resumed on Monday.\nBoth sides met again."


@pytest.mark.parametrize(
    "sentence",
    [
        "Read more about the sanctions in our report.",
        "Share prices fell.",
        "Share prices fell by 4 percent on Tuesday.",
        "Advertisement revenue rose in the third quarter.",
        "Related to the sanctions, the minister said little.",
        "Sign up for the draft was mandatory in 1940.",
        "Subscribers complained about the price.",
        "Photo agencies sold the images to three outlets.",
        "Published reports say the talks failed.",
        "Copyright holders sued the streaming service.",
        "Click.",
        "We use the port every week, the fishermen said.",
        "Comments by the minister angered the union.",
    ],
)
def test_real_sentences_survive_junk_rules(sentence):
    assert cleaning.clean_text(sentence) == sentence


def test_user_junk_patterns_extend_the_shipped_ones():
    text = "The court ruled on Friday.\nSupport independent journalism today!\nThe appeal follows."
    assert "Support" in cleaning.clean_text(text)
    cleaned = cleaning.clean_text(text, junk=[r"support independent journalism.*"])
    assert cleaned == "The court ruled on Friday.\nThe appeal follows."


def test_an_invalid_junk_pattern_names_itself():
    with pytest.raises(LoadError, match=r"junk pattern '\(unclosed' is not a valid regular expression"):
        cleaning.clean_text("Some text.", junk=["(unclosed"])


@pytest.mark.parametrize(
    "raw",
    [
        "A\u200b\r\n\r\n\r\nB\u00a0 c.\nShare.\n\n\nExit mobile version\n  D.  ",
        "\ufeff\u201cQuote,\u201d she said.\u2029Next\tparagraph.",
    ],
)
def test_cleaning_is_idempotent(raw):
    once = cleaning.clean_text(raw)
    assert cleaning.clean_text(once) == once


def test_junk_only_text_cleans_to_nothing():
    assert cleaning.clean_text("Share.\nAdvertisement\n\nExit mobile version\n") == ""


def test_the_shipped_junk_rules_are_valid_patterns():
    patterns = cleaning.default_junk_patterns()
    assert len(patterns) > 20
    assert cleaning.junk_matcher(patterns).fullmatch("share.")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The family \U0001f468\u200d\U0001f469\u200d\U0001f467 arrived.", id="ZWJ emoji sequence"),
        pytest.param("He wrote \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 on Monday.", id="ZWNJ in Persian"),
        pytest.param("\u0915\u094d\u200d\u0937 and \u0915\u094d\u200c\u0937 differ in Hindi.", id="Devanagari"),
    ],
)
def test_zero_width_joiners_and_non_joiners_are_kept(text):
    """Hardening item 7: ZWJ and ZWNJ are part of words and emoji, so cleaning keeps them."""
    assert cleaning.clean_text(text) == text


def test_a_junk_pattern_in_square_brackets_is_a_pattern_not_a_section():
    text = "The talks resumed on Monday.\n« Previous article\nNext story »\nBoth sides met again."
    assert cleaning.clean_text(text) == "The talks resumed on Monday.\nBoth sides met again."
    assert any(pattern.startswith("[«") for pattern in cleaning.default_junk_patterns())


def test_cleaning_reads_its_data_through_the_lexicon():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(cleaning))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    called = {node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and hasattr(node.func, "attr")}
    assert "lexicon" in imported
    assert not imported & {"files", "resources"} and not called & {"read_text", "open", "files"}

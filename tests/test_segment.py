"""Segmentation of news copy: the sample article unit by unit, then each rule and edge case."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.stages import segment
from l10n.stages.segment import rebuild_text, segment_article, segment_body, split_sentences

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "k1-qayyarah-withdrawal.txt"

# Counted by hand from examples/k1-qayyarah-withdrawal.txt: paragraphs 2-11 hold one sentence
# each, paragraphs 12 and 13 two each: 14 body sentences.
SAMPLE_BODY = [
    "The US-led coalition started withdrawing from the K1 and Qayyarah military bases and will hand them over "
    "to the Iraqi Security Forces (ISF).",
    "Today, Sunday, March 29, The US-led coalition withdrew from the K1 military base and handed it to the ISF.",
    "K1 military base is located 15 km northwestern Kirkuk, and besides the ISF, the US-led forces had been "
    "stationed there since 2017.",
    "According to a statement the international coalition issued today, their withdrawal is neither because of "
    "the outbreaks of coronavirus in Iraq nor is it because of the recent militia rocket attackes targeted them.",
    "The statement shows that the international coalition will relocate its troops, and the relocation plan had "
    "long been discussed with the Iraqi government.",
    "In the statement, he also indicates the international coalition is in Iraq at the invitation of the "
    "government and “continues anti ISIS advising,” while they have suspended training the ISF and the other "
    "Kurdish forces due to the spread coronavirus.",
    "The international coalition withdrew its 300 personnel from the K1 military base and transferred one "
    "million dollars of property to the ISF in the base.",
    "The US-led coalition, since mid-2014, has taken part in the fight against IS in Iraq through training, "
    "equipping, and advising the ISF and the Peshmerga forces as well as airstrikes.",
    "On March 26, the coalition also withdrew from Qayyarah military base and handed over to ISF.",
    "In the Qayyarah military base, nearly 800 personnel withdrew and provided one million and 700 thousand "
    "dollars worth of equipment to the ISF.",
    "The military base, which is located 16 km western Qayyarah sub-district in Nineveh province, was built in "
    "the late 1970s by the former Iraqi Baathist regime.",
    "The US force later used the base in 2003.",
    "In January 2020, the Iraqi parliament passed a nonbinding resolution to expel all foreign troops in the "
    "country.",
    "The resolution was voted on after the US airstrike that killed Qassem Suleimani, commander of the Iranian "
    "Revolutionary Guard's Quds Force, and Abu Mahdi al-Muhandis, deputy chief of the Popular Mobilization Committee.",
]


def units_of(text: str) -> list[tuple[str, str]]:
    return [(unit.kind, unit.source) for unit in segment_article(text, slug="t", source_path="t.txt").units]


def body_of(text: str) -> list[str]:
    return [text[start:end] for start, end in segment_body(text)]


@pytest.fixture(scope="module")
def sample():
    text = SAMPLE.read_text(encoding="utf-8")
    return text, segment_article(text, slug="k1-qayyarah-withdrawal", source_path="examples/k1.txt")


def test_the_sample_has_a_title_caption_credit_and_one_unit_per_sentence(sample):
    _, article = sample
    assert [(u.kind, u.source) for u in article.units] == [
        ("title", "US-led coalition withdrew from two military bases in Kirkuk and Nineveh"),
        ("caption", "Kirkuk, a US soldier at the K1 military base, March 2020."),
        ("credit", "Photo: Exclusive to KirkukNow"),
    ] + [("body", sentence) for sentence in SAMPLE_BODY]


def test_the_sample_share_links_are_dropped_not_units(sample):
    text, article = sample
    assert [text[s.start:s.end] for s in article.dropped] == ["• FB", "• Instagram", "• Twitter", "• YT"]
    assert {s.reason for s in article.dropped} == {"share link"}
    assert not any(word in u.source for u in article.units for word in ("Instagram", "Twitter"))


def test_the_sample_units_know_their_paragraph_and_line(sample):
    _, article = sample
    where = [(u.paragraph, u.line) for u in article.units]
    assert where[:5] == [(0, 1), (1, 3), (1, 3), (2, 6), (3, 8)]
    assert where[-4:] == [(12, 26), (12, 26), (13, 28), (13, 28)]


def test_the_sample_rebuilds_byte_for_byte_and_without_share_links(sample):
    text, article = sample
    assert rebuild_text(article, lambda u: u.source, keep_dropped=True) == text
    published = rebuild_text(article, lambda u: f"<{u.kind}>")
    assert published.endswith("<body>\n\n<body> <body>")
    assert published.startswith("<title>\n\n<caption> <credit>\n\n\n<body>\n\n")


@pytest.mark.parametrize("text", [
    "Gen. Smith met Dr. Jones and Mr. Brown in the U.S. on Sunday.",
    "The base is 15 km northwest of Kirkuk and No. 2 base is 16 km west of Qayyarah.",
    "Today, Sunday, March 29, the coalition withdrew from the base.",
    "On March 29, 2020 the coalition handed over 1,000.5 tonnes of equipment.",
    "The ISF and the K1 garrison met IS remnants near the U.S.-built airfield.",
    "The curfew runs from 6 p.m. to 6 a.m. on Monday.",
    "The convoy left at 5 p.m. Baghdad time on Sunday.",
    "Flights resume at 8 a. m. on Monday.",
    "The report is at https://www.kirkuknow.com/en/news/62034.html and in Mr. Ali's files.",
    "Write to desk@kirkuk.now.net or info@kirkuknow.com for the U.N. statement.",
    "The base covers 1.2 sq. km of farmland near Makhmour.",
    "Troops from the 101st Airborne Div. arrived on Monday.",
    "The wall is 5 ft. tall and 3 in. wide.",
    "Turnout was 41 pct. in Baghdad.",
    "The school reopened on Sunday. 🎉",
    "Read the thread below. 👇👇",
    "The camp holds approx. 300 families from Sinjar.",
    "Losses were est. 2 million dollars, the council said.",
])
def test_news_copy_that_is_one_sentence_stays_whole(text):
    assert body_of(text) == [text]


@pytest.mark.parametrize("text, sentences", [
    ("The ISF and IS fought. K1 base was handed over.", ["The ISF and IS fought.", "K1 base was handed over."]),
    ("It cost 1,000.5 dollars. Others stayed.", ["It cost 1,000.5 dollars.", "Others stayed."]),
    ("He said: “We will leave.” Then he left.", ["He said: “We will leave.”", "Then he left."]),
    ('He said: "We will leave." Then he left.', ['He said: "We will leave."', "Then he left."]),
    ("At 5 a.m. Mr. Smith went to the base. He left it at 6 P.M. Mr. Smith then went home.",
     ["At 5 a.m. Mr. Smith went to the base.", "He left it at 6 P.M.", "Mr. Smith then went home."]),
    ("He was born at 5 a.m. He died at 6 p.m.", ["He was born at 5 a.m.", "He died at 6 p.m."]),
    ("The attack came at 5 p.m. Sunday. Nobody was hurt.", ["The attack came at 5 p.m. Sunday.", "Nobody was hurt."]),
    ("See https://kirkuknow.com/en/news. The report followed.", ["See https://kirkuknow.com/en/news.", "The report followed."]),
    ("Email desk@kirkuknow.com. Editors reply daily.", ["Email desk@kirkuknow.com.", "Editors reply daily."]),
    ("The base covers 1.2 sq. km. It was built in the 1970s.", ["The base covers 1.2 sq. km.", "It was built in the 1970s."]),
    ("The vote was on Sunday. al-Sadr's bloc won.", ["The vote was on Sunday.", "al-Sadr's bloc won."]),
    ("He met him in Geneva. de Mistura said talks resume.", ["He met him in Geneva.", "de Mistura said talks resume."]),
    ("He met the prince. bin Salman said little.", ["He met the prince.", "bin Salman said little."]),
    ("It was his best. 300 people agreed.", ["It was his best.", "300 people agreed."]),
])
def test_news_copy_splits_where_sentences_end(text, sentences):
    assert body_of(text) == sentences


def test_bullet_lines_are_units_of_their_own_and_keep_their_bullet_as_layout():
    text = "Title\n\nThe coalition said:\n• It left K1.\n- It left Qayyarah\n* It kept Ain al-Asad.\n"
    article = segment_article(text, slug="t", source_path="t.txt")
    assert [u.source for u in article.units[1:]] == [
        "The coalition said:", "It left K1.", "It left Qayyarah", "It kept Ain al-Asad."]
    assert rebuild_text(article, lambda u: "X") == "X\n\nX\n• X\n- X\n* X\n"


@pytest.mark.parametrize("line", [
    "• FB", "  • Instagram", "• Twitter", "• YT", "• Facebook", "Share this", "WhatsApp", "Telegram",
    "- YouTube", "Twitter | Facebook | WhatsApp",
])
def test_share_links_alone_on_a_line_are_dropped(line):
    article = segment_article(f"Title\n\nBody.\n{line}\n", slug="t", source_path="t.txt")
    assert [u.source for u in article.units] == ["Title", "Body."]
    assert [article.text[s.start:s.end] for s in article.dropped] == [line.strip()]


def test_a_share_word_inside_a_sentence_is_copy():
    assert body_of("• Twitter said the account was hacked.\nTelegram channels spread it.") == [
        "Twitter said the account was hacked.", "Telegram channels spread it."]


def test_dropped_blocks_leave_no_gap_when_published():
    text = "Title\r\n\r\nFirst.\r\n\r\nShare this\r\n\r\nLast.\r\n\r\n  • FB\r\n  • YT\r\n"
    article = segment_article(text, slug="t", source_path="t.txt")
    assert rebuild_text(article, lambda u: u.source) == "Title\r\n\r\nFirst.\r\n\r\nLast.\r\n"
    assert rebuild_text(article, lambda u: u.source, keep_dropped=True) == text


def test_blank_lines_and_line_endings_set_paragraph_and_line():
    text = "Title\r\n\r\n\r\nOne. Two.\rThree.\n\n\nFour."
    article = segment_article(text, slug="t", source_path="t.txt")
    assert [(u.source, u.paragraph, u.line) for u in article.units] == [
        ("Title", 0, 1), ("One.", 1, 4), ("Two.", 1, 4), ("Three.", 1, 5), ("Four.", 2, 8)]


def test_a_hard_wrapped_sentence_is_one_unit_but_a_new_capitalised_line_is_not():
    assert body_of("The coalition\nwithdrew today.\nOfficials confirmed it") == [
        "The coalition\nwithdrew today.", "Officials confirmed it"]


def test_a_capitalised_line_after_a_wrapped_line_continues_its_sentence():
    wrapped = "The council said the budget for schools would be approved on\nMonday after a vote in Kirkuk."
    assert body_of(wrapped) == [wrapped]
    assert body_of("The council said the budget would pay for repairs to\n40 schools.") == [
        "The council said the budget would pay for repairs to\n40 schools."]
    # a short line the writer broke (a heading-like line), or one that ends its sentence, is a boundary
    assert body_of("Key facts\nThe council met on Monday.") == ["Key facts", "The council met on Monday."]
    assert body_of("The council said the budget for schools was approved.\nMonday saw a vote.") == [
        "The council said the budget for schools was approved.", "Monday saw a vote."]
    assert body_of("The council said the budget for schools would be approved by\n# editor's note") == [
        "The council said the budget for schools would be approved by", "# editor's note"]


def test_caption_rules():
    assert units_of("Title\n\nA soldier at K1. (Photo: AP)\n\nBody.")[1:3] == [
        ("caption", "A soldier at K1."), ("credit", "(Photo: AP)")]
    assert units_of("Title\n\nPhoto credit: KirkukNow\n\nBody.")[1] == ("credit", "Photo credit: KirkukNow")
    assert units_of("Title\n\nFile photo of the K1 base.\n\nBody.")[1] == ("credit", "File photo of the K1 base.")
    assert units_of("Title\n\nThe base was empty.\n\nPhoto: AP")[1:] == [
        ("body", "The base was empty."), ("body", "Photo: AP")]
    long_block = "The statement, " + "long " * 100 + "ends. Photo: AP"
    assert [kind for kind, _ in units_of(f"Title\n\n{long_block}")][1:] == ["body", "body"]


def test_a_markdown_article_led_by_a_picture_has_its_caption_and_then_its_title():
    """A CMS export opening with its picture: the caption under it was the article's title, the headline a heading."""
    text = "![Kirkuk citadel](citadel.jpg)\n\nThe citadel at dusk. Photo: Jane Doe/KirkukNow\n\n# Citadel reopens\n\nIt reopened.\n"
    assert [(unit.kind, unit.source) for unit in segment_article(text, slug="t", source_path="t.md").units] == [
        ("image", "Kirkuk citadel"), ("caption", "The citadel at dusk."), ("credit", "Photo: Jane Doe/KirkukNow"),
        ("title", "Citadel reopens"), ("body", "It reopened.")]
    text = "![Kirkuk citadel](citadel.jpg)\n\n# Citadel reopens\n\nIt reopened.\n"
    assert [unit.kind for unit in segment_article(text, slug="t", source_path="t.md").units] == ["image", "title", "body"]


def test_the_title_is_the_first_non_blank_line():
    assert units_of("\n\n  Headline here  \nFirst sentence. Second.") == [
        ("title", "Headline here"), ("body", "First sentence."), ("body", "Second.")]


def test_blank_or_empty_text_has_no_units():
    for text in ("", "\n\n", " \t\r\n\u00a0"):
        assert segment_article(text, slug="t", source_path="t.txt").units == ()


INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202c\u00ad"


@pytest.mark.parametrize("path", ["t.txt", "t.md"])
def test_invisible_characters_alone_are_blank_and_never_edge_a_unit(path):
    """A line of zero-width spaces (a CMS spacer) or a stray BOM is not a unit, and no unit starts or ends with one."""
    text = (f"\ufeff{INVISIBLE}Council approves budget{INVISIBLE}\n\n{INVISIBLE}\n\n"
            f"\u200bThe council met on Monday.\u200b It approved the budget.\u200d\n\n\u200b \u200e\n")
    article = segment_article(text, slug="t", source_path=path)
    assert [unit.source for unit in article.units] == [
        "Council approves budget", "The council met on Monday.", "It approved the budget."]
    assert rebuild_text(article, lambda unit: unit.source, keep_dropped=True) == text
    assert segment_article(f" {INVISIBLE}\n\n{INVISIBLE}\n", slug="t", source_path=path).units == ()


def test_text_pysbd_loses_is_kept_by_the_fallback(monkeypatch):
    class LosesTheSecondSentence:
        def segment(self, text):
            from pysbd.utils import TextSpan

            first = text.index(".") + 2
            return [TextSpan(text[:first], 0, first)]

    monkeypatch.setattr(segment, "_segmenter", LosesTheSecondSentence)
    text = "Gen. Smith left. The base closed. Dr. Ali stayed."
    assert body_of(text) == ["Gen. Smith left.", "The base closed.", "Dr. Ali stayed."]


def test_a_huge_paragraph_is_segmented_whole():
    """Speed on such input is scripts/fuzz_segment.py's to measure; here: it finishes, and nothing is lost."""
    sentences = [f"Sentence number {i} says the U.S. base closed at 5 p.m. on Sunday." for i in range(3000)]
    spans = split_sentences(" ".join(sentences))
    assert len(spans) == 3000
    article = segment_article("Title\n\n" + "x" * 300_000, slug="t", source_path="t.txt")
    assert "".join(u.source for u in article.units[1:]) == "x" * 300_000


def test_rebuild_text_replaces_units_and_keeps_the_layout_between():
    article = segment_article("Title\n\n  One. Two.\n• Three", slug="t", source_path="t.txt")
    assert rebuild_text(article, lambda u: u.source.upper()) == "TITLE\n\n  ONE. TWO.\n• THREE"


def test_lines_are_not_joined_across_a_dropped_share_link():
    text = "Title\n\nThe base\n  • FB\nclosed today."
    article = segment_article(text, slug="t", source_path="t.txt")
    assert [u.source for u in article.units] == ["Title", "The base", "closed today."]
    assert rebuild_text(article, lambda u: u.source, keep_dropped=True) == text


@pytest.mark.parametrize("block, caption, credit", [
    ("Kirkuk, March 2020. Photo: Exclusive to KirkukNow", "Kirkuk, March 2020.", "Photo: Exclusive to KirkukNow"),
    ("Troops at K1 (Photo AP)", "Troops at K1", "(Photo AP)"),
    ("Troops at K1. Photo by Ali Hassan", "Troops at K1.", "Photo by Ali Hassan"),
    ("Troops at K1. Image: Reuters", "Troops at K1.", "Image: Reuters"),
    ("Troops at K1. Courtesy of the ISF", "Troops at K1.", "Courtesy of the ISF"),
])
def test_credit_markers(block, caption, credit):
    assert units_of(f"Title\n\n{block}\n\nBody.")[1:3] == [("caption", caption), ("credit", credit)]

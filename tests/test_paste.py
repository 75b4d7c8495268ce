"""Articles as desks paste them: web boilerplate anywhere, CRLF, Markdown in and out, short foreign text.

Drafts come from THE fake engine (FakeEngine), which copies the source: these
tests prove structure and boilerplate handling, not translation; the
markup-rewriting engine below shows what QA makes of a draft that loses markup.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown_it
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import cli
from l10n.core.blank import is_blank_char
from l10n.core.project import load_project
from l10n.errors import GlossaryError, PublishBlocked
from l10n.pipeline import translate
from l10n.publish import publish_article
from l10n.stages.boilerplate import default_boilerplate, load_boilerplate, parse_boilerplate
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.qa import check_catalog
from l10n.stages.segment import rebuild_text, segment_article

ROOT = Path(__file__).resolve().parents[1]

GLUED = (
    "Council reopens school in Kirkuk\n\n"
    "The school reopened on Sunday after a year. It had been closed since the floods, the council said on Monday.  • FB\n"
    "• Instagram\n• Twitter\n• YT\n"
)
WEB_PASTE = (
    "A school reopens in Kirkuk\r\n"
    "By Jane Doe | Share this: Facebook · Twitter · WhatsApp\r\n\r\n"
    "Kirkuk, a classroom on Sunday. Photo: KirkukNow\r\n\r\n"
    "The school reopened on Sunday. Pupils returned after a year.\r\n\r\n"
    "Related: Council votes on the school budget\r\n"
    "Read more: Schools reopen across Nineveh\r\n\r\n"
    "Follow us on Twitter and Facebook\r\n"
    "Sign up for our newsletter\r\n"
    "© 2024 KirkukNow. All rights reserved.\r\n"
)
MARKDOWN = (
    "# A school *reopens* in Kirkuk\r\n\r\n"
    "By Jane Doe | Share this: [Facebook](https://facebook.com/share) · [Twitter](https://x.com/share)\r\n\r\n"
    "The school reopened on **Sunday**, the council said. Classes start [next week](https://example.com/a).\r\n\r\n"
    "> \"We are *glad*,\" a teacher said.\r\n\r\n"
    "## What comes next\r\n\r\n"
    "- Buses run from *Monday*.\r\n"
    "- Meals are [free](https://example.com/meals).\r\n\r\n"
    "1. Register online.\r\n"
    "2. Bring a photo.\r\n\r\n"
    "Related: [Council votes](https://example.com/b)\r\n"
    "Read more: [Schools in Nineveh](https://example.com/c)\r\n"
)


def units(text: str, name: str = "a.txt", **options) -> list[tuple[str, str]]:
    return [(u.kind, u.source) for u in segment_article(text, slug="a", source_path=name, **options).units]


def dropped(text: str, name: str = "a.txt", **options) -> list[str]:
    article = segment_article(text, slug="a", source_path=name, **options)
    return [text[span.start:span.end] for span in article.dropped]


def published(text: str, name: str = "a.txt") -> str:
    return rebuild_text(segment_article(text, slug="a", source_path=name), lambda unit: unit.source)


# --- boilerplate ----------------------------------------------------------------------------------


def test_a_share_bar_glued_to_the_last_paragraph_is_dropped_with_the_links_below():
    assert units(GLUED)[-1] == ("body", "It had been closed since the floods, the council said on Monday.")
    assert dropped(GLUED) == ["• FB", "• Instagram", "• Twitter", "• YT"]
    assert published(GLUED).endswith("the council said on Monday.\n")


def test_a_web_page_paste_keeps_the_byline_and_credit_and_drops_the_rest():
    assert units(WEB_PASTE) == [
        ("title", "A school reopens in Kirkuk"),
        ("byline", "By Jane Doe"),
        ("caption", "Kirkuk, a classroom on Sunday."),
        ("credit", "Photo: KirkukNow"),
        ("body", "The school reopened on Sunday."),
        ("body", "Pupils returned after a year."),
    ]
    assert dropped(WEB_PASTE) == [
        "| Share this: Facebook · Twitter · WhatsApp",
        "Related: Council votes on the school budget", "Read more: Schools reopen across Nineveh",
        "Follow us on Twitter and Facebook", "Sign up for our newsletter", "© 2024 KirkukNow. All rights reserved.",
    ]
    # CRLF kept, boilerplate gone without leaving blank lines or trailing spaces
    assert published(WEB_PASTE) == (
        "A school reopens in Kirkuk\r\nBy Jane Doe\r\n\r\nKirkuk, a classroom on Sunday. Photo: KirkukNow\r\n\r\n"
        "The school reopened on Sunday. Pupils returned after a year.\r\n"
    )


def test_a_byline_under_the_title_leaves_the_title_a_heading():
    from l10n.core.languages import get_profile
    from l10n.publish import html, markdown, rebuild
    from l10n.publish.policy import State

    article = segment_article(WEB_PASTE, slug="a", source_path="a.txt")
    doc = rebuild.localize(article, "tk", {u.source: rebuild.Choice(u.source, State.REVIEWED) for u in article.units})
    assert [block.kind for block in rebuild.blocks(doc)] == ["title", "paragraph", "caption", "paragraph"]
    assert markdown.render_markdown(doc).startswith("# A school reopens in Kirkuk\r\n\r\nBy Jane Doe\r\n\r\n")  # its CRLF kept
    assert '<h1><span class="unit" data-kind="title">A school reopens in Kirkuk</span></h1>' in html.render_html(
        doc, get_profile("tk"))


@pytest.mark.parametrize("text, kept, gone", [
    ("Share this: Facebook · Twitter  The council met on Monday.", "The council met on Monday.",
     "Share this: Facebook · Twitter"),
    ("The council met. Read more: Schools in Nineveh", "The council met.", "Read more: Schools in Nineveh"),
    ("The council met on Monday. | FB | Twitter", "The council met on Monday.", "| FB | Twitter"),
])
def test_boilerplate_glued_to_the_start_or_end_of_a_paragraph(text, kept, gone):
    assert units(f"Title\n\n{text}\n")[1:] == [("body", kept)]
    assert dropped(f"Title\n\n{text}\n") == [gone]


@pytest.mark.parametrize("name, text", [
    ("a.txt", "Title\n\nThe council met.\n\nRead more:\n• Council votes on budget\n• Schools reopen\n\nIt ended.\n"),
    ("a.md", "# Title\n\nThe council met.\n\nRelated stories:\n\n- [Council votes](https://a.b/1)\n"
             "- [Schools](https://a.b/2)\n\nIt ended.\n"),
])
def test_a_bare_related_line_takes_its_list_of_links_along(name, text):
    assert [source for _kind, source in units(text, name)] == ["Title", "The council met.", "It ended."]
    assert len(dropped(text, name)) == 3


@pytest.mark.parametrize("text", [
    "Twitter said the account was hacked.", "He posted the video on Facebook",
    "By Monday, the troops had left the base.", "Twitter, Facebook and YouTube were blocked for a week.",
    "Copyright lawyers met the council on Sunday.",
])
def test_copy_that_only_mentions_a_platform_or_starts_with_by_is_kept(text):
    assert units(f"Title\n\n{text}\n") == [("title", "Title"), ("body", text)]


@pytest.mark.parametrize("name, text", [
    ("a.md", "# Results\n\n| Party | Seats | Share |\n| --- | --- | --- |\n| KDP | 31 | 18% |\n"),
    ("a.txt", "Results\n\nParty | Seats | Email\nKDP | 31 | info@kdp.info\n"),
])
def test_a_table_row_ending_on_a_share_word_keeps_its_cell(name, text):
    """"| Share |" closing a table's header row (vote share) was dropped as a share bar glued to the line:
    translators never saw the column, and the published table lost it."""
    assert dropped(text, name) == []
    assert published(text, name) == text


def test_the_desk_extends_and_trims_the_list_in_its_project(tmp_path):
    text = "Title\n\nBy Jane Doe\n\nThe school reopened.\n\nSponsored: Buy a car\n\nPrint\n"
    assert dropped(text) == ["Print"]
    (tmp_path / "boilerplate.txt").write_text(
        "# our CMS adds these\nline Sponsored:\ndrop byline\nunlist Print\n", encoding="utf-8")
    rules = load_boilerplate(tmp_path)
    assert units(text, boilerplate=rules) == [("title", "Title"), ("body", "The school reopened."), ("body", "Print")]
    assert dropped(text, boilerplate=rules) == ["By Jane Doe", "Sponsored: Buy a car"]
    assert load_boilerplate(tmp_path / "none") == default_boilerplate()


def test_a_boilerplate_list_saved_with_a_byte_order_mark_reads_its_first_line(tmp_path):
    """Notepad's BOM made the first line "'\\ufeffshare Viber' is not an entry" and stopped every translate."""
    (tmp_path / "boilerplate.txt").write_text("\ufeffline Sponsored:\n", encoding="utf-8")
    assert dropped("Title\n\nThe school reopened.\n\nSponsored: Buy a car\n", boilerplate=load_boilerplate(tmp_path)) == [
        "Sponsored: Buy a car"]


def test_the_desk_can_drop_photo_credits():
    rules = parse_boilerplate("drop credit\n", "boilerplate.txt", default_boilerplate())
    assert units(WEB_PASTE, boilerplate=rules)[1:3] == [("byline", "By Jane Doe"), ("caption", "Kirkuk, a classroom on Sunday.")]
    assert "Photo: KirkukNow" in dropped(WEB_PASTE, boilerplate=rules)


def test_a_malformed_boilerplate_line_names_the_file_and_line():
    with pytest.raises(GlossaryError, match=r"^glossary/boilerplate\.txt:2: 'shar FB' is not an entry"):
        parse_boilerplate("share FB\nshar FB\n", "glossary/boilerplate.txt")


# --- Markdown -------------------------------------------------------------------------------------


def test_a_markdown_article_has_words_in_units_and_structure_in_the_layout():
    assert units(MARKDOWN, "a.md") == [
        ("title", "A school *reopens* in Kirkuk"),
        ("byline", "By Jane Doe"),
        ("body", "The school reopened on **Sunday**, the council said."),
        ("body", "Classes start [next week](https://example.com/a)."),
        ("quote", "\"We are *glad*,\" a teacher said."),
        ("heading", "What comes next"),
        ("list item", "Buses run from *Monday*."),
        ("list item", "Meals are [free](https://example.com/meals)."),
        ("list item", "Register online."),
        ("list item", "Bring a photo."),
    ]
    assert dropped(MARKDOWN, "a.md") == [
        "| Share this: [Facebook](https://facebook.com/share) · [Twitter](https://x.com/share)",
        "Related: [Council votes](https://example.com/b)", "Read more: [Schools in Nineveh](https://example.com/c)",
    ]


def test_a_bold_markdown_byline_is_a_byline():
    assert units("# Title\n\n**By Jane Doe**, KirkukNow\n\nBy then it was late.\n", "a.md")[1:] == [
        ("byline", "**By Jane Doe**, KirkukNow"), ("body", "By then it was late.")]


def test_the_same_text_as_plain_text_keeps_todays_behaviour():
    assert units(MARKDOWN, "a.txt")[0] == ("title", "# A school *reopens* in Kirkuk")


TABLE = (
    "# Election results\n\nThe commission announced the results on Monday.\n\n"
    "| Party | Seats | Share |\n"
    "| :--- | ---: | :---: |\n"
    "| Kurdistan Democratic Party | 12 | 40% |\n"
    "|Independents \\| others|9|—|\n"
    "| Yes | Yes | Share |\n\n"
    "Turnout was low.\n"
)


def test_each_table_cell_is_a_unit_and_the_pipes_and_alignment_row_are_layout():
    """A GFM table was one unit, pipes, alignment row and all: translators had to keep the grid by hand
    and publishing folded it onto one line.  Each cell with words is now a unit of its own; a cell of
    figures ("12", "40%", "—") needs no translation and stays layout, as the pipes do."""
    assert units(TABLE, "a.md") == [
        ("title", "Election results"),
        ("body", "The commission announced the results on Monday."),
        ("table cell", "Party"), ("table cell", "Seats"), ("table cell", "Share"),
        ("table cell", "Kurdistan Democratic Party"),
        ("table cell", "Independents \\| others"),
        ("table cell", "Yes"), ("table cell", "Yes"), ("table cell", "Share"),
        ("body", "Turnout was low."),
    ]
    article = segment_article(TABLE, slug="a", source_path="a.md")
    assert [TABLE[unit.start:unit.end] for unit in article.units if unit.source == "Yes"] == ["Yes", "Yes"]
    assert len({unit.start for unit in article.units}) == len(article.units) and article.dropped == ()
    assert published(TABLE, "a.md") == TABLE


def test_a_table_in_a_quote_has_its_cells_as_units():
    text = "# Results\n\n> | Party | Seats |\n> | --- | --- |\n> | KDP | 31 |\n"
    assert units(text, "a.md")[1:] == [("table cell", "Party"), ("table cell", "Seats"), ("table cell", "KDP")]


def test_translated_table_cells_pass_qa(tmp_path):
    """A cell's unit holds no pipe, so QA has no bracket or link to miss in the grid."""
    project = _reviewed_in_arabic(tmp_path, "results.md", TABLE, {
        "Election results": "نتائج الانتخابات", "The commission announced the results on Monday.": "أعلنت المفوضية النتائج يوم الاثنين.",
        "Party": "الحزب", "Seats": "المقاعد", "Share": "الحصة", "Kurdistan Democratic Party": "الحزب الديمقراطي الكردستاني",
        "Independents \\| others": "مستقلون \\| آخرون", "Yes": "نعم", "Turnout was low.": "كانت نسبة المشاركة منخفضة."})
    assert check_catalog(project.catalog_path("results", "ar")) == []


FOOTNOTES = (
    "# Budget\n\n"
    "The council approved the budget[^1] on Monday, the mayor said.[^source] Work starts in May.\n\n"
    "[^1]: The figure includes the school fund.\n"
    "    It was revised twice.\n\n"
    "[^source]: Reuters\n\n"
    "Schools reopen next week.\n"
)
FOOTNOTES_IN_ARABIC = {
    "Budget": "الميزانية",
    "The council approved the budget[^1] on Monday, the mayor said.[^source]":
        "وافق المجلس على الميزانية[^1] يوم الاثنين، بحسب رئيس البلدية.[^source]", "Work starts in May.": "يبدأ العمل في أيار.",
    "The figure includes the school fund.": "يشمل الرقم صندوق المدارس.", "It was revised twice.": "وعُدّل مرتين.",
    "Reuters": "رويترز", "Schools reopen next week.": "تعيد المدارس فتح أبوابها الأسبوع المقبل."}


def test_a_footnote_is_translated_and_its_marker_is_layout():
    """`[^1]: text` was a paragraph whose unit began with the marker, and `[^source]: Reuters` (one word, so
    CommonMark reads a link definition) was never translated: the body's `[^source]` linked to "Reuters".
    A definition's text is now its own unit (role footnote), its `[^label]:` layout; a reference stays in
    its sentence, as a link does, and ends the sentence it follows (pySBD starts the next one with it)."""
    assert units(FOOTNOTES, "a.md") == [
        ("title", "Budget"),
        ("body", "The council approved the budget[^1] on Monday, the mayor said.[^source]"), ("body", "Work starts in May."),
        ("footnote", "The figure includes the school fund."), ("footnote", "It was revised twice."),
        ("footnote", "Reuters"),
        ("body", "Schools reopen next week."),
    ]
    assert published(FOOTNOTES, "a.md") == FOOTNOTES


def test_a_footnote_marker_is_a_label_to_keep_and_qa_flags_it_lost(tmp_path):
    """The template says to keep `[^1]` as written and the links check flags a translation that drops it
    (the published footnote would lose its reference); kept, nothing in a footnote is a finding."""
    project = _reviewed_in_arabic(tmp_path, "budget.md", FOOTNOTES, FOOTNOTES_IN_ARABIC)
    po_path = project.catalog_path("budget", "ar")
    assert check_catalog(po_path) == []
    po = polib.pofile(str(po_path))
    entry = po.find("The council approved the budget[^1] on Monday, the mayor said.[^source]")
    assert [line for line in entry.comment.splitlines() if line.startswith("reference link")] == [
        "reference link: [^1]", "reference link: [^source]"]
    entry.msgstr = "وافق المجلس على الميزانية يوم الاثنين، بحسب رئيس البلدية.[^source]"
    po.save(str(po_path))
    assert [(f.check, f.message) for f in check_catalog(po_path)] == [
        ("links", "Markdown link target lost or changed: [^1]")]


def test_an_inline_note_is_translated_as_its_own_unit_and_its_marks_are_layout():
    """`^[text]` (an inline note) was text in its sentence: the unit held the note, and the page showed
    `^[…]` as written.  Its text is now a unit of its own (role footnote), split into sentences like a
    defined note's, and `^[` and `]` are layout; a note inside a sentence cuts it where it stands, as a
    picture does.  A note over two lines stays in its sentence, as written."""
    text = ("# Budget\n\nThe council approved the budget.^[The figure includes the school fund. It was revised.] "
            "Work starts in May.\n\nSchools reopen^[ In Kirkuk. ] next week.\n\n"
            "A note^[over two\nlines] stays in its sentence.^[Cut.]\n")
    assert units(text, "a.md") == [
        ("title", "Budget"),
        ("body", "The council approved the budget."),
        ("footnote", "The figure includes the school fund."), ("footnote", "It was revised."),
        ("body", "Work starts in May."),
        ("body", "Schools reopen"), ("footnote", "In Kirkuk."), ("body", "next week."),
        ("body", "A note^[over two\nlines] stays in its sentence."), ("footnote", "Cut."),
    ]
    assert published(text, "a.md") == text


IMAGE_REFERENCES = (
    "# Photos\n\n"
    "![Council members in session][hall] The council met.\n\n"
    "![The old hall][] ![hall]\n\n"
    "Read [the report][r].\n\n"
    "[hall]: hall.jpg \"The council hall\"\n"
    "[The old hall]: old.jpg\n  'Before the fire'\n"
    "[r]: https://example.com/r \"The report\"\n"
)


def test_the_title_a_picture_takes_from_its_reference_definition_is_a_unit():
    """`![alt](src "title")` has two units, its alt text and title; `![alt][hall]` had one, the title of
    `[hall]: src "title"` staying English.  A definition's title is now a unit where a picture uses it (once,
    however many pictures do); a link's definition keeps its title as written."""
    assert units(IMAGE_REFERENCES, "a.md") == [
        ("title", "Photos"),
        ("image", "Council members in session"), ("body", "The council met."),
        ("image", "The old hall"), ("image", "hall"),
        ("body", "Read [the report][r]."),
        ("image", "The council hall"), ("image", "Before the fire"),
    ]
    assert published(IMAGE_REFERENCES, "a.md") == IMAGE_REFERENCES


def test_a_soft_wrapped_markdown_paragraph_is_one_run_and_markup_is_never_cut():
    text = "Title\n\nThe council said\nThe school reopens. *It was shut. Now it is open.* Fine.\n"
    assert [source for _kind, source in units(text, "a.md")[1:]] == [
        "The council said\nThe school reopens.", "*It was shut. Now it is open.* Fine."]


QUOTES = (
    "# Title\n\n"
    "> The council said on Monday that the\n"
    "> school would reopen. Pupils will\n"
    ">return next week.\n\n"
    "- > A quote in a list item runs\n"
    "  > over two lines.\n\n"
    "> - A list item in a quote runs\n"
    ">   over two lines.\n\n"
    "> > A nested quote runs\n"
    "> > over two lines.\n\n"
    "> A lazy line\n"
    "continues the quote.\n"
)


@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
def test_a_quote_over_several_lines_is_one_paragraph_split_into_sentences(line_break):
    """Each `>` line was a unit of its own: "…that the" / "school would reopen. Pupils will" / "return next week."."""
    text = QUOTES.replace("\n", line_break)
    article = segment_article(text, slug="a", source_path="a.md")
    assert [(unit.kind, unit.source.replace(line_break, " ")) for unit in article.units] == [
        ("title", "Title"),
        ("quote", "The council said on Monday that the school would reopen."),
        ("quote", "Pupils will return next week."),
        ("quote", "A quote in a list item runs over two lines."),
        ("list item", "A list item in a quote runs over two lines."),
        ("quote", "A nested quote runs over two lines."),
        ("quote", "A lazy line continues the quote."),
    ]
    assert line_break in article.units[1].source   # the line break stays, as in any wrapped paragraph
    assert rebuild_text(article, lambda unit: unit.source, keep_dropped=True) == text
    assert rebuild_text(article, lambda unit: " ".join(unit.source.split()).upper()).startswith(
        f"# TITLE{line_break}{line_break}> THE COUNCIL SAID ON MONDAY THAT THE SCHOOL WOULD REOPEN. PUPILS WILL RETURN"
        f" NEXT WEEK.{line_break}{line_break}- > A QUOTE IN A LIST ITEM RUNS OVER TWO LINES.{line_break}")


def test_a_quote_over_several_lines_is_published_as_a_quote(tmp_path):
    project = _project(tmp_path, "quotes.md", QUOTES)
    translate(project, [tmp_path / "quotes.md"], engine_factory=lambda p, profile: FakeEngine(target=profile.code))
    po = polib.pofile(str(project.catalog_path("quotes", "ar")))
    assert not [entry.msgid for entry in po if ">" in entry.msgid]
    _review_all(project, "quotes", lambda text: "نص " + " ".join(text.split()))
    publish_article(project, tmp_path / "quotes.md", langs=["ar"], check=lambda path: [])
    md = re.sub("[\u2066-\u2069]", "", (tmp_path / "published" / "quotes" / "ar.md").read_text(encoding="utf-8"))
    assert "\n> نص The council said on Monday that the school would reopen. نص Pupils will return next week.\n\n" in md
    assert "\n> > نص A nested quote runs over two lines.\n" in md
    assert _block_types(md) == [kind for kind in _block_types(QUOTES) if kind != "softbreak"]   # a translation is one line
    page = (tmp_path / "published" / "quotes" / "ar.html").read_text(encoding="utf-8")
    assert page.count("<blockquote>") == markdown_it.MarkdownIt("commonmark").render(QUOTES).count("<blockquote>") == 6
    first_quote = re.search("<blockquote><p>(.*?)</p></blockquote>", page)[1]
    assert re.sub("<[^>]+>", "", first_quote) == (
        "نص The council said on Monday that the school would reopen. نص Pupils will return next week.")


def _block_types(markdown_text: str) -> list[str]:
    """The Markdown structure: block and inline token types, text left out."""
    types = []
    for token in markdown_it.MarkdownIt("commonmark").parse(markdown_text):
        types.append(token.type if token.type != "heading_open" else f"heading_open:{token.tag}")
        types += [child.type for child in token.children or () if child.type != "text"]
    return types


def _project(tmp_path: Path, name: str, text: str):
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    (tmp_path / "l10n.toml").write_text('glossary_dir = "glossary"\n', encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    return load_project(tmp_path)


def _review_all(project, slug: str, translate_text=lambda text: text) -> None:
    for lang in project.targets:
        path = project.catalog_path(slug, lang)
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = translate_text(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))


def test_markdown_round_trip_keeps_headings_emphasis_quotes_lists_and_links(tmp_path):
    project = _project(tmp_path, "school.md", MARKDOWN)
    translate(project, [tmp_path / "school.md"], engine_factory=lambda p, profile: FakeEngine(target=profile.code))
    _review_all(project, "school", lambda text: text.replace("school", "mekdep").replace("Kirkuk", "Kerkük"))
    publish_article(project, tmp_path / "school.md", check=lambda path: [])
    source_without_boilerplate = published(MARKDOWN, "a.md")
    for lang in project.targets:
        isolated = (tmp_path / "published" / "school" / f"{lang}.md").read_bytes().decode("utf-8")
        note = project.profile(lang).reader_note   # tk's note to readers, under the title
        assert not note or f"\r\n\r\n*{note}*\r\n" in isolated
        isolated = isolated.replace(f"\r\n\r\n*{note}*", "") if note else isolated
        assert _block_types(isolated) == _block_types(source_without_boilerplate)
        # these "translations" are Latin: in a right-to-left language each line's run is one isolate (LRI … PDI)
        assert isolated.startswith("# \u2066A mekdep" if lang in ("ar", "ckb") else "# A mekdep")
        md = re.sub("[\u2066-\u2069]", "", isolated)
        assert md.startswith("# A mekdep *reopens* in Kerkük\r\n") and "\\#" not in md
        assert "\r\n> \"We are *glad*,\" a teacher said.\r\n" in md and "\r\n- Buses run from *Monday*.\r\n" in md
        assert "[next week](https://example.com/a)" in md and "Share this" not in md and "Related" not in md
        page = (tmp_path / "published" / "school" / f"{lang}.html").read_text(encoding="utf-8")
        assert "<h1><span" in page and "<h1>#" not in page and "<h2>" in page and "<blockquote><p>" in page
        assert "<em>reopens</em>" in page and '<a href="https://example.com/a" rel="noopener noreferrer">next week</a>' in page
        assert "<ul><li>" in page and "<ol><li>" in page and "<title>A mekdep reopens in Kerkük</title>" in page


def test_a_draft_that_loses_markup_is_flagged_by_qa(tmp_path):
    project = _project(tmp_path, "school.md", MARKDOWN)

    def rewriting(p, profile):  # a stand-in-like engine that rewrites symbols and drops link targets
        return FakeEngine(lambda request: [request.source.replace("*", "").split("](")[0].replace("[", "")],
                          target=profile.code)

    report = translate(project, [tmp_path / "school.md"], langs=["ar"], engine_factory=rewriting)
    flagged = {finding.msgid for finding in report.findings if finding.check == "urls"}
    assert "Classes start [next week](https://example.com/a)." in flagged


def test_a_translation_that_loses_a_relative_link_or_a_reference_label_blocks_publishing(tmp_path):
    """`[the annex](annex.pdf)` and `[the report][r]` are links the urls check cannot see (no web address):
    a translation that drops the address or translates the label published a page without the link."""
    text = "# The budget\n\nRead [the annex](annex.pdf) and [the report][r] today.\n\n[r]: https://example.com/report\n"
    project = _reviewed_in_arabic(tmp_path, "budget.md", text, {
        "The budget": "الميزانية",
        "Read [the annex](annex.pdf) and [the report][r] today.": "اقرأ الملحق و[التقرير][تقرير] اليوم."})
    with pytest.raises(PublishBlocked) as blocked:
        publish_article(project, tmp_path / "budget.md", langs=["ar"])
    assert [reason for _entry, reason in blocked.value.blockers if reason.startswith("links")] == [
        "links: Markdown link target lost or changed: [r], annex.pdf"]
    assert not (tmp_path / "published").exists()


def test_a_translation_that_loses_a_shortcut_or_collapsed_reference_is_flagged_but_literal_brackets_are_not(tmp_path):
    """`[the report]` and `[the annex][]` are links because the article defines them (`[the report]: …`):
    a translation that translates the label publishes a page without the link.  `[sic]`, defined nowhere,
    is text in CommonMark, and so are brackets in a code span: translating them is no finding."""
    text = ("# The budget\n\nRead [the report] and [the annex][] today.\n\nThe mayor [sic] typed `[the report]` twice.\n\n"
            "[the report]: https://example.com/report\n[The  Annex]: annex.pdf\n")
    lost = "اقرأ [التقرير] و[الملحق][] اليوم."
    project = _reviewed_in_arabic(tmp_path, "budget.md", text, {
        "The budget": "الميزانية",
        "Read [the report] and [the annex][] today.": lost,
        "The mayor [sic] typed `[the report]` twice.": "كتب رئيس البلدية [كذا] `[التقرير]` مرتين."})
    po_path = project.catalog_path("budget", "ar")
    findings = [(f.msgid, f.message) for f in check_catalog(po_path) if f.check == "links"]
    assert findings == [("Read [the report] and [the annex][] today.",
                         "Markdown link target lost or changed: [the annex], [the report]")]
    with pytest.raises(PublishBlocked) as blocked:
        publish_article(project, tmp_path / "budget.md", langs=["ar"])
    assert [reason for _entry, reason in blocked.value.blockers if reason.startswith("links")] == [
        "links: Markdown link target lost or changed: [the annex], [the report]"]
    po = polib.pofile(str(po_path))
    po.find("Read [the report] and [the annex][] today.").msgstr = "اقرأ [The Report] و[the annex][] اليوم."
    po.save(str(po_path))
    assert [f for f in check_catalog(po_path) if f.check == "links"] == []     # labels kept (case aside)


def test_a_draft_that_translates_a_reference_label_is_flagged_when_drafted(tmp_path):
    """The template tells the translator which brackets are links (``#. reference link: [the report]``),
    and the draft's QA knows it too: a model that translated the label leaves a FLAG for the reviewer."""
    text = "# The budget\n\nRead [the report] today [sic].\n\n[The Report]: https://example.com/report\n"
    project = _project(tmp_path, "budget.md", text)

    def translating_labels(p, profile):
        return FakeEngine(lambda request: [request.source.replace("[the report]", "[al-taqrir]").replace("[sic]", "[kadha]")],
                          target=profile.code)

    report = translate(project, [tmp_path / "budget.md"], langs=["ar"], engine_factory=translating_labels)
    assert [(f.msgid, f.message) for f in report.findings if f.check == "links"] == [
        ("Read [the report] today [sic].", "Markdown link target lost or changed: [the report]")]
    entry = polib.pofile(str(project.catalog_path("budget", "ar"))).find("Read [the report] today [sic].")
    assert "reference link: [the report]" in entry.comment.splitlines() and "FLAG links" in entry.comment


def _reviewed_in_arabic(tmp_path: Path, name: str, text: str, translations: dict[str, str]):
    """A project with the article ``name`` translated, its Arabic catalog holding ``translations``, reviewed."""
    project = _project(tmp_path, name, text)
    translate(project, [tmp_path / name], langs=["ar"], engine_factory=lambda p, profile: FakeEngine(target=profile.code))
    po_path = project.catalog_path(Path(name).stem, "ar")
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr, entry.flags = translations[entry.msgid], []
    po.save(str(po_path))
    return project


def test_hostile_markdown_in_a_translation_stays_text(tmp_path):
    project = _project(tmp_path, "school.md", MARKDOWN)
    translate(project, [tmp_path / "school.md"], engine_factory=lambda p, profile: FakeEngine(target=profile.code))
    hostile = ("<script>alert(1)</script> [x](javascript:alert(2)) &#x202e;evil # not a heading")
    _review_all(project, "school", lambda text: hostile if text.startswith("Classes") else text)
    publish_article(project, tmp_path / "school.md", langs=["ar"], check=lambda path: [])
    md = (tmp_path / "published" / "school" / "ar.md").read_text(encoding="utf-8")
    rendered = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<script" not in rendered and "javascript:" not in rendered.split("href=")[-1] and "\u202e" not in rendered
    page = (tmp_path / "published" / "school" / "ar.html").read_text(encoding="utf-8")
    assert "<script" not in page and 'href="javascript' not in page and "&lt;script&gt;" in page
    assert "\u202e" not in page


_MD_PIECES = st.sampled_from([
    "\n", "\r\n", "\n\n", "# ", "## ", "> ", "- ", "1. ", "*", "**", "_", "[", "](", ")", "https://a.b/c", "`",
    "    ", "---", "===", "• FB", "Share this:", " · ", "Related: ", "By Jane Doe", "The council met.", "Kirkuk",
    "ب", "\t", "<b>", "&amp;", "\u200b", "\ufeff", "| ", " |", "|---|", "| :-- | --: |\n", "\\|", "[^1]", "[^1]: ", "\n    ", "![Map][r]", "![r]", "[r]: m.png \"Old city\"\n",
])


_MARKDOWN_TEXT = st.lists(st.one_of(_MD_PIECES, st.text(max_size=8)), max_size=30).map("".join)


def check_markdown_properties(text: str) -> None:
    """What every Markdown segmentation keeps (also run by scripts/fuzz_segment.py): exact, ordered, rebuildable."""
    article = segment_article(text, slug="t", source_path="t.md")
    position = 0
    for unit in article.units:
        assert position <= unit.start < unit.end <= len(text)
        assert unit.source == _without_markers(text, unit.start, unit.end, article.markers)
        assert not is_blank_char(unit.source[0]) and not is_blank_char(unit.source[-1])
        position = unit.end
    spans = sorted([(u.start, u.end) for u in article.units] + [(s.start, s.end) for s in article.dropped])
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert rebuild_text(article, lambda unit: unit.source, keep_dropped=True) == text


def _without_markers(text: str, start: int, end: int, markers) -> str:
    """The unit's slice of the text without the quote markers inside it (`>` opening its continuation lines)."""
    inside = [marker for marker in markers if start <= marker.start and marker.end <= end]
    assert all(">" in text[marker.start:marker.end] and not re.search("[\r\n]", text[marker.start:marker.end])
               for marker in inside)
    pieces, position = [], start
    for marker in inside:
        pieces.append(text[position:marker.start])
        position = marker.end
    return "".join(pieces) + text[position:end]


@settings(max_examples=200, deadline=None)
@given(_MARKDOWN_TEXT)
def test_markdown_units_index_the_text_and_rebuild_it(text):
    check_markdown_properties(text)


# --- short foreign text ---------------------------------------------------------------------------


@pytest.mark.parametrize("headline, language", [
    ("انسحاب التحالف من قاعدة كي وان في كركوك", "Arabic (ar)"),
    ("هاوپەیمانی لە بنکەی کەی وەن کشایەوە", "Central Kurdish (ckb)"),
    ("Irak ordusu Kerkük'te operasyon başlattı", "Turkish (tr)"),
])
def test_translate_refuses_a_one_line_foreign_headline(tmp_path, capsys, headline, language):
    project = _project(tmp_path, "headline.txt", headline + "\n")
    assert len((tmp_path / "headline.txt").read_bytes()) < 100
    before = sorted(tmp_path.rglob("*"))
    code = cli.main(["translate", str(tmp_path / "headline.txt"), "-q", "-C", str(project.root)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3
    assert len(err) == 1 and f"this looks like {language}, not English: " in err[0]
    assert err[0].endswith("l10n translates English articles only.")
    assert sorted(tmp_path.rglob("*")) == before


def test_a_whole_table_translated_before_cells_were_units_is_kept_after_an_upgrade(tmp_path):
    """A catalog written before tables were read held each table as one unit.  Re-translated now, the cells
    are new entries; the translator's whole-table translation is kept as an obsolete entry (`#~`), for the
    translator to take the cells' words from, and the rest of the reviewed work stays reviewed."""
    text = "# Results\n\n| Party | Seats |\n| --- | --- |\n| Kurdistan Democratic Party | 12 |\n\nTurnout was low.\n"
    table = "| Party | Seats |\n| --- | --- |\n| Kurdistan Democratic Party | 12 |"
    old = {"Results": "النتائج", table: "| الحزب | المقاعد |\n| --- | --- |\n| الحزب الديمقراطي الكردستاني | 12 |",
           "Turnout was low.": "كانت المشاركة ضعيفة."}
    project = _project(tmp_path, "results.md", text)
    translate(project, [tmp_path / "results.md"], langs=["ar"], engine_factory=lambda p, profile: FakeEngine(target=profile.code))
    po_path = project.catalog_path("results", "ar")
    po = polib.pofile(str(po_path))
    cells = [entry for entry in po if entry.msgid not in old]
    assert [entry.msgid for entry in cells] == ["Party", "Seats", "Kurdistan Democratic Party"]
    for entry in cells:   # the catalog as l10n wrote it before: the table one entry, reviewed
        po.remove(entry)
    po.append(polib.POEntry(msgid=table, msgstr="", occurrences=[("results.md", "3")]))
    for entry in po:
        entry.msgstr, entry.flags = old[entry.msgid], []
    po.save(str(po_path))
    (tmp_path / "results.md").write_text(text + "\n", encoding="utf-8")   # an edit makes the article due again
    translate(project, [tmp_path / "results.md"], langs=["ar"], engine_factory=lambda p, profile: FakeEngine(target=profile.code))
    po = polib.pofile(str(po_path))
    assert [(entry.obsolete, entry.msgstr) for entry in po if entry.msgid == table] == [(True, old[table])]
    assert {entry.msgid: entry.msgstr for entry in po if not entry.obsolete and not entry.fuzzy
            and entry.msgid in old} == {"Results": "النتائج", "Turnout was low.": "كانت المشاركة ضعيفة."}
    assert {entry.msgid for entry in po if not entry.obsolete} >= {"Party", "Seats", "Kurdistan Democratic Party"}

"""A paragraph re-wrapped by an editor (same words, other line breaks) keeps its reviewed translations.

Found by an exploratory pass: the units of a soft-wrapped paragraph hold its line
breaks, so a re-wrap changed their msgids, msgmerge fuzzy-matched them, and every
reviewed translation of the paragraph came back fuzzy with ``#| msgid`` ("3 kept (2
with a changed source await review)", status down from 100% to 33%).  Now an
entry whose source differs only in whitespace takes the new msgid before msgmerge
runs (``catalog.follow_rewraps``): its state, text and comments stay as they were,
and an l10n draft's provenance follows it, so it is neither re-drafted nor taken
for a translator's text.  A word changed in the same edit still makes that unit
fuzzy with its previous source.  The engine is the FakeEngine (it copies the
source behind a language mark).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import copying_engine, make_project, msgfmt_ok
from l10n.commands.status import catalog_status
from l10n.core.languages import get_profile
from l10n.core.records import Draft, Origin
from l10n.pipeline import translate
from l10n.publish import publish_article
from l10n.stages import catalog
from l10n.stages.catalog import EntryState, apply_draft, build_template, entry_state, follow_rewraps, needs_draft
from l10n.stages.pofiles import update_catalog, write_catalog
from l10n.stages.segment import WRAPPED_LINE, segment_article

FORMATS = ("txt", "md", "html")
TITLE = "Council approves new budget"
ONE_LINE = ("The city council voted on Monday to approve a budget of 12 million dollars for schools. "
            "The mayor said the money would repair 40 buildings.")
REWRAPPED = ("The city council voted on Monday to approve a budget of 12 million\n"
             "dollars for schools. The mayor said the money would repair 40\n"
             "buildings.")


def _article(project, ext: str, paragraph: str) -> Path:
    path = project.root / f"story.{ext}"
    title = f"# {TITLE}" if ext == "md" else TITLE
    path.write_text(f"{title}\n\n{paragraph}\n", encoding="utf-8")
    return path


def _entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path), wrapwidth=0) if not entry.obsolete]


def _review_all(path: Path) -> dict[str, str]:
    """Mark every entry reviewed with a translator's text; returns the texts by the source's words."""
    po = polib.pofile(str(path), wrapwidth=0)
    texts = {}
    for number, entry in enumerate(po, 1):
        entry.msgstr = f"ترجمة المراجع رقم {number} {' '.join(w for w in entry.msgid.split() if w[0].isdigit())}".strip()
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = None
        texts[" ".join(entry.msgid.split())] = entry.msgstr
    po.save()
    return texts


def _by_words(entries) -> dict[str, polib.POEntry]:
    return {" ".join(entry.msgid.split()): entry for entry in entries}


def _translated(tmp_path: Path, ext: str, paragraph: str, *, review: bool = True):
    """(project, article, catalog path, reviewed texts): the article translated once, every entry then reviewed."""
    project = make_project(tmp_path / "desk")
    article = _article(project, ext, paragraph)
    path = project.catalog_path("story", "ar")
    translate(project, [article], engine_factory=copying_engine())
    return project, article, path, _review_all(path) if review else {}


def _edited(project, article: Path, ext: str, paragraph: str, **engine):
    """The report of the run after the editor changed the paragraph to ``paragraph``."""
    _article(project, ext, paragraph)
    return translate(project, [article], engine_factory=copying_engine(**engine))


#: A sentence whose re-wraps open a line with a capitalised name ("Monday") or a digit ("12").
CAPITALS_ONE_LINE = "The desk said the council of the province met on Monday and voted on 12 projects for schools."
CAPITALS_REWRAPPED = ("The desk said the council of the province met on\n"
                      "Monday and voted on 12 projects for schools.")
CAPITALS_REWRAPPED_AGAIN = ("The desk said the council of the province met on Monday and voted on\n"
                            "12 projects for schools.")


@pytest.mark.parametrize("ext", ["txt", "md"])
@pytest.mark.parametrize("before, after", [(ONE_LINE, REWRAPPED), (REWRAPPED, ONE_LINE),
                                           (CAPITALS_ONE_LINE, CAPITALS_REWRAPPED),
                                           (CAPITALS_REWRAPPED, CAPITALS_REWRAPPED_AGAIN)],
                         ids=["wrapped", "unwrapped", "capital-at-line-start", "digit-at-line-start"])
def test_a_rewrapped_paragraph_keeps_every_translation_reviewed(tmp_path, ext, before, after):
    project, article, path, reviewed = _translated(tmp_path, ext, before)
    assert catalog_status(path).reviewed_percent == 100

    report = _edited(project, article, ext, after)

    (language,) = report.languages
    assert (language.kept, language.changed, language.drafted, language.redrafted) == (len(reviewed), 0, 0, 0)
    entries = _entries(path)
    assert any("\n" in entry.msgid for entry in entries) == ("\n" in after)
    assert {words: entry.msgstr for words, entry in _by_words(entries).items()} == reviewed
    assert all(not entry.fuzzy and entry.previous_msgid is None for entry in entries)
    assert "#| msgid" not in path.read_text(encoding="utf-8") and "#~" not in path.read_text(encoding="utf-8")
    assert catalog_status(path).reviewed_percent == 100
    assert msgfmt_ok(path)
    written = path.read_bytes()
    translate(project, [article], engine_factory=copying_engine())
    assert path.read_bytes() == written


def _quoted(paragraph: str) -> str:
    return "\n".join(f"> {line}" for line in paragraph.split("\n"))


@pytest.mark.parametrize("before, after", [(ONE_LINE, REWRAPPED), (REWRAPPED, ONE_LINE)], ids=["wrapped", "unwrapped"])
def test_a_rewrapped_markdown_quote_keeps_every_translation_reviewed(tmp_path, before, after):
    """Each `>` line was a unit: a re-wrapped quote came back as new pieces of sentences, fuzzy or empty."""
    project, article, path, reviewed = _translated(tmp_path, "md", _quoted(before))
    assert len(reviewed) == 3   # the title and the quote's two sentences

    (language,) = _edited(project, article, "md", _quoted(after)).languages

    assert (language.kept, language.changed, language.drafted) == (3, 0, 0)
    assert {words: entry.msgstr for words, entry in _by_words(_entries(path)).items()} == reviewed
    assert catalog_status(path).reviewed_percent == 100


@pytest.mark.parametrize("ext", ["txt", "md"])
def test_a_word_changed_in_the_same_edit_makes_only_that_unit_fuzzy(tmp_path, ext):
    project, article, path, reviewed = _translated(tmp_path, ext, ONE_LINE)
    old_second = "The mayor said the money would repair 40 buildings."

    report = _edited(project, article, ext, REWRAPPED.replace("repair 40", "rebuild 40"))

    (language,) = report.languages
    assert (language.kept, language.changed) == (3, 1)
    entries = _by_words(_entries(path))
    first = entries["The city council voted on Monday to approve a budget of 12 million dollars for schools."]
    assert "\n" in first.msgid and not first.fuzzy and first.previous_msgid is None
    changed = entries["The mayor said the money would rebuild 40 buildings."]
    assert changed.fuzzy and changed.previous_msgid == old_second and changed.msgstr == reviewed[old_second]
    assert catalog.awaits_source_review(changed)
    assert entry_state(entries[TITLE]) is EntryState.REVIEWED
    assert msgfmt_ok(path)


def test_a_source_change_awaiting_review_keeps_its_previous_source_through_a_rewrap(tmp_path):
    """The ``#|`` of an earlier change of words is the translator's reference: a later re-wrap keeps it."""
    project, article, path, _ = _translated(tmp_path, "txt", ONE_LINE)
    _edited(project, article, "txt", ONE_LINE.replace("repair", "rebuild"))

    _edited(project, article, "txt", REWRAPPED.replace("repair", "rebuild"))

    changed = _by_words(_entries(path))["The mayor said the money would rebuild 40 buildings."]
    assert "\n" in changed.msgid and changed.fuzzy
    assert changed.previous_msgid == "The mayor said the money would repair 40 buildings."


@pytest.mark.parametrize("ext", ["txt", "md"])
def test_machine_drafts_of_a_rewrapped_paragraph_are_kept_not_drafted_again(tmp_path, ext):
    project, article, path, _ = _translated(tmp_path, ext, ONE_LINE, review=False)
    drafts = {words: entry.msgstr for words, entry in _by_words(_entries(path)).items()}

    asked = []
    report = _edited(project, article, ext, REWRAPPED, during=lambda: asked.append(1))

    assert asked == []
    (language,) = report.languages
    assert (language.drafted, language.redrafted, language.reused, language.kept) == (0, 0, 0, 3)
    entries = _entries(path)
    assert {words: entry.msgstr for words, entry in _by_words(entries).items()} == drafts
    for entry in entries:
        assert entry.fuzzy and entry.previous_msgid is None and not needs_draft(entry)
        assert f"source sha1:{catalog._short_hash(entry.msgid)}" in " ".join(catalog.l10n_notes(entry))
    # the provenance still tells the draft from a translator's text
    po = polib.pofile(str(path), wrapwidth=0)
    edited = next(entry for entry in po if "\n" in entry.msgid)
    edited.msgstr = "نص المترجم"
    po.save()
    assert not needs_draft(edited) and not catalog._is_our_draft(edited)
    _edited(project, article, ext, ONE_LINE)
    assert _by_words(_entries(path))[" ".join(edited.msgid.split())].msgstr == "نص المترجم"


@pytest.mark.parametrize("ext", ["txt", "md"])
def test_publishing_a_rewrapped_article_shows_the_same_reviewed_text(tmp_path, ext):
    project, article, path, reviewed = _translated(tmp_path, ext, ONE_LINE)
    translate(project, [article], engine_factory=copying_engine())
    publish_article(project, article, langs=["ar"], formats=FORMATS, check=lambda path: [])
    out = project.root / "published" / "story"
    before = {name: (out / f"ar.{name}").read_text(encoding="utf-8") for name in FORMATS}

    _edited(project, article, ext, REWRAPPED)
    publish_article(project, article, langs=["ar"], formats=FORMATS, check=lambda path: [])

    after = {name: (out / f"ar.{name}").read_text(encoding="utf-8") for name in FORMATS}
    assert after == before  # every line break of the re-wrap fell inside a unit: the published layout is the same
    for text in reviewed.values():
        assert text in after["txt"] and text in after["md"]
    assert "dollars" not in after["txt"]


# --- the merge itself ----------------------------------------------------------------------------------


def _template(paragraphs: list[str], ext: str = "txt") -> polib.POFile:
    text = TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return build_template([segment_article(text, slug="story", source_path=f"story.{ext}")])


def _reviewed_catalog(tmp_path: Path, template: polib.POFile) -> Path:
    po = update_catalog(template, None, get_profile("ar"))
    for number, entry in enumerate(po, 1):
        entry.msgstr = f"نص {number}"
    path = tmp_path / "ar" / "LC_MESSAGES" / "story.po"
    return write_catalog(po, path)


def test_one_sentence_twice_when_one_of_them_is_rewrapped_both_are_reviewed(tmp_path):
    """The same sentence in two paragraphs, one re-wrapped: two msgids, both take the reviewed text."""
    sentence = "The mayor said the money would repair 40 buildings."
    path = _reviewed_catalog(tmp_path, _template([sentence, "Work starts in June.", sentence]))
    merged = update_catalog(_template([sentence, "Work starts in June.", sentence.replace("40 ", "40\n")]), path,
                            get_profile("ar"))
    entries = {entry.msgid: entry for entry in merged if not entry.obsolete}
    assert entries[sentence.replace("40 ", "40\n")].msgstr == entries[sentence].msgstr
    assert all(entry_state(entry) is EntryState.REVIEWED and entry.previous_msgid is None for entry in entries.values())
    assert not [entry for entry in merged if entry.obsolete]


def test_an_obsolete_entry_comes_back_for_its_sentence_rewrapped(tmp_path):
    """msgmerge revives an obsolete entry whose sentence returns; a re-wrapped return is the same sentence."""
    sentence = "The mayor said the money would repair 40 buildings."
    path = _reviewed_catalog(tmp_path, _template([sentence, "Work starts in June."]))
    write_catalog(update_catalog(_template(["Work starts in June."]), path, get_profile("ar")), path)
    assert any(entry.obsolete for entry in polib.pofile(str(path)))

    merged = update_catalog(_template([sentence.replace("money ", "money\n"), "Work starts in June."]), path, get_profile("ar"))
    assert not [entry for entry in merged if entry.obsolete]
    assert all(entry_state(entry) is EntryState.REVIEWED for entry in merged)


def test_a_catalog_with_nothing_rewrapped_is_merged_as_before(tmp_path):
    template = _template([ONE_LINE])
    path = _reviewed_catalog(tmp_path, template)
    old = polib.pofile(str(path), wrapwidth=0)
    assert follow_rewraps(old, template) is old
    edited = _template([ONE_LINE.replace("repair", "rebuild")])
    assert follow_rewraps(old, edited) is old  # a change of words is msgmerge's to match


# --- property: any re-wrap keeps every state ---------------------------------------------------------

PARAGRAPH = ("The city council voted on Monday to approve a budget of 12 million dollars for schools in Kirkuk. "
             "The mayor said the money would repair 40 buildings, and work would start in June. "
             "Teachers welcomed the decision.").split(" ")


def _wrapped(breaks: list[int], ext: str) -> str:
    """PARAGRAPH with, before each word, a space (0), a line break (1) or a line break after trailing spaces (2:
    a hard break in Markdown), ``breaks`` repeated over the words."""
    gaps = (" ", "\n", "  \n")
    text = PARAGRAPH[0]
    for index, word in enumerate(PARAGRAPH[1:], 1):
        # these breaks fall anywhere, not where a fill would put them: in plain text, a capital or a digit after a
        # short line that is not full and ends on no word such as "the" starts a new unit (a line the writer broke,
        # as under a heading); after a long one (WRAPPED_LINE) the wrap continues.  Fills: the tests below
        line = text.rsplit("\n", 1)[-1].rstrip()
        can_break = ext == "md" or word[0].islower() or len(line) >= WRAPPED_LINE or line.endswith(".")
        text += (gaps[breaks[index % len(breaks)]] if can_break else " ") + word
    return text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ext=st.sampled_from(["txt", "md"]),
       wraps=st.lists(st.lists(st.sampled_from([0, 0, 0, 1, 2]), min_size=1, max_size=30), min_size=1, max_size=3))
def test_any_rewrap_of_a_paragraph_keeps_every_entry_as_it_was(tmp_path_factory, ext, wraps):
    """Reviewed stays reviewed with its text, an l10n draft stays an untouched draft, an empty entry stays empty."""
    root = tmp_path_factory.mktemp("rewrap")
    template = _template([" ".join(PARAGRAPH)], ext)
    po = update_catalog(template, None, get_profile("ar"))
    live = list(po)
    for number, entry in enumerate(live[:-1], 1):
        if number % 2:
            entry.msgstr = f"نص {number}"
        else:
            apply_draft(entry, Draft(source=entry.msgid, lang="ar", text=f"مسودة {number}", origin=Origin.ENGINE, engine_id="fake 1"))
    expected = {" ".join(entry.msgid.split()): (entry.msgstr, entry_state(entry)) for entry in live}
    path = write_catalog(po, root / "ar" / "LC_MESSAGES" / "story.po")
    for breaks in wraps:
        template = _template([_wrapped(breaks, ext)], ext)
        merged = update_catalog(template, path, get_profile("ar"))
        assert [entry.msgid for entry in merged] == [entry.msgid for entry in template]
        got = {" ".join(entry.msgid.split()): (entry.msgstr, entry_state(entry)) for entry in merged}
        assert got == expected
        assert all(entry.previous_msgid is None for entry in merged)
        assert [needs_draft(entry) for entry in merged] == [entry_state(entry) is EntryState.EMPTY for entry in merged]
        write_catalog(merged, path)
        assert msgfmt_ok(path)


# --- narrow re-wraps of plain text: the sample article at any width from 15 columns, ragged too -----------

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "k1-qayyarah-withdrawal.txt"


def _filled(block: str, widths: list[int]) -> str:
    """``block``'s words filled greedily, as an editor's re-wrap does: line n at most ``widths[n % len(widths)]``
    columns (a ragged wrap when the widths differ); a word longer than its line stands alone."""
    lines = [""]
    for word in block.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > widths[(len(lines) - 1) % len(widths)]:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".lstrip()
    return "\n".join(lines)


def _rewrapped(text: str, widths: list[int]) -> str:
    """Every blank-line separated block re-wrapped (title, caption and paragraphs alike); the share bar kept."""
    pieces = re.split(r"(\n[ \t]*\n+)", text)
    return "".join(piece if not piece.strip() or piece.lstrip().startswith("•") else _filled(piece, widths)
                   for piece in pieces)


def _words_of_units(text: str) -> list[tuple[str, str]]:
    article = segment_article(text, slug="k1", source_path="k1.txt")
    return [(unit.kind, " ".join(unit.source.split())) for unit in article.units]


@pytest.mark.parametrize("widths", [[30], [20], [20, 17, 19, 16, 18], [30, 26, 24, 29, 25, 27]],
                         ids=["30", "20", "ragged-16-20", "ragged-24-30"])
def test_a_narrow_rewrap_of_the_sample_gives_the_units_of_the_unwrapped_article(widths):
    """Under 40 columns a capitalised word or a digit after a short line ("nearly" / "800 personnel") split the sentence."""
    original = SAMPLE.read_text(encoding="utf-8")
    rewrapped = _rewrapped(original, widths)
    assert max(len(line) for line in rewrapped.splitlines()) <= max(widths) < 40
    assert _words_of_units(rewrapped) == _words_of_units(original)


@settings(max_examples=40, deadline=None)
@given(top=st.integers(15, 100), shares=st.lists(st.integers(80, 100), min_size=1, max_size=6))
def test_any_fill_of_the_sample_at_15_columns_or_more_gives_the_same_units(top, shares):
    """Greedy fills at any width, ragged ones whose lines are each at most ``top`` and at least 80% of it."""
    original = SAMPLE.read_text(encoding="utf-8")
    widths = [max(1, -(-top * share // 100)) for share in shares]
    assert _words_of_units(_rewrapped(original, widths)) == _words_of_units(original)


def test_reviewed_translations_of_the_sample_survive_a_rewrap_at_20_columns(tmp_path):
    project = make_project(tmp_path / "desk")
    article = project.root / "k1.txt"
    article.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    translate(project, [article], engine_factory=copying_engine())
    path = project.catalog_path("k1", "ar")
    reviewed = _review_all(path)

    article.write_text(_rewrapped(SAMPLE.read_text(encoding="utf-8"), [20]), encoding="utf-8")
    (language,) = translate(project, [article], engine_factory=copying_engine()).languages

    assert (language.kept, language.changed, language.drafted) == (len(reviewed), 0, 0)
    assert {words: entry.msgstr for words, entry in _by_words(_entries(path)).items()} == reviewed
    assert catalog_status(path).reviewed_percent == 100


@pytest.mark.parametrize("text, units", [
    # a heading-like line over a paragraph wrapped at 30 columns, and a title over one in the same block
    ("Title\n\nKey facts\nThe council voted on Monday to\napprove a budget of 12 million\ndollars for 40 schools in\nKirkuk province.",
     ["Title", "Key facts", "The council voted on Monday to approve a budget of 12 million dollars for 40 schools in "
      "Kirkuk province."]),
    ("Council approves new budget\nThe council voted on Monday to\napprove a budget of 12 million\ndollars for schools.",
     ["Council approves new budget", "The council voted on Monday to approve a budget of 12 million dollars for schools."]),
    # a title wrapped at 30 columns stays one title, and the caption and credit under it stay apart
    ("US-led coalition withdrew from\ntwo military bases in Kirkuk\nand Nineveh\n\nA US soldier at the K1 base.\n"
     "Photo: Exclusive to KirkukNow\n\nThe base closed.",
     ["US-led coalition withdrew from two military bases in Kirkuk and Nineveh", "A US soldier at the K1 base.",
      "Photo: Exclusive to KirkukNow", "The base closed."]),
    # list-like short lines of about one length: each its own unit
    ("Title\n\nKirkuk: 300 personnel left\nNineveh: 800 personnel left\nAnbar: 200 personnel stay",
     ["Title", "Kirkuk: 300 personnel left", "Nineveh: 800 personnel left", "Anbar: 200 personnel stay"]),
    ("Title\n\n1. Kirkuk base handed over\n2. Nineveh base handed over\n3. Anbar base stays open",
     ["Title", "1. Kirkuk base handed over", "2. Nineveh base handed over", "3. Anbar base stays open"]),
    ("Title\n\nA US soldier walks at the K1\nmilitary base in Kirkuk on the\nPhoto: Exclusive to KirkukNow",
     ["Title", "A US soldier walks at the K1 military base in Kirkuk on the", "Photo: Exclusive to KirkukNow"]),
    # a wrapped line that starts with "by" is the sentence's rest, not a byline
    ("Title\n\nThe base was built in the 1970s\nby the former Iraqi Baathist\nregime, officials said.",
     ["Title", "The base was built in the 1970s by the former Iraqi Baathist regime, officials said."]),
    ("Title\n\nBy Jane Doe, KirkukNow\nThe base closed.", ["Title", "By Jane Doe, KirkukNow", "The base closed."]),
    ("Title\n\nThe plan has two parts:\n1. Kirkuk base handed over\n2. Nineveh base handed over",
     ["Title", "The plan has two parts:", "1. Kirkuk base handed over", "2. Nineveh base handed over"]),
    # what a wrap brings to a line's start: a date's day before the next sentence, a sum of money
    ("Title\n\nFarmers have\ndelivered\n198,000 tonnes\nto state silos\nsince November\n1. The bank said\n"
     "it had allocated\n$8.8 billion for\na new hospital.",
     ["Title", "Farmers have delivered 198,000 tonnes to state silos since November 1.",
      "The bank said it had allocated $8.8 billion for a new hospital."]),
], ids=["heading", "title-over-copy", "wrapped-title", "labels", "numbered", "credit", "by-in-a-wrap", "byline",
        "numbered-after-colon", "date-and-money"])
def test_lines_the_writer_broke_stay_apart_while_narrow_wraps_join(text, units):
    assert [words for _kind, words in _words_of_units(text)] == units

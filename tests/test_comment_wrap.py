"""l10n's own comments survive any editor's re-save (issue 21, item 3).

Provenance, FLAG findings, glossary hints and roles are read back whether an
editor kept l10n's lines or re-wrapped them, and a re-save by each editor
(tests/po_saver.py: polib with its defaults and narrower, msgcat, Poedit,
Lokalize, Weblate) followed by an unchanged run leaves the catalog exactly as
the editor saved it (or, where the editor split l10n's notes, as l10n wrote
it).  The engine is the FakeEngine copying the source, so the glossary term is
always missing from the draft (a FLAG on the entry holding it), and QA flags
the English left in every draft.
"""

from __future__ import annotations

import polib
import pytest

import po_saver
from l10n.core.records import Draft, Origin
from l10n.pipeline import translate
from l10n.stages.catalog import NOTE_WIDTH, apply_draft, l10n_notes, needs_draft, read_comment, write_comment
from l10n.stages.engine.fake import FakeEngine
from helpers import BASE, make_project, msgfmt_ok, write_article

TERM = "id,en,ar\nisf,Iraqi Security Forces,قوات الأمن العراقية\n"


def copying_engine(project, profile):
    """The FakeEngine under a package-like id, so the provenance note is as long as a real one."""
    return FakeEngine(lambda request: [f"[{profile.code}] {request.source}"], id="argos translate-en_ar 1.9.0", target=profile.code)


@pytest.fixture
def flagged(tmp_path):
    """A project whose Arabic catalog holds drafts with long provenance, hint and FLAG notes."""
    project = make_project(tmp_path / "desk")
    (project.root / "glossary" / "terms.csv").write_text(TERM, encoding="utf-8")
    article = write_article(project.root, BASE)
    report = translate(project, [article], engine_factory=copying_engine)
    path = project.catalog_path("story", "ar")
    assert report.languages[0].flagged == len(BASE)
    assert any(len(line) > 78 for line in _joined_notes(path))  # notes that polib would wrap if written on one line
    return project, article, path


def _joined_notes(path) -> list[str]:
    return [note for entry in polib.pofile(str(path), wrapwidth=0) for note in l10n_notes(entry)]


@pytest.mark.parametrize("tool", po_saver.RESAVERS)
def test_a_resave_by_any_editor_then_an_unchanged_run_keeps_every_note_and_every_byte(flagged, tool):
    project, article, path = flagged
    written, notes = path.read_bytes(), _joined_notes(path)
    po_saver.resave(tool, str(path))
    resaved = path.read_bytes()
    assert _joined_notes(path) == notes  # read back whole, whatever the editor did to the lines
    report = translate(project, [article], engine_factory=copying_engine)
    assert report.languages[0].flagged == len(BASE) and report.languages[0].drafted == 0
    # Content decides, not layout (as msgmerge --update): the editor's save stays, byte for byte, unless it
    # split l10n's own notes over other lines (polib at 30 columns), which the run writes back as they were.
    assert path.read_bytes() == (written if tool == "polib-narrow" else resaved) and msgfmt_ok(path)


def test_every_comment_line_fits_under_the_narrowest_editor_wrap(flagged):
    _project, _article, path = flagged
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#.")]
    assert lines and all(len(line) <= NOTE_WIDTH + 3 <= 78 for line in lines)


def test_a_draft_whose_source_changed_after_a_polib_save_is_redrafted(flagged):
    project, article, path = flagged
    po_saver.resave("polib", str(path))
    changed = BASE[1].replace("started withdrawing", "began withdrawing")
    write_article(project.root, [BASE[0], changed, BASE[2]])
    translate(project, [article], engine_factory=copying_engine)
    entry = {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}[changed]
    # recognised as l10n's stale draft and drafted again (its ISF now the approved term), not kept as a translator's text
    assert entry.msgstr.startswith("[ar] The US-led coalition began withdrawing")


def test_a_catalog_of_an_older_l10n_wrapped_by_polib_still_counts_its_flags(flagged):
    project, article, path = flagged
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:  # the older layout: one line per note, however long
        roles, notes = read_comment(entry.comment)
        entry.comment = "\n".join(roles + notes)
    po.save(str(path))
    polib.pofile(str(path)).save()  # polib's defaults wrap the long lines
    report = translate(project, [article], engine_factory=copying_engine)
    assert report.languages[0].flagged == len(BASE) and report.languages[0].drafted == 0


@pytest.mark.parametrize("version", ["1.9\n; source sha1:00000000; text sha1:00000000", "1.9\r\x1b[31m\u2028\u202e"])
def test_a_package_version_with_line_breaks_or_control_characters_cannot_break_a_comment(version):
    entry = polib.POEntry(msgid="The base closed.", msgstr="", comment="role: body, paragraph 1")
    apply_draft(entry, Draft(source=entry.msgid, lang="ar", text="أغلقت القاعدة.", origin=Origin.ENGINE,
                             engine_id=f"translate-en_ar {version}", notes=("FLAG x: a\nl10n: FLAG forged",)))
    assert not any(ch in entry.comment for ch in "\r\x1b\u2028\u202e")
    roles, notes = read_comment(entry.comment)
    assert roles == ["role: body, paragraph 1"] and len(notes) == 2 and notes[0].startswith("l10n: draft by engine")
    entry.msgid = "The base closed on Monday."
    assert needs_draft(entry)  # the provenance line still names this draft's hashes: a stale draft is redrafted


def test_notes_split_at_spaces_and_inside_words_too_long_for_a_line_read_back_whole():
    notes = ["l10n: FLAG urls: https://example.com/" + "a" * 150 + " is missing", "l10n: " + "word " * 40 + "end"]
    comment = write_comment(["role: title"], notes)
    assert all(len(line) <= NOTE_WIDTH for line in comment.split("\n"))
    assert read_comment(comment) == (["role: title"], notes)

"""l10n's own work around the model, done once and only when it can change something (issue 27, item 2)."""

from __future__ import annotations

import subprocess

import polib
import pytest

from l10n import pipeline
from l10n.core.languages import get_profile
from l10n.stages import pofiles, read
from l10n.stages.catalog import build_template
from l10n.stages.segment import segment_article

from helpers import BASE, copying_engine, make_project, write_article

GERMAN_PARAGRAPH = ("Die Koalitionstruppen haben am Sonntag den Stützpunkt bei Kirkuk verlassen, sagten Beamte "
                    "in einer Erklärung. Die irakische Armee hat die Kontrolle übernommen. ")


@pytest.fixture
def gettext_calls(monkeypatch):
    """Every gettext program l10n starts, by name, in order."""
    calls: list[str] = []
    real = subprocess.run

    def counting(command, *args, **kwargs):
        if command and command[0] in ("msgfmt", "msgmerge", "msgcat"):
            calls.append(command[0])
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    return calls


def test_plain_english_is_not_sent_to_langdetect(monkeypatch):
    def refuse(sample):
        raise AssertionError("langdetect asked about plain English")

    monkeypatch.setattr(read, "_detected_language", refuse)
    assert read.not_english_reason(" ".join(BASE) * 3) is None


def test_langdetect_reads_a_bounded_sample(monkeypatch):
    seen: list[int] = []

    def detect(sample):
        seen.append(len(sample))
        return "de", "German", 1.0

    monkeypatch.setattr(read, "_detected_language", detect)
    assert "German" in read.not_english_reason(GERMAN_PARAGRAPH * 100)
    assert seen == [read.LANGDETECT_SAMPLE_CHARS]


def test_german_is_still_refused():
    assert read.not_english_reason(GERMAN_PARAGRAPH * 3).startswith("this looks like German (de)")


def test_an_unchanged_rerun_runs_no_msgmerge_and_writes_nothing(tmp_path, gettext_calls):
    project = make_project(tmp_path, targets=("ar", "ckb"))
    article = write_article(tmp_path, BASE)
    pipeline.translate(project, [article], engine_factory=copying_engine())
    catalogs = sorted(project.locales_dir.rglob("*.po*"))
    before = {path: path.read_bytes() for path in catalogs}
    gettext_calls.clear()
    pipeline.translate(project, [article], engine_factory=copying_engine())
    assert "msgmerge" not in gettext_calls
    assert {path: path.read_bytes() for path in catalogs} == before


def _catalog_states(tmp_path):
    """(catalog path, template) pairs covering what a catalog holds: drafts, reviews, notes, #| lines, obsolete entries."""
    project = make_project(tmp_path, targets=("ar",))
    article = write_article(tmp_path, BASE)
    pipeline.translate(project, [article], engine_factory=copying_engine())
    path = project.catalog_path("story", "ar")
    po = polib.pofile(str(path), wrapwidth=0)
    po[0].msgstr, po[0].flags = "مراجعة", []
    po[0].tcomment = "checked with the desk"
    po[1].previous_msgid = "an older source"
    obsolete = polib.POEntry(msgid="A sentence the article lost.", msgstr="جملة", obsolete=True)
    po.append(obsolete)
    po.save(str(path))
    template = build_template([segment_article(article.read_text(encoding="utf-8"), slug="story",
                                               source_path="story.txt")])
    return path, template


def test_a_merge_without_msgmerge_is_what_msgmerge_gives(tmp_path, monkeypatch):
    path, template = _catalog_states(tmp_path)
    profile = get_profile("ar")
    skipped = pofiles.render_catalog(pofiles.update_catalog(template, path, profile, note="n"))
    monkeypatch.setattr(pofiles, "_same_units", lambda old, template: False)
    merged = pofiles.render_catalog(pofiles.update_catalog(template, path, profile, note="n"))
    assert skipped == merged


def test_a_changed_unit_still_goes_through_msgmerge(tmp_path, gettext_calls):
    path, _ = _catalog_states(tmp_path)
    changed = build_template([segment_article("\n\n".join([BASE[0] + " today", *BASE[1:]]) + "\n", slug="story",
                                              source_path="story.txt")])
    gettext_calls.clear()
    pofiles.update_catalog(changed, path, get_profile("ar"))
    assert "msgmerge" in gettext_calls


def test_gettext_is_asked_once_per_text(tmp_path, gettext_calls):
    path, template = _catalog_states(tmp_path)
    po = pofiles.read_catalog(path)
    gettext_calls.clear()
    assert pofiles.render_catalog(po) == pofiles.render_catalog(po)
    assert gettext_calls == ["msgcat"]
    written = pofiles.write_catalog(template, tmp_path / "story.pot")
    gettext_calls.clear()
    pofiles.read_catalog(written)  # the text this process wrote passed msgfmt --check already
    assert gettext_calls == []

"""A translation the translator removed is not put back from the memory (found by an exploratory pass).

The run that follows a review stores the reviewed texts in the translation
memory; a translator who then empties one of them (rejecting it) used to get
the same text back on the next run, from the memory, as reviewed.  An entry
emptied that way (empty, with l10n's provenance line left) is drafted by the
engine instead, fuzzy, for review.  The engine is the FakeEngine (it copies the
source behind a language mark).
"""

from __future__ import annotations

import polib
import pytest

from helpers import BASE, copying_engine, make_project, write_article
from l10n.pipeline import translate
from l10n.stages import catalog

REVIEWED = "قالت الحكومة إن القوات ستنسحب"


def _entries(path):
    return {e.msgid: e for e in polib.pofile(str(path), wrapwidth=0) if not e.obsolete}


def _edit(path, source, text, fuzzy):
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find(source)
    entry.msgstr = text
    entry.flags = ["fuzzy"] if fuzzy else []
    po.save()


@pytest.fixture
def reviewed(tmp_path):
    """A project whose catalog holds REVIEWED for BASE[0], and a run since that put it in the memory."""
    project = make_project(tmp_path / "desk")
    article = write_article(project.root, BASE)
    path = project.catalog_path("story", "ar")
    translate(project, [article], engine_factory=copying_engine())
    _edit(path, BASE[0], REVIEWED, fuzzy=False)
    translate(project, [article], engine_factory=copying_engine())
    return project, article, path


def test_an_entry_the_translator_emptied_is_drafted_not_refilled_from_the_memory(reviewed):
    project, article, path = reviewed
    _edit(path, BASE[0], "", fuzzy=False)                            # the translator rejects it
    assert catalog.emptied_by_translator(_entries(path)[BASE[0]])

    report = translate(project, [article], engine_factory=copying_engine())
    entry = _entries(path)[BASE[0]]
    assert entry.msgstr == f"[ar] {BASE[0]}" and entry.fuzzy
    assert catalog.entry_state(entry) is catalog.EntryState.DRAFT
    assert "memory" not in entry.comment
    (language,) = report.languages
    assert (language.drafted, language.reused) == (1, 0)


def test_a_new_catalog_is_still_filled_from_the_memory(reviewed):
    project, article, path = reviewed
    path.unlink()

    translate(project, [article], engine_factory=copying_engine())
    entry = _entries(path)[BASE[0]]
    assert entry.msgstr == REVIEWED and "memory: exact match from story" in entry.comment

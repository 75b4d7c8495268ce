"""One unit cannot fail an article (issue 21, item 5).

A unit longer than the model's positions used to be truncated by CTranslate2
and then fail the whole run with exit 5 "reinstall the package".  The engine
now cuts it for drafting (l10n/stages/engine/split.py) using the model's own limit
(read from model.bin) and joins the pieces' drafts and alignments.  The model
is the copy stand-in with 96 positions (scripts/standin.py size "short"), so a
draft equals its source and a long unit costs little.  A unit the model itself
fails on (a stand-in translator that raises on one word) is left empty and
flagged with the reason while its neighbours are drafted.
"""

from __future__ import annotations

import polib
import pytest

from l10n.core.languages import get_profile
from l10n.core.project import EngineSettings
from l10n.core.records import EngineRequest, Hypothesis
from l10n.errors import ModelError
from l10n.pipeline import translate
from l10n.stages.catalog import l10n_notes
from l10n.stages.engine.argos import ArgosEngine, model_positions
from l10n.stages.engine.packages import list_packages
from l10n.stages.engine.split import split_for_model
from l10n.stages.terms import draft_with_glossary
from l10n.stages.terms.csvfile import parse_csv
from standin import build_copy_package
from helpers import make_project

CLAUSE = "the council, which met in Kirkuk on Monday, said the road would reopen"
LONG = "; ".join([CLAUSE] * 6) + "."           # about 80 words: far more pieces than 96 positions
NO_SPACES = "https://example.com/" + "ab" * 150  # no boundary at all: cut inside the word


@pytest.fixture(scope="module")
def short_package(tmp_path_factory):
    packages = tmp_path_factory.mktemp("short-standin")
    build_copy_package(packages, to_code="ar", size="short")
    return list_packages(packages)[0]


@pytest.fixture(scope="module")
def engine(short_package):
    return ArgosEngine(short_package, "ar", EngineSettings(max_batch_size=4, beam_size=2))


def test_the_limit_is_read_from_the_model(short_package, standin_packages_dir):
    assert model_positions(short_package.path / "model") == 96
    assert model_positions(standin_packages_dir / "translate-en_ar" / "model") == 1024


def test_an_over_long_unit_is_drafted_in_pieces_and_its_neighbours_too(engine):
    drafts = engine.translate_batch([EngineRequest("Short one."), EngineRequest(LONG), EngineRequest(NO_SPACES), EngineRequest("Last.")])
    assert [hypotheses[0].text for hypotheses in drafts] == ["Short one.", LONG, NO_SPACES, "Last."]


def test_the_pieces_alignments_are_joined_into_the_units(engine):
    (hypotheses,) = engine.translate_batch([EngineRequest(LONG, with_alignment=True, n_best=2)])
    assert len(hypotheses) == 2 and hypotheses[0] == Hypothesis(LONG, tuple(range(len(LONG.split()))))


def test_pieces_are_cut_at_clauses_before_words():
    count = lambda text: len(text.split())  # noqa: E731
    pieces = split_for_model(LONG, count, 15)
    assert [text for text, _ in pieces] == [f"{CLAUSE};"] * 5 + [f"{CLAUSE}."]
    assert " ".join(text for text, _ in pieces) == LONG and all(count(text) <= 15 for text, _ in pieces)


def test_the_glossary_is_enforced_on_a_unit_drafted_in_pieces(engine):
    glossary = parse_csv("id,en,ar\nkirkuk,Kirkuk,كركوك\n", "terms.csv")
    (draft,) = draft_with_glossary(engine, [LONG], get_profile("ar"), glossary)
    assert draft.text == LONG.replace("Kirkuk", "كركوك") and not draft.findings


def test_a_run_with_an_over_long_unit_drafts_the_article(tmp_path, short_package):
    project = make_project(tmp_path / "desk")
    article = project.root / "story.txt"
    article.write_text(f"Council reopens the road\n\n{LONG}\n\nThe road opens on Friday.\n", encoding="utf-8")
    report = translate(project, [article], engine_factory=lambda project, profile: ArgosEngine(short_package, "ar", EngineSettings()))
    assert report.languages[0].drafted == 3 and report.languages[0].empty == 0


class Poisoned:
    """The stand-in's translator, failing on any batch that holds ``word``, as a model may on one odd unit."""

    def __init__(self, translator, word: str):
        self._translator, self._word = translator, word

    def translate_batch(self, sources, *args, **kwargs):
        if any(self._word in "".join(source) for source in sources):
            raise RuntimeError("an illegal memory access was encountered")
        return self._translator.translate_batch(sources, *args, **kwargs)


def poisoned_engine(package, word: str) -> ArgosEngine:
    engine = ArgosEngine(package, "ar", EngineSettings(max_batch_size=8))
    engine._load()
    engine._translator = Poisoned(engine._translator, word)
    return engine


def test_a_unit_the_model_fails_on_is_left_empty_and_flagged_and_its_neighbours_are_drafted(tmp_path, short_package):
    project = make_project(tmp_path / "desk")
    article = project.root / "story.txt"
    article.write_text("Council reopens the road\n\nThe Zqx road opens on Friday.\n\nTraffic will be heavy.\n", encoding="utf-8")
    engine = poisoned_engine(short_package, "Zqx")
    report = translate(project, [article], engine_factory=lambda project, profile: engine)
    entries = {entry.msgid: entry for entry in polib.pofile(str(project.catalog_path("story", "ar")))}
    assert entries["The Zqx road opens on Friday."].msgstr == "" and report.languages[0].flagged >= 1
    assert any("the model gave no draft for this unit (an illegal memory access was encountered)" in note
               for note in l10n_notes(entries["The Zqx road opens on Friday."]))
    assert entries["Council reopens the road"].msgstr == "Council reopens the road"
    assert entries["Traffic will be heavy."].msgstr == "Traffic will be heavy."


def test_a_model_that_fails_on_every_unit_is_a_model_error_that_does_not_blame_the_package(short_package):
    engine = poisoned_engine(short_package, "▁")
    with pytest.raises(ModelError, match=r"translating failed \(an illegal memory access was encountered\); run again with a smaller") as raised:
        engine.translate_batch([EngineRequest("One."), EngineRequest("Two.")])
    assert "reinstall" not in str(raised.value)

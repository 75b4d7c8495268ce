"""The model's renderings of terms on their own, kept between runs (l10n/stages/terms/lone.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import polib
import pytest

from l10n.core.project import EngineSettings, load_project
from l10n.pipeline import translate
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.engine.packages import read_package
from l10n.stages.terms import LONE_STORE_FILE, LoneRenderings
from l10n.stages.terms.enforce import LONE_REQUEST, _OWN_RENDERINGS, own_renderings

ROOT = Path(__file__).resolve().parent.parent


def test_what_is_kept_is_read_back_for_the_same_engine_and_request_only(tmp_path):
    path = tmp_path / ".l10n" / "renderings.sqlite"
    LoneRenderings(path, "model-a").put(LONE_REQUEST, {"Kirkuk": ("كيركوك", "كيركوك كيركوك"), "ISIS": ("يسيس",)})
    assert LoneRenderings(path, "model-a").get(LONE_REQUEST, ["Kirkuk", "Erbil"]) == {"Kirkuk": ("كيركوك", "كيركوك كيركوك")}
    assert LoneRenderings(path, "model-b").get(LONE_REQUEST, ["Kirkuk"]) == {}   # another model
    assert LoneRenderings(path, "model-a").get("n-best 5", ["Kirkuk"]) == {}    # asked another way


def test_an_engine_without_a_fingerprint_keeps_nothing(tmp_path):
    path = tmp_path / ".l10n" / "renderings.sqlite"
    LoneRenderings(path, "").put(LONE_REQUEST, {"Kirkuk": ("كيركوك",)})
    assert not path.exists()


@pytest.mark.parametrize("damage", ["not a database", "edited row"])
def test_a_damaged_store_is_left_alone_and_the_model_asked(tmp_path, damage):
    path = tmp_path / "renderings.sqlite"
    if damage == "not a database":
        path.write_bytes(b"this is not SQLite" * 100)
    else:
        LoneRenderings(path, "m").put(LONE_REQUEST, {"Kirkuk": ("كيركوك",)})
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE lone_renderings SET texts = '{\"not\": \"a list\"}'")
    engine = FakeEngine(lambda request: ["كيركوك", "كركوك"], fingerprint="m")
    _OWN_RENDERINGS.pop(engine, None)
    assert own_renderings(engine, ["Kirkuk"], store=LoneRenderings(path, "m")) == {"Kirkuk": ("كيركوك", "كركوك")}
    assert [r.source for batch in engine.batches for r in batch] == ["Kirkuk"]


def test_a_store_that_cannot_be_written_drafts_without_keeping(tmp_path):
    (tmp_path / ".l10n").write_text("a file where the folder goes", encoding="utf-8")  # unwritable, even for root
    engine = FakeEngine(lambda request: ["كيركوك"], fingerprint="m")
    store = LoneRenderings(tmp_path / ".l10n" / "renderings.sqlite", "m")
    assert own_renderings(engine, ["Kirkuk"], store=store) == {"Kirkuk": ("كيركوك",)}
    assert store.get(LONE_REQUEST, ["Kirkuk"]) == {}


def test_a_later_run_reads_the_terms_renderings_instead_of_asking_the_model(tmp_path):
    path = tmp_path / "renderings.sqlite"
    first = FakeEngine(lambda request: ["كيركوك", "كيركوك الكبرى"], fingerprint="m")
    kept = own_renderings(first, ["Kirkuk", "Tuz Khurmatu"], store=LoneRenderings(path, "m"))
    again = FakeEngine(lambda request: pytest.fail("the model was asked again"), fingerprint="m")
    assert own_renderings(again, ["Kirkuk", "Tuz Khurmatu"], store=LoneRenderings(path, "m")) == kept
    assert again.batches == []


def test_a_failed_request_is_not_kept(tmp_path):
    path = tmp_path / "renderings.sqlite"
    own_renderings(FakeEngine(lambda request: [], fingerprint="m"), ["Kirkuk"], store=LoneRenderings(path, "m"))
    assert LoneRenderings(path, "m").get(LONE_REQUEST, ["Kirkuk"]) == {}


class LoneCounting:
    """A real engine whose lone-term requests (n-best, as enforcement asks a term on its own) are counted."""

    def __init__(self, engine: ArgosEngine):
        self.engine, self.lone = engine, 0
        self.id, self.target, self.fingerprint, self.skipped = engine.id, engine.target, engine.fingerprint, engine.skipped

    def translate_batch(self, requests, progress=None):
        self.lone += sum(1 for request in requests if request.n_best > 1)
        return self.engine.translate_batch(requests, progress)

    def close(self) -> None:
        self.engine.close()


def test_a_new_process_drafts_the_same_without_asking_the_model_for_the_terms_again(tmp_path, trained_packages_dir):
    """Each ``l10n translate`` is a new process: the second run, on a new engine, reads the terms' own renderings
    from .l10n/renderings.sqlite, and its catalog entries are the first run's, drafts and notes alike."""
    package = read_package(trained_packages_dir / "full" / "translate-en_ar")
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    article = tmp_path / "news.txt"
    article.write_text("The Peshmerga forces arrived in Kirkuk on Monday.\n\n"
                       "Abu Mahdi al-Muhandis met with the ISF in Tikrit.\n", encoding="utf-8")
    texts, asked = [], []
    for _ in range(2):
        project = load_project(tmp_path)
        catalog = project.catalog_path("news", "ar")
        catalog.unlink(missing_ok=True)
        (tmp_path / ".l10n" / "runs.sqlite").unlink(missing_ok=True)  # the article is drafted again
        engine = LoneCounting(ArgosEngine(package, "ar", EngineSettings()))
        translate(project, [article], langs=["ar"], engine_factory=lambda project, profile: engine)
        texts.append([(e.msgid, e.msgstr, e.tcomment, e.flags) for e in polib.pofile(str(catalog))])
        asked.append(engine.lone)
    assert (tmp_path / LONE_STORE_FILE).exists()
    assert asked[0] > 0 and asked[1] == 0
    assert texts[0] == texts[1] and any(msgstr for _, msgstr, _, _ in texts[1])

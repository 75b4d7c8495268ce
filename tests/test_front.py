"""The library front (``import l10n``): one driver for translate and backfill, a project and an engine passed in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import l10n
from helpers import make_desk
from l10n.stages.engine.argos import load_engine


@pytest.fixture
def desk(tmp_path, standin_packages_dir):
    return make_desk(tmp_path / "desk", standin_packages_dir, 4)


def drafted(report) -> int:
    """Units a translate run drafted or filled (engine or memory), over every article and language."""
    return sum(row.drafted + row.reused + row.redrafted for row in report.languages)


def test_translate_backfill_translate_redoes_nothing(desk):
    """The hand-wired stand-ins: whatever command finished an article, the other finds it current."""
    first = l10n.translate_article([desk / "archive"], root=desk, engine=load_engine)
    assert drafted(first) > 0
    back = l10n.backfill_articles([desk / "archive"], root=desk, engine=load_engine)
    assert (back.translated, back.skipped, back.drafted, back.reused) == (0, 4, 0, 0)
    again = l10n.translate_article([desk / "archive"], root=desk, engine=load_engine)
    assert drafted(again) == 0 and not again.written


def test_backfill_translate_backfill_redoes_nothing(desk):
    back = l10n.backfill_articles([desk / "archive"], root=desk, engine=load_engine)
    assert (back.translated, back.skipped) == (4, 0) and back.drafted > 0
    again = l10n.translate_article([desk / "archive"], root=desk, engine=load_engine)
    assert drafted(again) == 0 and not again.written
    assert l10n.backfill_articles([desk / "archive"], root=desk, engine=load_engine).translated == 0


def test_a_project_and_an_engine_factory_go_in_and_the_project_is_not_reloaded(desk, monkeypatch):
    """A program loads the project once and drafts with its own engine (here the scripted fake)."""
    from l10n.core import project as project_module
    from l10n.stages.engine.fake import FakeEngine

    project = l10n.load_project(desk).with_engine(beam_size=1)
    made: list[FakeEngine] = []

    def factory(project, profile):
        made.append(FakeEngine(lambda request: [f"«{request.source}»"], id="scripted", target=profile.code))
        return made[-1]

    monkeypatch.setattr(project_module, "load_project", lambda *a, **k: pytest.fail("the project was loaded again"))
    monkeypatch.setattr(l10n, "load_project", lambda *a, **k: pytest.fail("the project was loaded again"))
    report = l10n.translate_article([desk / "archive" / "story-01.txt"], root=project, langs=["ar"], engine=factory)
    assert isinstance(report, l10n.Report) and drafted(report) > 0
    assert [engine.closed for engine in made] == [True]
    catalog = l10n.project_status(root=project, langs=["ar"])
    assert [(row.slug, row.drafts, row.reviewed_percent) for row in catalog] == [("story-01", catalog[0].units, 0.0)]
    assert "«" in (desk / "locales/ar/LC_MESSAGES/story-01.po").read_text(encoding="utf-8")


def test_engine_settings_are_checked_as_the_file_is(tmp_path):
    project = l10n.Project(root=tmp_path)
    assert project.with_engine(beam_size=1, device=None).engine.beam_size == 1
    with pytest.raises(l10n.UsageError, match="beam_size = 0"):
        project.with_engine(beam_size=0)


def test_models_are_listed_by_the_library(desk, standin_packages_dir):
    found = l10n.list_models(root=desk)
    assert isinstance(found, l10n.ModelsList) and found.packages
    assert [target.code for target in found.targets] == list(l10n.load_project(desk).targets)
    assert all(target.package is not None or target.notice for target in found.targets)


def test_import_l10n_stays_cheap_and_every_exported_name_resolves():
    code = ("import sys, l10n; heavy = [m for m in ('l10n.core.records', 'l10n.pipeline', 'l10n.stages.engine', 'polib', 'ctranslate2') "
            "if m in sys.modules]; print(heavy); missing = [n for n in l10n.__all__ if getattr(l10n, n, None) is None]; "
            "print(missing)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "[]"], done.stdout


def test_the_example_in_docs_library_runs(tmp_path):
    """docs/library.md's program, run as written from a copy of the repository's examples."""
    root = Path(__file__).resolve().parents[1]
    program = re.search(r"```python\n(.*?)```", (root / "docs/library.md").read_text(encoding="utf-8"), re.S).group(1)
    shutil.copytree(root / "examples", tmp_path / "examples")
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr
    assert re.search(r"^ar story\.po \d+ units, [1-9]\d* drafted$", done.stdout, re.M), done.stdout
    assert re.search(r"^story ar 0% reviewed, [1-9]\d* drafts$", done.stdout, re.M), done.stdout


def test_a_run_without_a_glossary_file_says_so(tmp_path):
    """Before: with ``glossary_dir`` mistyped ("glosary") or glossary/ deleted, translate drafted with no terms and
    said nothing; the desk learned it from untranslated terms in review."""
    from helpers import copying_engine, make_project, write_article

    root = tmp_path / "desk"
    make_project(root, glossary=Path("glosary"))
    (root / "glossary" / "terms.csv").write_text("id,en,ar\nkirkuk,Kirkuk,كركوك\n", encoding="utf-8")
    article = write_article(root, ["The governor of Kirkuk spoke."])
    report = l10n.translate_article([article], root=root, engine=copying_engine())
    assert report.notices[0].startswith("glosary/terms.csv: no glossary there, so the drafts carry no approved terms")
    (root / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")   # the default glossary/ holds one
    again = l10n.translate_article([article], root=root, engine=copying_engine())
    assert not any("no glossary there" in notice for notice in again.notices), again.notices
    (root / "glossary" / "terms.csv").write_bytes(b"\xef\xbb\xbf")   # a save that failed: not even the header
    emptied = l10n.translate_article([article], root=root, engine=copying_engine())
    assert emptied.notices[0].startswith("glossary/terms.csv: empty, not even its header, so the drafts carry no "
                                         "approved terms"), emptied.notices
    (root / "glossary" / "terms.csv").write_text("id,en,ar\n", encoding="utf-8")   # --empty-glossary: the columns alone
    assert not any("terms.csv" in notice for notice in l10n.translate_article([article], root=root,
                                                                                engine=copying_engine()).notices)

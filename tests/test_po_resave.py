"""A catalog an editor only re-saved is the translator's file: a run leaves it alone, and edits still land.

msgcat (and Poedit, which saves through it) writes l10n's catalogs back byte for byte. polib
with its defaults cannot: it wraps strings at 78 columns and before the space where GNU wraps
at 79 after it, and leaves header lines unwrapped. A run over the unchanged article then has
nothing to write, whatever the layout: like ``msgmerge --update``, content decides, so the file
keeps the editor's bytes, modification time and inode. A run over an edited article writes
the catalog it would have written without the re-save.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import polib
import pytest

from helpers import BASE, copying_engine, make_project, msgfmt_ok, write_article
from l10n.core.project import load_project
from l10n.pipeline import translate

TARGETS = ("ar", "ckb", "tk")
LONG = "Officials said the base, which hosted about 800 personnel, would be handed over \"in full\" by the end of the month."
REVIEWED = "قوات التحالف تسلّم قاعدة K1 إلى قوات الأمن العراقية في كركوك بعد انسحاب طويل ومعقد استمر أشهرا"
KEPT = "قال المسؤولون إن القاعدة التي استضافت نحو 800 عنصر ستسلم \"بالكامل\" بحلول نهاية الشهر"
_DATES = re.compile(rb'^"(PO-Revision-Date|POT-Creation-Date): .*\\n"\n', re.MULTILINE)


def resave(tool: str, path) -> None:
    """Open and save without changing anything, the way ``tool`` does by default (``crlf``: a Windows editor's line ends)."""
    if tool == "polib":
        polib.pofile(str(path)).save()
    elif tool == "crlf":
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    else:
        subprocess.run(["msgcat", str(path), "-o", str(path)], check=True)


def catalogs(project) -> list:
    return [project.catalog_path("story", lang) for lang in TARGETS]


def state(project) -> dict:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in catalogs(project)}


@pytest.fixture
def desk(tmp_path):
    """Three catalogs holding what translators leave: reviewed and kept texts wrapped over lines, a translator
    comment, a changed unit's ``#|`` line, an obsolete entry, a wrapped Plural-Forms header."""
    project = make_project(tmp_path / "desk", targets=TARGETS)
    article = write_article(project.root, [*BASE, LONG, "Nearly 800 personnel withdrew from Qayyarah."])
    translate(project, [article], engine_factory=copying_engine())
    for path in catalogs(project):
        po = polib.pofile(str(path), wrapwidth=0)
        po[0].msgstr, po[0].flags, po[0].tcomment = REVIEWED, [], "checked with the desk"
        po[3].msgstr = KEPT
        po.save(str(path))
        subprocess.run(["msgcat", str(path), "-o", str(path)], check=True)
    write_article(project.root, [*BASE, "Markets in Kirkuk reopened on Sunday.", "Nearly 800 personnel withdrew from Qayyarah on Sunday."])
    translate(project, [article], engine_factory=copying_engine())
    for path in catalogs(project):
        text = path.read_text(encoding="utf-8")
        assert "#| msgid" in text and "#~ msgid" in text and "# checked with the desk" in text
    assert '"&& n%100' in project.catalog_path("story", "ar").read_text(encoding="utf-8")
    return project, article


@pytest.mark.parametrize("tool", ["polib", "msgcat", "crlf"])
def test_a_content_free_resave_then_an_unchanged_run_writes_nothing(desk, tool):
    project, article = desk
    written = {str(p): p.read_bytes() for p in catalogs(project)}
    for path in catalogs(project):
        resave(tool, path)
    resaved = state(project)
    changed = [path for path, (data, _, _) in resaved.items() if data != written[path]]
    # msgcat keeps every byte; polib's defaults cannot (its own wrapping), nor CRLF: what the run must not undo
    assert changed == ([] if tool == "msgcat" else list(written))
    report = translate(project, [article], engine_factory=copying_engine())
    assert state(project) == resaved
    assert report.notices == () and all(lang.drafted == 0 for lang in report.languages)
    assert translate(project, [article], engine_factory=copying_engine()).notices == () and state(project) == resaved


@pytest.mark.parametrize("tool", ["polib", "msgcat", "crlf"])
def test_after_a_resave_an_edited_article_gives_the_catalog_it_gives_without_one(desk, tmp_path, tool):
    project, article = desk
    twin_root = tmp_path / "twin"
    shutil.copytree(project.root, twin_root, symlinks=True)
    twin = load_project(twin_root)
    for path in catalogs(project):
        resave(tool, path)
    edited = [BASE[0], BASE[1].replace("started withdrawing", "began withdrawing"), BASE[2], "Markets in Kirkuk reopened on Sunday.",
              "The governor thanked the coalition."]
    for root in (project.root, twin_root):
        write_article(root, edited)
    translate(project, [article], engine_factory=copying_engine())
    translate(twin, [twin_root / article.name], engine_factory=copying_engine())
    for path, untouched in zip(catalogs(project), catalogs(twin)):
        assert _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", untouched.read_bytes()), path
        assert msgfmt_ok(path)
        entries = {e.msgid: e for e in polib.pofile(str(path))}
        assert entries[BASE[0]].msgstr == REVIEWED and entries[BASE[0]].tcomment == "checked with the desk"
        assert not entries[BASE[0]].fuzzy

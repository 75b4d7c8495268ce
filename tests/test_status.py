"""Catalog status from the PO files, project ordering, model notices, and no ML imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from l10n.commands.status import CatalogStatus, catalog_status, model_notices, project_status
from l10n.core.project import Project
from l10n.stages.catalog import EntryState, entry_state

DATA = Path(__file__).parent / "data" / "qa"


def entry(msgid: str, msgstr: str = "", *, fuzzy: bool = False, obsolete: bool = False) -> polib.POEntry:
    made = polib.POEntry(msgid=msgid, msgstr=msgstr, obsolete=obsolete)
    if fuzzy:
        made.flags.append("fuzzy")
    return made


def write_catalog(path: Path, lang: str, entries: list[polib.POEntry]) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return path


def fake_package(packages_dir: Path, name: str, from_code: str, to_code: str) -> None:
    """A package folder as models.read_package sees it: metadata, model.bin and sentencepiece.model."""
    folder = packages_dir / name
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "model.bin").write_bytes(b"")
    (folder / "sentencepiece.model").write_bytes(b"")
    metadata = {"type": "translate", "from_code": from_code, "to_code": to_code, "package_version": "1.0"}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")


def test_counts_come_from_the_po_file(tmp_path):
    path = write_catalog(tmp_path / "locales" / "tk" / "LC_MESSAGES" / "k1.po", "tk", [
        entry("The coalition withdrew from the base.", "Koalisyon üsten çekildi."),
        entry("Kirkuk", "Kerkük"),
        entry("The base was built in 1978.", "Üs 1978'de inşa edildi.", fuzzy=True),
        entry("On March 26, the coalition left."),
        entry("Gone sentence.", "Gitmiş cümle.", obsolete=True),
    ])
    status = catalog_status(path)
    assert status == CatalogStatus(
        path=path, slug="k1", lang="tk", units=4, reviewed=2, drafts=1, empty=1, obsolete=1,
        qa_errors=0, qa_warnings=0,
    )
    assert (status.reviewed_percent, status.drafts_percent, status.empty_percent) == (50.0, 25.0, 25.0)


def test_status_counts_states_as_publish_and_the_memory_do(tmp_path):
    """A fuzzy entry with no translation is empty, as catalog.entry_state says (polib called it a draft)."""
    path = write_catalog(tmp_path / "locales" / "ar" / "LC_MESSAGES" / "k1.po", "ar", [
        entry("Kirkuk", "كركوك"),
        entry("The base was built in 1978.", "", fuzzy=True),
        entry("On March 26, the coalition left."),
    ])
    catalog = polib.pofile(str(path))
    states = [entry_state(e) for e in catalog]
    status = catalog_status(path)
    assert (status.reviewed, status.drafts, status.empty) == (
        states.count(EntryState.REVIEWED), states.count(EntryState.DRAFT), states.count(EntryState.EMPTY)) == (1, 0, 2)


def test_qa_errors_and_warnings_are_counted_apart():
    status = catalog_status(DATA / "seeded.ar.po")
    assert (status.qa_errors, status.qa_warnings) == (9, 1)  # length is the one cosmetic finding
    assert (status.reviewed, status.drafts, status.empty, status.obsolete) == (11, 1, 1, 1)


def test_an_empty_catalog_has_zero_percentages(tmp_path):
    status = catalog_status(write_catalog(tmp_path / "x.po", "ar", []))
    assert status.units == 0 and status.reviewed_percent == 0.0


def test_project_status_orders_by_article_then_target_order(tmp_path):
    project = Project(root=tmp_path, targets=("tk", "ar", "ckb"), locales_dir=tmp_path / "locales")
    for slug in ("b-story", "a-story"):
        for lang in ("ar", "ckb", "tk"):
            write_catalog(project.catalog_path(slug, lang), lang, [entry("Kirkuk")])
    order = [(s.slug, s.lang) for s in project_status(project)]
    assert order == [
        ("a-story", "tk"), ("a-story", "ar"), ("a-story", "ckb"),
        ("b-story", "tk"), ("b-story", "ar"), ("b-story", "ckb"),
    ]


def test_a_catalog_that_cannot_be_read_hides_no_other_from_status(tmp_path, capsys):
    """Before: one stray catalog (a language l10n does not know, a syntax error) stopped `l10n status` for every
    catalog of the project; now the others are counted, the bad one is named in one line, and the exit says so."""
    from l10n import cli

    project = Project(root=tmp_path, targets=("ar",), locales_dir=tmp_path / "locales")
    write_catalog(project.catalog_path("story", "ar"), "ar", [entry("Kirkuk", "كركوك")])
    write_catalog(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "story.po", "fr", [entry("Kirkuk", "Kirkouk")])
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    rows = {s.lang: s for s in project_status(project)}
    assert rows["ar"].reviewed == 1 and not rows["ar"].problem
    assert rows["fr"].units == 0 and "no known target language" in rows["fr"].problem
    assert cli.main(["status", "-C", str(tmp_path)]) == 4
    out, err = capsys.readouterr()
    assert "story  ar" in out and "1 reviewed" in out and "story  fr" not in out
    assert err.splitlines() == [f"l10n: {rows['fr'].problem} (not counted)"]


def test_project_status_without_catalogs_is_empty(tmp_path):
    assert project_status(Project(root=tmp_path, locales_dir=tmp_path / "locales")) == []


def test_model_notices_name_every_target_without_a_package(tmp_path):
    project = Project(root=tmp_path, packages_dir=tmp_path / "packages")
    fake_package(tmp_path / "packages", "translate-en_ar", "en", "ar")
    fake_package(tmp_path / "packages", "translate-en_tr", "en", "tr")
    [notice] = model_notices(project)
    assert "Sorani" in notice and "left empty" in notice and "l10n models install" in notice


def test_model_notices_with_no_packages_at_all(tmp_path):
    project = Project(root=tmp_path, packages_dir=tmp_path / "nothing-here")
    notices = model_notices(project)
    assert len(notices) == 3
    assert ["Arabic" in notices[0], "Sorani" in notices[1], "Turkmen" in notices[2]] == [True] * 3


def test_status_imports_no_machine_translation_code(tmp_path):
    locales = tmp_path / "locales" / "ar" / "LC_MESSAGES"
    locales.mkdir(parents=True)
    shutil.copy(DATA / "seeded.ar.po", locales / "k1.po")
    fake_package(tmp_path / "packages", "translate-en_ar", "en", "ar")
    script = f"""
import sys
from pathlib import Path
from l10n.core.project import Project
from l10n.commands.status import model_notices, project_status
project = Project(root=Path({str(tmp_path)!r}), locales_dir=Path({str(tmp_path / 'locales')!r}),
                  packages_dir=Path({str(tmp_path / 'packages')!r}))
assert project_status(project) and model_notices(project)
heavy = sorted(m for m in ("ctranslate2", "sentencepiece", "torch", "argostranslate", "stanza") if m in sys.modules)
print(",".join(heavy))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("name", ["clean.ar.po", "clean.ckb.po", "clean.tk.po"])
def test_clean_fixtures_are_fully_reviewed_and_pass_qa(name):
    status = catalog_status(DATA / name)
    assert status.reviewed_percent == 100.0
    assert (status.qa_errors, status.qa_warnings) == (0, 0)

"""Helpers shared by several test modules: small projects, articles and checks of what runs leave.

Fixtures live in conftest.py; these are plain functions and constants, imported by name.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polib

from l10n.core.project import load_project
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.terms import check_terms
from l10n.stages.terms.check import missing_terms
from l10n.stages.terms.enforce import unit_debris

ROOT = Path(__file__).resolve().parents[1]


BASE = [
    "Coalition forces hand over the K1 base",
    "The US-led coalition started withdrawing from the K1 and Qayyarah military bases and will hand them over to the Iraqi Security Forces.",
    "The governor of Kirkuk told reporters on Sunday that the handover would be complete within two weeks, according to his office.",
]


def make_project(root: Path, targets: tuple[str, ...] = ("ar",), glossary: Path | None = None):
    (root / "glossary").mkdir(parents=True)
    settings = [f"targets = [{', '.join(repr(code) for code in targets)}]".replace("'", '"')]
    if glossary is not None:
        settings.append(f'glossary_dir = "{glossary}"')
    (root / "l10n.toml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    return load_project(root)


def write_article(root: Path, sentences: list[str]) -> Path:
    path = root / "story.txt"
    path.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return path


def copying_engine(delay: float = 0.0, during=None):
    """engine_factory for the FakeEngine; ``during()`` runs once, while the first unit is drafted."""
    pending = [during] if during else []

    def factory(project, profile):
        def script(request):
            time.sleep(delay)
            while pending:
                pending.pop()()
            return [f"[{profile.code}] {request.source}"]

        return FakeEngine(script, target=profile.code)

    return factory


def msgfmt_ok(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


ARTICLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"


_DATES = re.compile(r'^"(PO-Revision-Date|POT-Creation-Date): .*\\n"$', re.MULTILINE)


VARIANTS = (("Kirkuk", "Kirkuk"), ("Kirkuk", "Mosul"), ("K1", "Camp Taji"), ("coalition", "alliance"))


def make_articles_project(root: Path, packages: Path) -> Path:
    """A project with a few articles (variants of the example) and the stand-in packages."""
    (root / "articles").mkdir(parents=True)
    (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.csv").write_text("id,en\n", encoding="utf-8")   # a glossary with no terms: no notice
    text = ARTICLE.read_text(encoding="utf-8")
    for number, (old, new) in enumerate(VARIANTS):
        (root / "articles" / f"story-{number}.txt").write_text(text.replace(old, new), encoding="utf-8")
    return root


def translate_command(root: Path, *paths: str) -> list[str]:
    return [sys.executable, "-m", "l10n.cli", "translate", *(str(root / p) for p in paths or ("articles",)), "-q", "--project", str(root)]


def catalog_files(root: Path) -> list[Path]:
    """Every .po and .pot under locales/, temporary files of interrupted writes excluded by their names."""
    return sorted(p for p in (root / "locales").rglob("*") if p.suffix in (".po", ".pot"))


def assert_project_valid(root: Path) -> None:
    """Every catalog complete and valid, the memory intact, no temporary file listed as a catalog."""
    for path in catalog_files(root):
        result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path}: {result.stderr}"
        po = polib.pofile(str(path))
        assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8", path
        assert path.read_text(encoding="utf-8").endswith("\n"), path
    catalogs = set(catalog_files(root))
    for path in (root / "locales").rglob("*"):  # every file, whatever its name
        if path.is_file() and path not in catalogs and path.suffix != ".mo":
            assert path.name.startswith(".") and path.name.endswith(".tmp"), f"{path}: neither a catalog nor a hidden temporary file"
    memory = root / ".l10n" / "memory.sqlite"
    if memory.exists():
        with contextlib.closing(sqlite3.connect(memory)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def catalog_texts(root: Path) -> dict[str, str]:
    """The catalogs' text with their dates removed, by path relative to the project."""
    return {p.relative_to(root).as_posix(): _DATES.sub("", p.read_text(encoding="utf-8")) for p in catalog_files(root)}


SENTENCES = [
    line.strip()
    for line in (ROOT / "scripts/data/glossary_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


LANGS = ("ar", "ckb", "tk")


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` short English articles: a title and three body sentences each, some shared between articles."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        body = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(1, 4))
        path = folder / f"story-{n:02d}.txt"
        path.write_text(f"{SENTENCES[n % len(SENTENCES)]}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def archive_entries(po_path: Path) -> list[tuple]:
    """What a reviewer sees of a catalog, without its dates."""
    return [(e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.flags)), e.comment, e.obsolete) for e in polib.pofile(str(po_path))]


def make_desk(root: Path, packages: Path, articles: int) -> Path:
    """A project using the stand-in packages, with ``articles`` articles under archive/."""
    root.mkdir()
    (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    write_articles(root / "archive", articles)
    return root


def assert_contract(drafts, sources, profile, glossary):
    """Enforcement's contract: approved term present or flagged (and then a finding), nothing else flagged, no debris."""
    for source, result in zip(sources, drafts, strict=True):
        missing = {hit.term.id for hit in missing_terms(result.text, glossary.find_for(source, profile.code), profile)}
        flagged = {hit.term.id for hit in result.term_hits if hit.outcome == "missing"}
        assert missing == flagged
        assert unit_debris(source, result.text, glossary, profile) == []
        if result.strategy == "flagged":
            assert result.findings
        else:
            found = check_terms(source, result.text, profile, glossary)
            assert result.findings == () and found == [], (source, result.text, result.strategy, result.findings, found)

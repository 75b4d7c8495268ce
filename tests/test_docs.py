"""The documentation builds strictly and its Markdown is well formed.

MkDocs' strict mode fails on a link to a missing page or anchor; it does not see an unclosed
code fence (everything after it renders as code) nor the README, which lives outside docs/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")
MARKDOWN = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").rglob("*.md")])


def test_the_site_builds_in_strict_mode(tmp_path):
    pytest.importorskip("mkdocs", reason="the dev extra installs mkdocs")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_fence_is_closed(path):
    fences = [line for line in path.read_text(encoding="utf-8").splitlines() if FENCE.match(line)]
    assert len(fences) % 2 == 0, f"{path.name}: an unclosed code fence"


@pytest.mark.parametrize("path", [ROOT / "README.md", ROOT / "CHANGELOG.md"], ids=lambda p: p.name)
def test_links_outside_the_site_reach_files(path):
    for target, _anchor in LINK.findall(path.read_text(encoding="utf-8")):
        if "://" not in target:
            assert (path.parent / target).exists(), f"{path.name} links to {target}, which does not exist"


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


def test_the_architecture_page_names_every_module():
    """docs/architecture.md has one line per module: a new or moved module shows up there or this fails."""
    text = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    rows = text.splitlines()
    missing = []
    for path in sorted((ROOT / "l10n").rglob("*.py")):
        rel = path.relative_to(ROOT / "l10n")
        if path.name == "__init__.py" or f"`{rel.as_posix()}`" in text:
            continue
        folder = f"`{rel.parent.as_posix()}/`"
        if not any(folder in row and f"`{path.name}`" in row for row in rows):
            missing.append(rel.as_posix())
    assert missing == []


def test_the_files_under_dot_l10n_the_docs_name_are_the_ones_l10n_keeps():
    """A desk told to delete .l10n/backfill.sqlite to redo everything deleted nothing: the run state is runs.sqlite."""
    from l10n.commands.runs import STATE_FILE
    from l10n.core.project import Project
    from l10n.stages.terms import LONE_STORE_FILE

    kept = {STATE_FILE, Project.memory_path.as_posix(), Path(LONE_STORE_FILE).as_posix()}
    named = {name for path in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
             for name in re.findall(r"\.l10n/[\w.-]+\.sqlite", path.read_text(encoding="utf-8"))}
    assert named - kept == set()

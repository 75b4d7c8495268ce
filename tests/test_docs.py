"""The documentation builds strictly, its Markdown is well formed, and what it names the code still has.

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


def _cli_tree():
    """The `l10n` command and a way to name each option it takes (click's opts and --x/--no-x secondaries)."""
    import typer

    from l10n import cli

    return typer.main.get_command(cli.app), lambda command: {o for p in command.params for o in (*p.opts, *p.secondary_opts)}


def _command_lines(text: str) -> list[str]:
    """Every `l10n …` a page gives: inline code spans, and lines of its code blocks."""
    lines = re.findall(r"`(l10n [^`]+)`", text)
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif fenced and (m := re.search(r"(?:^\$ |^|/)(l10n .*)", line.strip())):
            lines.append(m.group(1).split("  #")[0])
    return lines


def test_every_option_the_docs_give_a_command_is_one_it_takes():
    """An option renamed or dropped in the CLI leaves `l10n eval --beam 4` in a page that no longer works."""
    root, options = _cli_tree()
    wrong = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for line in _command_lines(path.read_text(encoding="utf-8")):
            words, command, name = line.split()[1:], root, ["l10n"]
            while words and words[0] in ("-C", "--project"):
                words = words[2:]
            while words and words[0] in getattr(command, "commands", {}):
                command = command.commands[words[0]]
                name.append(words.pop(0))
            if command is root:
                continue
            known = options(command) | options(root) | {"--help"}
            wrong += [f"{path.name}: {' '.join(name)} {option}" for word in words
                      for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", word) if option not in known]
    assert wrong == []


def test_the_commands_cli_md_gives_lang_are_those_that_take_it():
    """cli.md lists the commands taking --lang in one row; a command gaining or losing it shows up there."""
    root, options = _cli_tree()
    row = next(line for line in (ROOT / "docs/cli.md").read_text(encoding="utf-8").splitlines() if line.startswith("| `--lang L`"))
    named = set(re.findall(r"`([a-z]+(?: [a-z]+)?)`", row.split("|")[2]))
    taking = {f"{group} {name}".strip() if group else name
              for group, command in [("", root), *((g, c) for g, c in root.commands.items() if hasattr(c, "commands"))]
              for name, sub in command.commands.items() if "--lang" in options(sub)}
    assert named == taking


def test_the_settings_projects_md_lists_are_the_ones_l10n_toml_takes():
    """A key added to (or dropped from) the schema shows up in the page's table, and the sample's defaults are the code's."""
    import dataclasses
    import tomllib

    from l10n.core.project import ENGINE_SCHEMA, SCHEMA, EngineSettings, Project

    text = (ROOT / "docs/projects.md").read_text(encoding="utf-8")
    listed = {("engine." if "[engine]" in cell else "") + key
              for line in text.splitlines() if line.startswith("| `") for cell in [line.split("|")[1]]
              for key in re.findall(r"`(?:\[engine\] )?(\w+)`", cell)}
    assert listed == {*SCHEMA, *(f"engine.{key}" for key in ENGINE_SCHEMA)}

    sample = tomllib.loads(re.search(r"these are the defaults:\n\n```toml\n(.*?)```", text, re.S).group(1))
    assert sample.pop("engine") == dataclasses.asdict(EngineSettings())
    defaults = {field.name: field.default for field in dataclasses.fields(Project)}
    assert sample == {key: list(defaults[key]) if isinstance(defaults[key], tuple) else
                      str(defaults[key]) if isinstance(defaults[key], Path) else defaults[key] for key in sample}

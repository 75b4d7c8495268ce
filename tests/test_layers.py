"""The import graph of l10n: the layers of pyproject's import contract, no cycle, no module reaching into the root.

The contract (``[tool.importlinter]``, run here with import-linter) puts the CLI over the
commands, publish and review, those over the pipeline, the pipeline over the stages, the stages
over core, files and errors, and forbids cycles between siblings at any depth.  The package root
(``l10n/__init__.py``) is the library front: it imports the stages, so only the CLI may import it.
Imports inside functions count too: they are how a cycle hides; imports for annotations only
(``if TYPE_CHECKING:``) do not.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "l10n"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _runtime_nodes(tree: ast.AST):
    """Every node, but those under ``if TYPE_CHECKING:`` (annotations only: never imported at run time)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """module -> the l10n modules it imports (``from . import x`` counts as importing ``l10n.x``)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    found = f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                    if found in modules and found != name:
                        graph[name].add(found)
            elif isinstance(node, ast.Import):
                graph[name] |= {alias.name for alias in node.names if alias.name in modules and alias.name != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_no_module_imports_the_package_root():
    graph = import_graph()
    assert sorted(name for name, targets in graph.items() if "l10n" in targets and name not in ("l10n", "l10n.cli")) == []


def test_the_check_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """import-linter with this repository's contract on the ``l10n`` package found in ``folder``."""
    command = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
               "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])})


def test_the_import_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("change", "reported"), [
    (("stages/read.py", "from ..commands import runs\n"), "l10n.stages.read -> l10n.commands.runs"),
    (("core/records.py", "from .. import pipeline\n"), "l10n.core.records -> l10n.pipeline"),
    (("unplaced.py", '"""A module no layer names."""\n'), "l10n.unplaced"),
    (("core/languages.py", "from . import project\n"), "allowed in l10n.core."),
], ids=["stage-imports-a-command", "core-imports-the-pipeline", "module-in-no-layer", "cycle-between-siblings"])
def test_the_contract_breaks_on(tmp_path, change, reported):
    shutil.copytree(PACKAGE, tmp_path / "l10n", ignore=shutil.ignore_patterns("__pycache__", "data", "static", "templates"))
    name, line = change
    path = tmp_path / "l10n" / name
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + line, encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert reported in result.stdout


def test_no_test_module_imports_another():
    """Shared helpers live in conftest.py and helpers.py; a test importing another test runs its module twice."""
    tests = Path(__file__).resolve().parent
    names = {p.stem for p in tests.glob("test_*.py")}
    found = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name} imports {name}" for name in imported if name.split(".")[0] in names]
    assert found == []

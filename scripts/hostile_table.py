#!/usr/bin/env python3
"""Run the hostile-input table of tests/test_hostile.py and print it as Markdown.

    .venv/bin/python scripts/hostile_table.py > hostile.md

Each row: the input, the exact one line l10n printed (temporary folders shown
as <project>), the exit code, and the files the run changed (must be "none").
Stand-in packages (tiny copy models) play the installed models.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import MULTILINGUAL  # noqa: E402
from test_hostile import CASES, fresh_copy, make_project, run_case  # noqa: E402

from standin import build_copy_package  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="l10n-hostile-") as tmp:
        scratch = Path(tmp).resolve()
        packages = scratch / "packages"
        packages.mkdir()
        build_copy_package(packages, to_code="ar")
        build_copy_package(packages, to_code="tr")
        build_copy_package(packages, name="translate-en_mul", **MULTILINGUAL)
        base = make_project(scratch / "base", packages)
        print("| # | input | one line on stderr | exit | files changed |")
        print("| --- | --- | --- | --- | --- |")
        failures = 0
        for number, case in enumerate(CASES, 1):
            root = fresh_copy(base, scratch / f"case-{number}")
            outcome = run_case(case, root)
            lines = outcome.stderr.splitlines()
            shown = " / ".join(lines).replace(str(root), "<project>").replace(str(scratch), "<tmp>").replace("|", "\\|")
            changed = ", ".join(outcome.changed) or "none"
            ok = len(lines) == 1 and outcome.exit_code == case.exit_code and not outcome.changed
            failures += not ok
            flag = "" if ok else " **(not as required)**"
            what = case.what.replace("|", "\\|")
            print(f"| {number} | {what} | `{shown}` | {outcome.exit_code} | {changed}{flag} |")
    print(f"\n{len(CASES)} inputs, {len(CASES) - failures} handled as required.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

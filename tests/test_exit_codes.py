"""One exit-code table: the code's (errors.EXIT_CODES) and the documented one agree, and each outcome has its own code."""

from __future__ import annotations

import re
from pathlib import Path

from l10n import errors

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (\d+) \| `([A-Z_]+)` \| (.+) \|$")


def documented_table() -> dict[int, tuple[str, str]]:
    """The exit-code rows of docs/exit-codes.md."""
    path = ROOT / "docs/exit-codes.md"
    rows = {int(m[1]): (m[2], m[3]) for line in path.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))}
    assert rows, "no exit-code table in docs/exit-codes.md"
    return rows


def test_the_documented_table_is_the_code_table():
    code_table = {int(code): (code.name, meaning) for code, meaning in errors.EXIT_CODES.items()}
    assert documented_table() == code_table


def test_every_outcome_has_its_own_code():
    assert set(errors.EXIT_CODES) == set(errors.ExitCode)
    assert len({int(code) for code in errors.ExitCode}) == len(errors.ExitCode)
    assert errors.ExitCode.FINDINGS != errors.ExitCode.ARTICLES_FAILED != errors.ExitCode.PUBLISH_BLOCKED != errors.ExitCode.FINDINGS


def test_every_error_class_uses_a_code_of_the_table():
    pending = [errors.L10nError]
    while pending:
        cls = pending.pop()
        assert cls.exit_code in errors.EXIT_CODES, cls
        pending.extend(cls.__subclasses__())


def test_other_pages_name_exit_codes_instead_of_restating_their_numbers():
    """The numbers live in docs/exit-codes.md alone; elsewhere a page says `USAGE`, `DATA_FILE`, ..."""
    stated = re.compile(r"\bexit(?:s| code| status)?\s+\(?\d+\b")
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = [f"{p.name}: {m[0]}" for p in pages if p.name != "exit-codes.md" for m in stated.finditer(p.read_text(encoding="utf-8"))]
    assert found == []

"""The desk's boilerplate list: share bars, "Related:" lines, bylines; data, not code.

l10n ships ``l10n/data/boilerplate.txt``; a project extends or trims it with
``glossary/boilerplate.txt`` in the same format (see the shipped file's
header).  ``Boilerplate`` is what segmentation needs: the entries, compiled
into the patterns ``segment.py`` matches lines against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from .errors import GlossaryError

PROJECT_FILE = "boilerplate.txt"
KINDS = ("share", "line", "byline")
DROPPABLE = ("byline", "credit")
# Between the words of a share bar: | · • / , : and spaces.
_SEPARATOR = r"[\s|·•/,:]"


@dataclass(frozen=True)
class Boilerplate:
    """Entries by kind (case-folded, single-spaced) and the unit kinds the desk drops."""

    share: frozenset[str] = frozenset()
    line: frozenset[str] = frozenset()
    byline: frozenset[str] = frozenset()
    dropped_kinds: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def share_bar(self) -> re.Pattern[str]:
        """A run of share words and separators; a word may be a Markdown link, ``[Facebook](url)``."""
        words = "|".join(_phrase(word) for word in sorted(self.share, key=len, reverse=True)) or r"(?!)"
        word = rf"\[?(?:{words})\]?(?:\([^()\s]*\))?(?![\w-])"
        return re.compile(rf"{_SEPARATOR}*(?<![\w-])(?:{word}{_SEPARATOR}*)+", re.IGNORECASE)

    @cached_property
    def line_start(self) -> re.Pattern[str]:
        """A line-dropping marker ("Related:", "©") followed by a non-letter or the end."""
        return _starts(self.line)

    @cached_property
    def byline_start(self) -> re.Pattern[str]:
        return _starts(self.byline)


def _phrase(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split())


def _starts(entries: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(_phrase(entry) for entry in sorted(entries, key=len, reverse=True)) or r"(?!)"
    return re.compile(rf"(?:{alternatives})(?!(?<=\w)\w)", re.IGNORECASE)


def parse_boilerplate(text: str, name: str, base: Boilerplate | None = None) -> Boilerplate:
    """Entries of one list file applied over ``base``; a malformed line raises ``GlossaryError`` (name:line)."""
    entries = {kind: set(getattr(base, kind)) if base else set() for kind in KINDS}
    dropped = set(base.dropped_kinds) if base else set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, value = line.partition(" ")
        value = " ".join(value.split()).casefold()
        if not value:
            raise GlossaryError(f"{name}:{number}: {kind!r} needs a text after it; write e.g. 'share Facebook'.")
        if kind in KINDS:
            entries[kind].add(value)
        elif kind == "unlist":
            for found in entries.values():
                found.discard(value)
        elif kind == "drop" and value in DROPPABLE:
            dropped.add(value)
        else:
            raise GlossaryError(f"{name}:{number}: {line!r} is not an entry; start it with share, line, byline, "
                                f"unlist or drop (byline|credit).")
    return Boilerplate(**{kind: frozenset(found) for kind, found in entries.items()}, dropped_kinds=frozenset(dropped))


@cache
def default_boilerplate() -> Boilerplate:
    """The shipped list alone (read once)."""
    shipped = resources.files("l10n").joinpath("data", PROJECT_FILE).read_text(encoding="utf-8")
    return parse_boilerplate(shipped, "l10n/data/boilerplate.txt")


def load_boilerplate(glossary_dir: Path) -> Boilerplate:
    """The shipped list with the project's ``glossary/boilerplate.txt`` (if any) applied over it."""
    base = default_boilerplate()
    path = Path(glossary_dir) / PROJECT_FILE
    if not path.is_file():
        return base
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot be read as UTF-8 text ({exc}); fix or remove the file.") from exc
    return parse_boilerplate(text, str(path), base)

"""The desk's boilerplate list: share bars, "Related:" lines, bylines; data, not code.

l10n ships ``l10n/data/boilerplate.txt``; a project extends or trims it with
``glossary/boilerplate.txt`` in the same format (see the shipped file's
header).  ``Boilerplate`` is what segmentation needs: the entries, compiled
into the patterns ``segment.py`` matches lines against.  Entries are a desk's
to write, so the patterns run on RE2 (``patterns``): time linear in the line
whatever the entries, where a backtracking engine took exponential time on a
share entry whose words are entries too ("Facebook Twitter") repeated on a line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from ..core.patterns import SPACE, WORD, compile_linear, escape
from ..errors import GlossaryError, ReadError

PROJECT_FILE = "boilerplate.txt"
KINDS = ("share", "line", "byline")
DROPPABLE = ("byline", "credit")
# Between the words of a share bar: | · • / , : and spaces.
_SEPARATOR_CHARS = "|·•/,:"
_SEPARATOR = f"[{SPACE}{escape(_SEPARATOR_CHARS)}]"
_NEVER = "[^\\x00-\\x{10FFFF}]"


@dataclass(frozen=True)
class Boilerplate:
    """Entries by kind (case-folded, single-spaced) and the unit kinds the desk drops."""

    share: frozenset[str] = frozenset()
    line: frozenset[str] = frozenset()
    byline: frozenset[str] = frozenset()
    dropped_kinds: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def share_bar(self) -> ShareBar:
        """A run of share words and separators; a word may be a Markdown link, ``[Facebook](url)``."""
        return ShareBar(self.share)

    @cached_property
    def line_start(self) -> Starts:
        """A line-dropping marker ("Related:", "©") followed by a non-letter or the end."""
        return Starts(self.line)

    @cached_property
    def byline_start(self) -> Starts:
        return Starts(self.byline)


@dataclass(frozen=True)
class Marked:
    """Where a boilerplate pattern matched ``text``: ``end()`` and ``group()``, as ``segment`` reads a match."""

    text: str
    start: int
    stop: int

    def end(self) -> int:
        return self.stop

    def group(self) -> str:
        return self.text[self.start:self.stop]


class ShareBar:
    """Share words (``[Facebook](url)`` too) and separators, none glued to a word or a hyphen before or after.

    As the backtracking pattern it replaces: ``SEP*(?<![\\w-])(?:WORD(?![\\w-])SEP*)+``.
    RE2 has no lookaround, so two words meet through separators or a ``[``, the
    character after the last word is matched (and given back), and the one
    before the start is checked here.
    """

    def __init__(self, words: Iterable[str]):
        alternatives = "|".join(_phrase(word) for word in sorted(words, key=len, reverse=True)) or _NEVER
        core = f"(?:{alternatives})\\]?(?:\\([^(){SPACE}]*\\))?"
        bar = f"{_SEPARATOR}*\\[?{core}(?:{_SEPARATOR}+\\[?{core}|\\[{core})*"
        self._prefix = compile_linear(f"({bar})(?:[^{WORD}\\-]|$)", ignore_case=True)
        self._whole = compile_linear(f"{bar}{_SEPARATOR}*", ignore_case=True)

    def match(self, text: str, start: int, end: int) -> Marked | None:
        """The bar at the start of ``text[start:end]`` (longest, with the separators after it), or None."""
        if not self._may_start(text, start, end):
            return None
        found = self._prefix.match(text[start:end])
        if found is None:
            return None
        stop = start + found.end(1)
        while stop < end and _is_separator(text[stop]):
            stop += 1
        return Marked(text, start, stop)

    def fullmatch(self, text: str, start: int, end: int) -> Marked | None:
        """``text[start:end]`` when it is all share bar, else None."""
        if self._may_start(text, start, end) and self._whole.fullmatch(text[start:end]):
            return Marked(text, start, end)
        return None

    @staticmethod
    def _may_start(text: str, start: int, end: int) -> bool:
        """A bar not opening with a separator may not continue a word or a hyphenated compound."""
        return start < end and (start == 0 or _is_separator(text[start]) or not _is_word_or_hyphen(text[start - 1]))


class Starts:
    """Entries a line may start with, each followed by a non-letter or the end when it ends in a letter.

    As ``(?:E1|E2|…)(?!(?<=\\w)\\w)``, longest entry first, in linear time.
    """

    def __init__(self, entries: Iterable[str]):
        ordered = sorted(entries, key=len, reverse=True)
        alternatives = [f"({_phrase(entry)})" + (f"(?:[^{WORD}]|$)" if _is_word(entry[-1]) else "") for entry in ordered]
        self._count = len(ordered)
        self._regex = compile_linear("|".join(alternatives) or _NEVER, ignore_case=True)

    def match(self, text: str, start: int, end: int) -> Marked | None:
        found = self._regex.match(text[start:end])
        if found is None:
            return None
        group = next(number for number in range(1, self._count + 1) if found.span(number)[0] >= 0)
        return Marked(text, start, start + found.end(group))


def _is_separator(char: str) -> bool:
    return char.isspace() or char in _SEPARATOR_CHARS


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _is_word_or_hyphen(char: str) -> bool:
    return _is_word(char) or char == "-"


def _phrase(text: str) -> str:
    return f"[{SPACE}]+".join(escape(word) for word in text.split())


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
        text = path.read_text(encoding="utf-8-sig")  # a byte order mark (Windows Notepad) is no part of the first line
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror}); check the file and its permissions.") from exc
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: cannot be read as UTF-8 text ({exc}); fix or remove the file.") from exc
    return parse_boilerplate(text, str(path), base)

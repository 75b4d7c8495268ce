"""Catalog choices + the source layout -> a localized article, ready for any renderer.

The text each unit shows is made safe to place in any output once, here:
bidi embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) and
other control characters become a visible ``[U+202E]`` so they cannot reorder
what a reader sees, and line breaks inside a unit become spaces because layout
comes from the source article, never from a translation.  Nothing else in a
translator's text is changed.

Direction is decided here too, for every renderer: a unit published in the
other direction than the page's (English filled in an Arabic page, a Latin
quote) is isolated together with its neighbours of that direction on the same
line, so a passage reads whole and in order: HTML gets ``<span dir>``, plain
text and Markdown the Unicode isolates LRI/RLI … PDI (``isolation_marks``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..core.records import Article, Unit
from .policy import Choice, State

# Bidi controls that reorder text, and C0/C1 controls other than tab; shown, never applied.
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[^\\S\u00a0]*(?:\r\n|[\r\n\u2028\u2029\x85])[^\\S\u00a0]*")
_BULLET_GAP = re.compile(r"(?:^|[\r\n])[^\S\r\n]*[•*\-][^\S\r\n]+$")
STRONG = {"ltr": frozenset({"L"}), "rtl": frozenset({"R", "AL"})}   # bidi classes of strong letters
ISOLATE = {"ltr": "\u2066", "rtl": "\u2067"}                       # LRI, RLI
POP_ISOLATE = "\u2069"                                              # PDI


@dataclass(frozen=True, slots=True)
class LocalizedUnit:
    """One unit as published: the safe text and whether it was reviewed or filled."""

    unit: Unit
    text: str
    state: State


@dataclass(frozen=True, slots=True)
class Block:
    """A rendered block: the title, the caption line, a paragraph or a bullet list.

    ``lines`` keeps the source's line breaks inside the block; each line holds
    the units written on it.
    """

    kind: str                                         # "title" | "caption" | "paragraph" | "list"
    lines: tuple[tuple[LocalizedUnit, ...], ...]


@dataclass(frozen=True, slots=True)
class LocalizedArticle:
    """An article in one target language, unit by unit, in source order."""

    article: Article
    lang: str
    units: tuple[LocalizedUnit, ...]

    @property
    def title(self) -> str:
        return " ".join(item.text for item in self.units if item.unit.kind == "title")


def localize(article: Article, lang: str, choices: Mapping[str, Choice]) -> LocalizedArticle:
    """Give every unit of ``article`` the text the policy chose for its source sentence."""
    units = tuple(
        LocalizedUnit(unit, visible_controls(choices[unit.source].text), choices[unit.source].state)
        for unit in article.units
    )
    return LocalizedArticle(article, lang, units)


def visible_controls(text: str) -> str:
    """Fold line breaks to spaces and show control characters as ``[U+XXXX]``.

    >>> visible_controls("abc\\u202edef\\nghi")
    'abc[U+202E]def ghi'
    """
    folded = _LINE_BREAKS.sub(" ", text)
    return _CONTROLS.sub(lambda match: f"[U+{ord(match.group()):04X}]", folded)


def blocks(doc: LocalizedArticle) -> list[Block]:
    """Group units into the source's blocks (by paragraph) and lines (by line breaks between units).

    The title is a block of its own even when a byline follows it on the next line, and so is a run of
    bullet lines in a block of other lines ("Key points:" over its list).
    """
    grouped: list[list[list[LocalizedUnit]]] = []
    bullets: list[bool] = []
    previous: Unit | None = None
    text = doc.article.text
    for item in doc.units:
        gap = text[previous.end:item.unit.start] if previous else text[:item.unit.start]
        bulleted = bool(_BULLET_GAP.search(gap))
        new_line = "\n" in gap or "\r" in gap
        if previous is None or item.unit.paragraph != previous.paragraph or "title" in (previous.kind, item.unit.kind) \
                or (new_line and bulleted != bullets[-1]):
            grouped.append([[item]])
            bullets.append(bulleted)
        elif new_line:
            grouped[-1].append([item])
        else:
            grouped[-1][-1].append(item)
        previous = item.unit
    return [
        Block(_block_kind(lines, bulleted), tuple(tuple(line) for line in lines))
        for lines, bulleted in zip(grouped, bullets)
    ]


def _block_kind(lines: list[list[LocalizedUnit]], bulleted: bool) -> str:
    kinds = {item.unit.kind for line in lines for item in line}
    if kinds == {"title"}:
        return "title"
    if kinds <= {"caption", "credit"}:
        return "caption"
    return "list" if bulleted else "paragraph"


def unit_direction(item: LocalizedUnit, page: str) -> str:
    """The English source is left to right; other text takes the direction most of its letters have."""
    if item.state is State.SOURCE:
        return "ltr"
    classes = [unicodedata.bidirectional(char) for char in item.text]
    ltr = sum(1 for c in classes if c in STRONG["ltr"])
    rtl = sum(1 for c in classes if c in STRONG["rtl"])
    if page == "rtl":
        return "ltr" if ltr > rtl else "rtl"
    return "rtl" if rtl > ltr else "ltr"


def direction_runs(items: Sequence[LocalizedUnit], page: str) -> list[tuple[str, list[LocalizedUnit]]]:
    """Neighbouring units of one line grouped by direction, in order: [(direction, units)]."""
    runs: list[tuple[str, list[LocalizedUnit]]] = []
    for item in items:
        direction = unit_direction(item, page)
        if runs and runs[-1][0] == direction:
            runs[-1][1].append(item)
        else:
            runs.append((direction, [item]))
    return runs


def isolation_marks(doc: LocalizedArticle, page: str) -> dict[Unit, tuple[str, str]]:
    """unit -> (before, after): LRI/RLI before the first unit of each other-direction run on a line, PDI after its last.

    A run stays inside its block, so the cells of a table row are isolated one by one, never across a pipe.
    """
    marks: dict[Unit, tuple[str, str]] = {}
    text = doc.article.text
    lines: list[list[LocalizedUnit]] = []
    for item in doc.units:
        previous = lines[-1][-1].unit if lines else None
        if previous is None or previous.paragraph != item.unit.paragraph \
                or any(ch in "\r\n" for ch in text[previous.end:item.unit.start]):
            lines.append([])
        lines[-1].append(item)
    for line in lines:
        for direction, items in direction_runs(line, page):
            if direction != page:
                first, last = items[0].unit, items[-1].unit
                marks[first] = (ISOLATE[direction], marks.get(first, ("", ""))[1])
                marks[last] = (marks.get(last, ("", ""))[0], POP_ISOLATE)
    return marks

"""Plain text: the source article byte for byte, each unit replaced by its published text.

Share links and other dropped boilerplate are left out; a unit published
without review is preceded by its marker in brackets, e.g. ``[غير مترجم] ``.
Neighbouring units in the other direction than the page's are one Unicode
isolate, so a bidi-aware viewer keeps them in order.  Plain text has no
``dir``: a viewer lays each line out in the direction of its first strong
letter outside isolates, left to right when there is none (UAX #9, P2/P3),
so a line that would be laid out against the page's direction (an Arabic
line opening with "ISF", or with filled English) opens with an RLM (LRM).
"""

from __future__ import annotations

import re
import unicodedata

from ..stages.segment import rebuild_text
from .labels import marker
from .rebuild import ISOLATE, POP_ISOLATE, STRONG, LocalizedArticle, isolation_marks

DIRECTION_MARK = {"ltr": "\u200e", "rtl": "\u200f"}   # LRM, RLM
_LINES = re.compile(r"(\r\n|\r|\n)")
_OPEN_ISOLATES = frozenset(ISOLATE.values()) | {"\u2068"}   # LRI, RLI, FSI


def render_text(doc: LocalizedArticle, *, direction: str | None = None) -> str:
    """The localized article in the source's own layout.

    With the page ``direction``, runs of units in the other direction are isolated (LRI/RLI … PDI).
    """
    published = {item.unit: item for item in doc.units}
    marks = isolation_marks(doc, direction) if direction else {}

    def render(unit) -> str:
        item = published[unit]
        label = marker(doc.lang, item.state)
        before, after = marks.get(unit, ("", ""))
        return before + (f"[{label}] {item.text}" if label else item.text) + after

    text = rebuild_text(doc.article, render)
    return _marked_lines(text, direction) if direction else text


def _marked_lines(text: str, direction: str) -> str:
    """Each line a viewer would lay out against ``direction`` opened with its direction mark.

    >>> _marked_lines("قاعدة K1\\nISF قالت", "rtl") == "قاعدة K1\\n\\u200fISF قالت"
    True
    """
    pieces = _LINES.split(text)   # even indexes: lines; odd: their line ends
    for index in range(0, len(pieces), 2):
        line = pieces[index]
        first = _first_strong(line)
        against = first not in STRONG[direction] if direction == "rtl" else first in STRONG["rtl"]
        if line.strip() and against:
            pieces[index] = DIRECTION_MARK[direction] + line
    return "".join(pieces)


def _first_strong(line: str) -> str | None:
    """The bidi class of the first strong letter outside isolates (L, R or AL), None when there is none."""
    depth = 0
    for char in line:
        if char in _OPEN_ISOLATES:
            depth += 1
        elif char == POP_ISOLATE:
            depth = max(depth - 1, 0)
        elif depth == 0 and unicodedata.bidirectional(char) in STRONG["ltr"] | STRONG["rtl"]:
            return unicodedata.bidirectional(char)
    return None

"""Plain text: the source article byte for byte, each unit replaced by its published text.

Share links and other dropped boilerplate are left out; a unit published
without review is preceded by its marker in brackets, e.g. ``[غير مترجم] ``.
Neighbouring units in the other direction than the page's are one Unicode
isolate, so a bidi-aware viewer keeps them in order.
"""

from __future__ import annotations

from ..stages.segment import rebuild_text
from .labels import marker
from .rebuild import LocalizedArticle, isolation_marks


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

    return rebuild_text(doc.article, render)

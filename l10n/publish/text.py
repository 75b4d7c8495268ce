"""Plain text: the source article byte for byte, each unit replaced by its published text.

Share links and other dropped boilerplate are left out; a unit published
without review is preceded by its marker in brackets, e.g. ``[غير مترجم] ``.
"""

from __future__ import annotations

from ..segment import rebuild_text
from .labels import marker
from .rebuild import LocalizedArticle


def render_text(doc: LocalizedArticle) -> str:
    """The localized article in the source's own layout."""
    published = {item.unit: item for item in doc.units}

    def render(unit) -> str:
        item = published[unit]
        label = marker(doc.lang, item.state)
        return f"[{label}] {item.text}" if label else item.text

    return rebuild_text(doc.article, render)

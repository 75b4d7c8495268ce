"""Markdown: the title as a heading, the caption in italics, then the paragraphs.

Every text is escaped so a CMS renders it as text: Markdown punctuation and
the characters of raw HTML (``<``, ``>``, ``&``) get a backslash (CommonMark
allows one before any ASCII punctuation), so ``<script>`` stays visible text.
Markdown carries no direction; the manifest gives each language's.
"""

from __future__ import annotations

import re

from .labels import marker
from .rebuild import Block, LocalizedArticle, LocalizedUnit, blocks

_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_BLOCK_MARK = re.compile(r"^(\s*)([-+=])")
_ORDERED_MARK = re.compile(r"^(\s*\d+)([.)])")


def escape_markdown(text: str) -> str:
    """Text that renders as itself in CommonMark/GFM, inline or at the start of a line.

    >>> print(escape_markdown("<script>alert(1)</script> *x*"))
    \\<script\\>alert(1)\\</script\\> \\*x\\*
    >>> print(escape_markdown("1. not a list"))
    1\\. not a list
    """
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _BLOCK_MARK.sub(r"\1\\\2", escaped, count=1)
    return _ORDERED_MARK.sub(r"\1\\\2", escaped, count=1)


def render_markdown(doc: LocalizedArticle, *, dateline: str = "") -> str:
    """The localized article as Markdown; ``dateline`` (already localized) goes under the title."""
    parts: list[str] = []
    for block in blocks(doc):
        parts.append(_render_block(doc.lang, block))
        if block.kind == "title" and dateline:
            parts.append(f"*{escape_markdown(dateline)}*")
    return "\n\n".join(parts) + "\n"


def _render_block(lang: str, block: Block) -> str:
    lines = [" ".join(_render_unit(lang, item) for item in line) for line in block.lines]
    if block.kind == "title":
        return "# " + " ".join(lines)
    if block.kind == "list":
        return "\n".join(f"- {line}" for line in lines)
    return "\\\n".join(lines)


def _render_unit(lang: str, item: LocalizedUnit) -> str:
    text = escape_markdown(item.text)
    if item.unit.kind == "caption":
        text = f"*{text}*"
    label = marker(lang, item.state)
    return f"**\\[{escape_markdown(label)}\\]** {text}" if label else text

"""Markdown: the title as a heading, the caption in italics, then the paragraphs.

A plain-text article's texts are escaped so a CMS renders them as text:
Markdown punctuation and the characters of raw HTML (``<``, ``>``, ``&``) get
a backslash (CommonMark allows one before any ASCII punctuation), so
``<script>`` stays visible text.

A Markdown article is published in its own structure: the source with each
unit replaced by its text (headings, quotes, lists and link definitions stay
as written).  Units carry their inline markup (``*emphasis*``,
``[text](url)``), which is kept; only raw HTML (``<``, ``>``, numeric
character references) and a block marker at the start of a unit are escaped.
Markdown carries no direction or language; the manifest gives each language's
(``direction``, ``language_tag``, ``region``).
"""

from __future__ import annotations

import re

from ..markdown_in import block_end
from ..segment import line_starts, rebuild_text
from .labels import marker
from .rebuild import Block, LocalizedArticle, LocalizedUnit, blocks, isolation_marks

_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_BLOCK_MARK = re.compile(r"^(\s*)([-+=])")
_ORDERED_MARK = re.compile(r"^(\s*\d+)([.)])")
_RAW_HTML = {"<": "&lt;", ">": "&gt;", "&#": "&amp;#"}
_RAW_HTML_RE = re.compile("|".join(map(re.escape, _RAW_HTML)))
_LEADING_MARK = re.compile(r"^(\s*)(#|=|[-+*](?=\s|$))")


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


def escape_inline_kept(text: str) -> str:
    """Text whose inline Markdown is kept but which can open no raw HTML, character reference or block.

    >>> print(escape_inline_kept("# *Hi* <b>&#x202e;[x](https://a.b)"))
    \\# *Hi* &lt;b&gt;&amp;#x202e;[x](https://a.b)
    """
    escaped = _RAW_HTML_RE.sub(lambda match: _RAW_HTML[match.group()], text)
    escaped = _LEADING_MARK.sub(r"\1\\\2", escaped, count=1)
    return _ORDERED_MARK.sub(r"\1\\\2", escaped, count=1)


def render_markdown(doc: LocalizedArticle, *, dateline: str = "", direction: str | None = None) -> str:
    """The localized article as Markdown; ``dateline`` (already localized) goes under the title.

    With the page ``direction``, runs of units in the other direction are isolated (LRI/RLI … PDI).
    """
    marks = isolation_marks(doc, direction) if direction else {}
    if doc.article.markup == "markdown":
        return _render_in_source_structure(doc, dateline, marks)
    parts: list[str] = []
    for block in blocks(doc):
        parts.append(_render_block(doc.lang, block, marks))
        if block.kind == "title" and dateline:
            parts.append(f"*{escape_markdown(dateline)}*")
    return "\n\n".join(parts) + "\n"


def _render_block(lang: str, block: Block, marks) -> str:
    lines = [" ".join(_isolated(marks, item.unit, _render_unit(lang, item)) for item in line) for line in block.lines]
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


def _isolated(marks, unit, text: str) -> str:
    before, after = marks.get(unit, ("", ""))
    return before + text + after


def _render_in_source_structure(doc: LocalizedArticle, dateline: str, marks) -> str:
    """A Markdown article: its own text, each unit replaced, the dateline after the title's block."""
    article = doc.article
    published = {item.unit: item for item in doc.units}

    def render(unit) -> str:
        item = published[unit]
        label = marker(doc.lang, item.state)
        text = escape_inline_kept(item.text)
        return _isolated(marks, unit, f"**\\[{escape_markdown(label)}\\]** {text}" if label else text)

    insert = ()
    titles = [unit for unit in article.units if unit.kind == "title"]
    if dateline and titles:
        line_break = "\r\n" if "\r\n" in article.text else "\n"
        at = block_end(article.text, line_starts(article.text), titles[0].end)
        insert = ((at, f"{line_break}{line_break}*{escape_markdown(dateline)}*"),)
    return rebuild_text(article, render, insert=insert)

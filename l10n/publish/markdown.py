"""Markdown: the title as a heading, the caption in italics, then the paragraphs.

A plain-text article's texts are escaped so a CMS renders them as text:
Markdown punctuation and the characters of raw HTML (``<``, ``>``, ``&``) get
a backslash (CommonMark allows one before any ASCII punctuation), so
``<script>`` stays visible text.

A Markdown article is published in its own structure: the source with each
unit replaced by its text (headings, quotes, lists and link definitions stay
as written).  A picture whose alt text is its reference label (``![r]``,
``![r][]``) gets the label written out (``![translated][r]``), so it still
names its definition.  Units carry their inline markup (``*emphasis*``,
``[text](url)``), which is kept; only raw HTML (``<``, ``>``, numeric
character references) and a block marker at the start of a unit are escaped,
and so is a pipe in a table cell's text, which would open a column.
Markdown carries no direction or language; the manifest gives each language's
(``direction``, ``language_tag``, ``region``).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from ..stages.markdown_in import AUTOLINK_EMAIL, CODE_SPAN, TABLE_PIPE, block_end, front_matter, image_spans
from ..stages.segment import line_starts, rebuild_text
from .labels import marker
from .rebuild import Block, LocalizedArticle, LocalizedUnit, blocks, isolation_marks

_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_BLOCK_MARK = re.compile(r"^(\s*)([-+=])")
_ORDERED_MARK = re.compile(r"^(\s*\d+)([.)])")
_RAW_HTML = {"<": "&lt;", ">": "&gt;", "&#": "&amp;#"}
# A web or mail autolink (``<https://…>``, ``<desk@example.com>``) is a link and opens no HTML: it is kept.
_AUTOLINK = rf"<(?:https?|mailto):[^<>\x00-\x20]*>|{AUTOLINK_EMAIL}"
_RAW_HTML_RE = re.compile(f"(?P<autolink>{_AUTOLINK})|" + "|".join(map(re.escape, _RAW_HTML)), re.IGNORECASE)
_LEADING_MARK = re.compile(r"^(\s*)(#|=|[-+*](?=\s|$))")
_CODE_SPAN = re.compile(CODE_SPAN, re.DOTALL)
_IMAGE_TEXT = re.compile(r"([\"'()])")
_ANGLE_DESTINATION = re.compile(r"(\]\([ \t]*)<([^<>\n\\]*)>")
_LINE_END = re.compile(r"\r?\n")
_TABLE_PIPE = re.compile(TABLE_PIPE)
_BARE_DESTINATION = str.maketrans({" ": "%20", "\t": "%09", "(": "%28", ")": "%29"})


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

    A code span is literal in CommonMark (no HTML opens there), so it is left as written.  A link
    address written in angle brackets (``[x](<a b.pdf>)``, for spaces) is written bare with its
    spaces and brackets percent-encoded, the address markdown-it makes of it, so the link survives
    without a ``<`` that could open HTML.  A web or mail autolink (``<https://a.b/x>``) is kept too.

    >>> print(escape_inline_kept("# *Hi* <b>&#x202e;[x](https://a.b) `a<b`"))
    \\# *Hi* &lt;b&gt;&amp;#x202e;[x](https://a.b) `a<b`
    >>> print(escape_inline_kept("[the plan](<https://a.b/the plan (2).pdf> 'Plan')"))
    [the plan](https://a.b/the%20plan%20%282%29.pdf 'Plan')
    """
    pieces = _CODE_SPAN.split(text)  # odd indexes: the code spans' backtick runs and contents
    escaped = "".join(
        _RAW_HTML_RE.sub(_without_raw_html, _bare_destinations(piece)) if index % 3 == 0
        else piece + (pieces[index + 1] + piece if index % 3 == 1 else "")
        for index, piece in enumerate(pieces) if index % 3 != 2
    )
    escaped = _LEADING_MARK.sub(r"\1\\\2", escaped, count=1)
    return _ORDERED_MARK.sub(r"\1\\\2", escaped, count=1)


def _without_raw_html(match: re.Match) -> str:
    return match.group() if match.group("autolink") else _RAW_HTML[match.group()]


def _bare_destinations(text: str) -> str:
    return _ANGLE_DESTINATION.sub(lambda match: match.group(1) + match.group(2).translate(_BARE_DESTINATION), text)


def escape_image_text(text: str) -> str:
    """An image's alt text or title as plain text that cannot close ``![…]`` or its quoted title.

    >>> print(escape_image_text('Sala "A" [1]'))
    Sala \\"A\\" \\[1\\]
    """
    return _IMAGE_TEXT.sub(r"\\\1", escape_markdown(text))


def yaml_title(text: str, quote: str) -> str:
    """A front matter title value, for the quoting the source used ('"', "'" or none).

    >>> print(yaml_title('Kirkuk: "open"', ""))
    "Kirkuk: \\"open\\""
    >>> print(yaml_title("Erbil's day", "'"))
    Erbil''s day
    """
    if quote == "'":
        return text.replace("'", "''")
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return quoted[1:-1] if quote == '"' else quoted


def render_markdown(doc: LocalizedArticle, *, dateline: str = "", note: str = "", direction: str | None = None) -> str:
    """The localized article as Markdown; ``dateline`` (already localized) and the reader ``note`` go under the title.

    With the page ``direction``, runs of units in the other direction are isolated (LRI/RLI … PDI).
    """
    words = replace(doc, units=tuple(item for item in doc.units if item.unit.kind != "image"))  # no isolate in ![…]
    marks = isolation_marks(words, direction) if direction else {}
    under_title = [f"*{escape_markdown(line)}*" for line in (dateline, note) if line]
    if doc.article.markup == "markdown":
        return _render_in_source_structure(doc, under_title, marks)
    parts: list[str] = []
    for block in blocks(doc):
        parts.append(_render_block(doc.lang, block, marks))
        if block.kind == "title":
            parts += under_title
    line_break = "\r\n" if "\r\n" in doc.article.text else "\n"  # the article's own line ends, as the .txt keeps them
    return _LINE_END.sub(line_break, "\n\n".join(parts) + "\n")


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


def _render_in_source_structure(doc: LocalizedArticle, under_title: list[str], marks) -> str:
    """A Markdown article: its own text, each unit replaced, the dateline and note (Markdown) after the title's block."""
    article = doc.article
    published = {item.unit: item for item in doc.units}

    metadata_end, _ = front_matter(article.text)
    # ![r] and ![r][]: the alt text is the label, so a translated one must name it itself
    labelled = {image.start("alt"): image for image in image_spans(article.text, metadata_end, len(article.text))
                if not image.group("inline") and not image.group("ref")}

    def render(unit) -> str:
        item = published[unit]
        if unit.start < metadata_end:  # the front matter's title: YAML, and no marker inside it
            return yaml_title(item.text, article.text[unit.start - 1])
        label = marker(doc.lang, item.state)
        text = escape_image_text(item.text) if unit.kind == "image" else escape_inline_kept(item.text)
        if unit.kind == "image" and unit.start in labelled:
            text += "][" + labelled[unit.start].group("alt")
        if unit.kind == "table cell":
            text = _TABLE_PIPE.sub(r"\\|", text)
        return _isolated(marks, unit, f"**\\[{escape_markdown(label)}\\]** {text}" if label and unit.kind != "image" else text)

    edits = [(image.end() - 2, image.end(), "") for image in labelled.values()   # the "[]" the label now fills
             if image.group("ref") == "" and any(unit.start == image.start("alt") for unit in article.units)]
    titles = [unit for unit in article.units if unit.kind == "title"]
    if under_title and titles:
        line_break = "\r\n" if "\r\n" in article.text else "\n"
        shown = (line_break * 2).join(under_title)
        if titles[0].start < metadata_end:
            edits.append((metadata_end, metadata_end, f"{shown}{line_break}{line_break}"))
        else:
            at = block_end(article.text, line_starts(article.text), titles[0].end)
            edits.append((at, at, f"{line_break}{line_break}{shown}"))
    return rebuild_text(article, render, edits=edits)

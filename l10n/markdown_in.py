"""Markdown articles: where the words are, by markdown-it-py's CommonMark parser; pure, no I/O.

The structure (``#`` headings, ``>`` quotes, list markers, code, link
reference definitions) is layout that stays in the article text between
units, as blank lines do in plain text.  Only the text of inline tokens
(headings, paragraphs, list items, quoted paragraphs) is for translation,
and it is located line by line in the source, so every unit still indexes
``Article.text`` exactly.  Inline markup (``*emphasis*``, ``[text](url)``)
stays inside the unit: translators keep it as they keep punctuation.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

SUFFIXES = (".md", ".markdown")


@cache
def parser():
    """CommonMark with raw HTML off: a pasted ``<script>`` is text, never markup."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def is_markdown(source_path: str) -> bool:
    return source_path.lower().endswith(SUFFIXES)


def inline_blocks(text: str, line_starts: list[int]) -> Iterator[list[tuple[int, int]]]:
    """One block per inline token: the (start, end) spans of its text on each source line.

    >>> text = "# A *school*\\n\\n> Quoted. Twice.\\n\\n- one\\n"
    >>> starts = [0, 13, 14, 32, 33]
    >>> [[text[s:e] for s, e in block] for block in inline_blocks(text, starts)]
    [['A *school*'], ['Quoted. Twice.'], ['one']]
    """
    for token in parser().parse(text):
        if token.type != "inline" or not token.map:
            continue
        first, _last = token.map
        block = []
        for index, content in enumerate(token.content.split("\n")):
            if first + index < len(line_starts):
                span = _locate(text, line_starts, first + index, content.strip())
                if span:
                    block.append(span)
        if block:
            yield block


def block_end(text: str, line_starts: list[int], offset: int) -> int:
    """Where the top-level block holding ``offset`` ends (before its last line break)."""
    import bisect

    line = bisect.bisect_right(line_starts, offset) - 1
    for token in parser().parse(text):
        if token.level == 0 and token.map and token.map[0] <= line < token.map[1]:
            last = token.map[1] - 1
            end = line_starts[last + 1] if last + 1 < len(line_starts) else len(text)
            return len(text[:end].rstrip("\r\n")) if end > offset else offset
    return offset


def _locate(text: str, line_starts: list[int], line: int, content: str) -> tuple[int, int] | None:
    """The span of ``content`` (an inline token's line, markers stripped) in its source line."""
    if not content:
        return None
    start = line_starts[line]
    end = line_starts[line + 1] if line + 1 < len(line_starts) else len(text)
    source = text[start:end].rstrip("\r\n")
    trimmed = source.rstrip()
    at = len(trimmed) - len(content) if trimmed.endswith(content) else source.find(content)
    if at < 0:  # tabs expanded or a marker inside: take the line's words after its markers
        at = len(source) - len(source.lstrip(" \t>#-+*0123456789.)"))
        content = source[at:].strip()
        if not content:
            return None
    return start + at, start + at + len(content)

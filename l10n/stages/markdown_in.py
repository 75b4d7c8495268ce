"""Markdown articles: where the words are, by markdown-it-py's CommonMark parser; pure, no I/O.

The structure (``#`` headings, ``>`` quotes, list markers, code, link
reference definitions) is layout that stays in the article text between
units, as blank lines do in plain text.  Only the text of inline tokens
(headings, paragraphs, list items, quoted paragraphs) is for translation,
and it is located line by line in the source, so every unit still indexes
``Article.text`` exactly.  Each block says its role (heading, list item,
quote, paragraph).  Inline markup (``*emphasis*``, ``[text](url)``) stays
inside the unit: translators keep it as they keep punctuation.  Images are
the exception: ``![alt](src "title")`` is layout around two units, the alt
text and the title (role ``image``), so the picture survives translation.
A picture by reference (``![alt][r]``, ``![r][]``, ``![r]``) is the same: its
alt text is a unit where it stands, and the title of the definition it takes
(``[r]: src "title"``, the label's first) is a unit where the definition
stands, once however many pictures use it (``picture_titles``).

GFM tables are read too (markdown-it's ``table`` rule; everything else is
CommonMark): each cell is a block of its own (role ``table cell``), located by
splitting its row on unescaped pipes as the rule does, so pipes, the alignment
row and a cell's padding stay layout.  A cell past the header's count, which
GFM leaves out of the row, is a block too: its copy is translated all the same.

Footnotes (mdit-py-plugins' footnote rule, kept where they are written): a
definition's ``[^label]:`` is layout and its paragraphs are blocks of role
``footnote``; a reference ``[^label]`` stays inside its sentence.  An inline
note ``^[text]`` is cut out of its sentence as a picture is: ``^[`` and ``]``
are layout and its text is the block's ``notes`` (units of role ``footnote``); one
written over a line break is not cut out and stays text in its sentence, the
paragraph's other notes cut out all the same (``_note_holes``).  For the
catalog and QA a reference is a label the translation must keep, as a
reference link's is: ``defined_labels`` gives ``^label`` for each definition.

YAML front matter (``---`` … ``---`` at the very start) is metadata, never
body text: it stays layout, except the value of ``title:``, the article's
title.  The parser sees it as blank lines, so line numbers do not move.

Link reference definitions (``[r]: url``) are what make ``[r]``, ``[text][]``
and ``[text][r]`` links: ``defined_labels`` reads them from the article and
``reference_links`` finds the links a unit makes with them, so QA can tell a
label the translation must keep from brackets that are only text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache

SUFFIXES = (".md", ".markdown")
#: The address ``reference_links`` gives each label it asks markdown-it about; no real address starts with NUL.
_LABEL_MARK = "\x00label:"


@cache
def parser():
    """CommonMark with raw HTML off (a pasted ``<script>`` is text, never markup), GFM tables and footnotes (``^[inline]`` too)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin, inline=True, move_to_end=False)


def is_markdown(source_path: str) -> bool:
    return source_path.lower().endswith(SUFFIXES)


ROLES = {"heading_open": "heading", "list_item_open": "list item", "blockquote_open": "quote",
         "th_open": "table cell", "td_open": "table cell", "footnote_reference_open": "footnote"}

# A code span (spec 6.1: a backtick run closed by one as long; compile with DOTALL), groups: the run, the contents.
CODE_SPAN = r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)"
# CommonMark's autolinks (spec 6.5), as patterns to compose: ``<scheme:…>`` and ``<local@domain>``.
AUTOLINK_URI = r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>"
AUTOLINK_EMAIL = (r"<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                  r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>")

# A footnote reference (``[^1]``, ``[^source]``): its label has no space or line break.
FOOTNOTE_REFERENCE = r"\[\^[^\]\s]+\]"
# A pipe that separates table cells: GFM reads one after a backslash as the character itself.
TABLE_PIPE = r"(?<!\\)\|"

_FRONT_MATTER = re.compile(r"\A---[ \t]*(\r\n|\r|\n)(?P<body>.*?)(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.DOTALL)
_TITLE_LINE = re.compile(r"^title[ \t]*:[ \t]*(?P<quote>[\"']?)(?P<value>[^\r\n]*?)(?P=quote)[ \t]*(?=\r\n|\r|\n|\Z)", re.MULTILINE)
_TABLE_PIPE = re.compile(TABLE_PIPE)
_ROW_PREFIX = re.compile(r"[ \t>]*")   # a table row's indentation and quote markers
_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\\\r\n]|\\.)*)\]"
    r"(?:(?P<inline>\(\s*(?:<[^<>\r\n]*>|[^\s()]+)(?:\s+(?P<q>[\"'])(?P<title>(?:(?!(?P=q))[^\\\r\n]|\\.)*)(?P=q))?\s*\))"
    r"|\[(?P<ref>[^\[\]\r\n]*)\])?"
)
# The title that ends a link reference definition, in any of its three quotings.
_DEFINITION_TITLE = re.compile(
    r"(?:\"(?P<double>(?:[^\"\\]|\\.)*)\"|'(?P<single>(?:[^'\\]|\\.)*)'|\((?P<paren>(?:[^()\\]|\\.)*)\))[ \t]*\Z"
)


@dataclass(frozen=True, slots=True)
class MarkdownBlock:
    """One inline token's text: its role, its spans per source line (images cut out) and its images' text spans.

    ``markers`` are the quote markers of its continuation lines (``> `` before "school would reopen."): the
    token's text runs on across them, so a sentence may span them, though they are layout, not words.
    """

    role: str                           # "paragraph" | "heading" | "list item" | "quote" | "table cell" | "footnote"
    lines: list[tuple[int, int]]
    images: list[tuple[int, int]]       # alt texts and titles, in order
    image_only: bool = False            # the block is pictures and nothing else (a caption may follow)
    markers: tuple[tuple[int, int], ...] = ()   # (start, end) of each continuation line's prefix holding a ">"
    notes: tuple[tuple[int, int], ...] = ()     # the text of each inline note (``^[text]``), cut out of ``lines``


def front_matter(text: str) -> tuple[int, tuple[int, int] | None]:
    """(where YAML front matter ends, the span of its ``title:`` value), or (0, None) without one.

    >>> text = "---\\ntitle: 'Council meets'\\nauthor: J. Doe\\n---\\n# Hi\\n"
    >>> end, (start, stop) = front_matter(text)
    >>> text[start:stop], text[end:]
    ('Council meets', '# Hi\\n')
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0, None
    title = _TITLE_LINE.search(text, match.start("body"), match.end("body"))
    span = (title.start("value"), title.end("value")) if title and title.group("value").strip() else None
    return match.end(), span


def without_front_matter(text: str) -> str:
    """``text`` with its front matter blanked (line breaks kept), for the parser: metadata is never body."""
    end, _ = front_matter(text)
    return "".join(char if char in "\r\n" else " " for char in text[:end]) + text[end:]


def link_label(label: str) -> str:
    """A reference label as CommonMark matches it: case and runs of whitespace do not count.

    >>> link_label(" The\\n  Report ")
    'the report'
    """
    return " ".join(label.split()).casefold()


def defined_labels(text: str) -> frozenset[str]:
    """The labels (``link_label``) the article's link reference definitions define: ``[The Report]: url`` -> 'the report';
    and each footnote's, with its caret: ``[^1]: text`` -> '^1' (``[^1]`` is then a link for ``reference_links``).

    >>> sorted(defined_labels("Read [r].[^1]\\n\\n[R]: https://example.com/r\\n[The  Annex]: annex.pdf\\n\\n[^1]: Note.\\n"))
    ['^1', 'r', 'the annex']
    """
    env: dict = {}
    parser().parse(without_front_matter(text), env)
    footnotes = [f"^{key[1:]}" for key in env.get("footnotes", {}).get("refs", {})]   # keyed ":label"
    return frozenset(link_label(label) for label in [*env.get("references", {}), *footnotes])


def reference_links(text: str, labels: Collection[str]) -> list[str]:
    """The labels of the links ``text`` makes when ``labels`` are defined: full ``[t][r]``, collapsed ``[r][]``, shortcut ``[r]``.

    markdown-it decides, so brackets in a code span, escaped, or naming no defined label are text.

    >>> reference_links("Read [the Report], [it][r] and `[r]`; [sic].", ["the report", "r"])
    ['the report', 'r']
    """
    from markdown_it.common.utils import normalizeReference

    known = sorted({link_label(label) for label in labels})
    if not known:
        return []
    env = {"references": {normalizeReference(label): {"href": f"{_LABEL_MARK}{index}", "title": ""}
                          for index, label in enumerate(known)}}
    tokens = parser().parseInline(text, env)[0].children or []
    hrefs = [token.attrGet("href") or "" for token in tokens if token.type == "link_open"]
    return [known[int(href[len(_LABEL_MARK):])] for href in hrefs if href.startswith(_LABEL_MARK)]


def image_spans(text: str, start: int, end: int) -> list[re.Match]:
    """The images written in ``text[start:end]``, as matches of ``_IMAGE``: groups ``alt``, ``title`` and ``inline``
    (``(src "title")``) for an inline one, ``ref`` for a full (``[r]``) or collapsed (``''``) reference."""
    return list(_IMAGE.finditer(text, start, end))


def image_label(image: re.Match) -> str | None:
    """The reference label (``normalizeReference``'d, as markdown-it keys definitions) an image names; None if inline.

    >>> [image_label(image) for image in image_spans("![a](x.jpg) ![Map][M 1] ![The  hall][] ![Hall]", 0, 99)]
    [None, 'M 1', 'THE HALL', 'HALL']
    """
    from markdown_it.common.utils import normalizeReference

    return None if image.group("inline") else normalizeReference(image.group("ref") or image.group("alt"))


def picture_titles(text: str, line_starts: list[int], tokens, env: dict) -> dict[str, tuple[int, int]]:
    """label -> span of the title in its definition, for each definition a picture takes its title from.

    ``tokens`` and ``env`` are markdown-it's parse of ``text``.  A definition counts when it is its label's
    first (the one CommonMark uses) and a picture shows its address and title; its title is found where the
    definition ends and must read as markdown-it read it, else it stays layout.

    >>> text = "![Map][m]\\n\\n[m]: map.png\\n  'The old city'\\n[r]: report.pdf 'Report'\\n"
    >>> env, starts = {}, [0] + [index + 1 for index, char in enumerate(text) if char == "\\n"]
    >>> tokens = parser().parse(text, env)
    >>> [text[start:end] for start, end in picture_titles(text, starts, tokens, env).values()]
    ['The old city']
    """
    from markdown_it.common.utils import unescapeAll

    shown = {(child.attrGet("src"), child.attrGet("title")) for token in tokens for child in token.children or ()
             if child.type == "image"}
    titles = {}
    for label, definition in env.get("references", {}).items():
        first, last = definition["map"]
        if not definition["title"] or (definition["href"], definition["title"]) not in shown:
            continue
        end = line_starts[last] if last < len(line_starts) else len(text)
        title = _DEFINITION_TITLE.search(text, line_starts[first], len(text[:end].rstrip()))
        group = next((name for name in ("double", "single", "paren") if title and title.group(name) is not None), None)
        if group and unescapeAll(title.group(group)) == definition["title"] and title.group(group).strip():
            start, stop = title.span(group)
            raw = text[start:stop]
            titles[label] = (start + len(raw) - len(raw.lstrip()), start + len(raw.rstrip()))
    return titles


def inline_blocks(text: str, line_starts: list[int]) -> Iterator[MarkdownBlock]:
    """One block per inline token: its role, the (start, end) spans of its text on each source line, its images.

    Text beside a picture keeps its spaces; segmentation trims every line's content.  The prefix markdown-it
    strips from a continuation line is a marker when it holds a quote's ``>``; list indentation is whitespace.

    >>> text = "# A *school*\\n\\n> Quoted. Twice.\\n\\n- one ![Map](m.png)\\n"
    >>> starts = [0, 13, 14, 32, 33]
    >>> [(b.role, [text[s:e] for s, e in b.lines], [text[s:e] for s, e in b.images]) for b in inline_blocks(text, starts)]
    [('heading', ['A *school*'], []), ('quote', ['Quoted. Twice.'], []), ('list item', ['one '], ['Map'])]
    >>> text = "> Quoted\\n> twice.\\n"
    >>> [[text[s:e] for s, e in b.markers] for b in inline_blocks(text, [0, 9, 18])]
    [['> ']]
    """
    containers: list[str] = []
    cells: list[tuple[int, int]] = []   # the current table row's cells, taken in order
    env: dict = {}
    tokens = parser().parse(without_front_matter(text), env)
    titles = sorted(picture_titles(text, line_starts, tokens, env).values())   # each a block of its own, in place
    for token in tokens:
        if token.nesting == 1:
            containers.append(ROLES.get(token.type, ""))
        elif token.nesting == -1:
            containers.pop()
        if token.type == "tr_open" and token.map:
            cells = table_cells(text, line_starts, token.map[0])
        if token.type == "tr_close":   # cells past the header's count: GFM shows none, but their copy is translated
            yield from (_extra_cell(text, cell) for cell in cells if cell[0] < cell[1])
            cells = []
        if token.type != "inline" or not token.map:
            continue
        first, _last = token.map
        while titles and titles[0][0] < line_starts[first]:
            yield MarkdownBlock("paragraph", [], [titles.pop(0)])
        role = next((r for r in reversed(containers) if r), "paragraph")
        expected = sum(child.type == "image" for child in token.children or ())
        notes = [env["footnotes"]["list"][child.meta["id"]]["content"] for child in token.children or ()
                 if child.type == "footnote_ref" and "label" not in child.meta]
        lines, images, markers = [], [], []
        if role == "table cell":
            cell = cells.pop(0) if cells else (0, 0)
            if cell[0] < cell[1] and text[cell[0]:cell[1]].replace("\\|", "|") == token.content.strip():
                lines.append(cell)   # else a cell the row's split cannot place (a list marker before it): layout
        for index, content in enumerate(token.content.split("\n") if role != "table cell" else ()):
            if first + index < len(line_starts):
                span = _locate(text, line_starts, first + index, content.strip())
                if span:
                    lines.append(span)
                    if index and ">" in text[line_starts[first + index]:span[0]]:
                        markers.append((line_starts[first + index], span[0]))
        if expected or notes:
            lines, images, notes = _cut_inline(text, lines, expected, notes)
        if lines or images or notes:
            yield MarkdownBlock(role, lines, images, image_only=bool(images) and not lines and not notes,
                                markers=tuple(markers), notes=tuple(notes))
    yield from (MarkdownBlock("paragraph", [], [title]) for title in titles)


def _extra_cell(text: str, cell: tuple[int, int]) -> MarkdownBlock:
    """A cell markdown-it leaves out of its row (past the header's count), read as a cell: its pictures cut out."""
    lines, images, _notes = _cut_inline(text, [cell], len(image_spans(text, *cell)), [])
    return MarkdownBlock("table cell", lines, images, image_only=bool(images) and not lines)


def table_cells(text: str, line_starts: list[int], line: int) -> list[tuple[int, int]]:
    """The spans of a table row's cells (each trimmed), split as GFM splits it: at pipes not after a backslash.

    A pipe opening or closing the row is no cell's edge of its own; a quote's ``>`` before the row is layout.

    >>> text = "> | Party |Seats| a \\\\| b |\\n"
    >>> [text[start:end] for start, end in table_cells(text, [0], 0)]
    ['Party', 'Seats', 'a \\\\| b']
    """
    start = line_starts[line]
    end = line_starts[line + 1] if line + 1 < len(line_starts) else len(text)
    start = _ROW_PREFIX.match(text, start, end).end()
    end = start + len(text[start:end].rstrip())
    edges = [start - 1, *(pipe.start() for pipe in _TABLE_PIPE.finditer(text, start, end)), end]
    pieces = [(left + 1, right) for left, right in zip(edges, edges[1:])]
    if len(pieces) > 1 and pieces[0][0] == pieces[0][1]:
        pieces.pop(0)
    if len(pieces) > 1 and pieces[-1][0] == pieces[-1][1]:
        pieces.pop()
    return [(left + len(text[left:right]) - len(text[left:right].lstrip()), left + len(text[left:right].rstrip()))
            for left, right in pieces]


def _cut_inline(text: str, lines: list[tuple[int, int]], expected: int, notes: list[str]):
    """Line spans with images and inline notes cut out, the images' alt and title spans, the notes' text spans.

    Images are cut when all ``expected`` are found, a note when its text (``notes``, in order) is found on one
    line as ``^[text]``; what is not cut stays in its sentence, as written.
    """
    holes = []   # (start, end) of each picture or note, and the spans of its text
    found = [image for span in lines for image in image_spans(text, *span)]
    images_found = len(found) == expected
    if images_found:
        holes += [(image.start(), image.end(), [image.span(name) for name in ("alt", "title")
                                                if image.group(name) and image.group(name).strip()]) for image in found]
    note_holes = _note_holes(text, lines, notes)
    holes += [(start, end, [span]) for start, end, span in note_holes
              if not any(other < end and start < other_end for other, other_end, _ in holes)]
    if not holes:
        return lines, [], []
    holes.sort()
    pieces, images, texts = [], [], []
    for start, end in lines:
        position = start
        for hole_start, hole_end, spans in holes:
            if start <= hole_start and hole_end <= end:
                pieces.append((position, hole_start))
                (texts if text.startswith("^[", hole_start) else images).extend(spans)
                position = hole_end
        pieces.append((position, end))
    return [(start, end) for start, end in pieces if text[start:end].strip()], images, [
        span for span in texts if span[0] < span[1]]


def _note_holes(text: str, lines: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, text span) of each inline note ``^[text]`` found on one of the lines, in order.

    A note not written on one line (it runs over a line break) is not found: it stays in its sentence.
    """
    holes, index, position = [], 0, lines[0][0] if lines else 0
    for content in notes:
        needle = f"^[{content}]"
        at = next(((line, found) for line in range(index, len(lines))
                   if (found := text.find(needle, max(position, lines[line][0]), lines[line][1])) >= 0), None)
        if at is None:
            continue
        index, start = at
        position = start + len(needle)
        inner = text[start + 2:position - 1]
        holes.append((start, position, (start + 2 + len(inner) - len(inner.lstrip()), start + 2 + len(inner.rstrip()))))
    return holes


def block_end(text: str, line_starts: list[int], offset: int) -> int:
    """Where the top-level block holding ``offset`` ends (before its last line break)."""
    import bisect

    line = bisect.bisect_right(line_starts, offset) - 1
    for token in parser().parse(without_front_matter(text)):
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

"""Article text -> Article of Units (title, caption, credit, byline, body sentences); pure, no I/O.

Layout rules (one article = blocks separated by blank lines; a line break is
``\\r\\n``, ``\\r`` or ``\\n``):

* ``title``: the first non-blank line of the article, with the lines a wrap
  carried it onto (``_title_lines``).
* ``caption``/``credit``: the first block after the title (and any bylines)
  is a photo caption when it is short (at most ``MAX_CAPTION_CHARS``) and
  contains a credit marker (``Photo:``, ``Photo credit``, ``Photo by``,
  ``(Photo``, ``Image:``, ``Credit:``, ``Courtesy of``, ``File photo``).  The
  credit runs from the first marker to the end of the block; the text before
  it, if any, is the caption.  Neither is split into sentences.
* ``byline``: a short line starting with a byline marker of the boilerplate
  list ("By Jane Doe") that does not end like a sentence; a unit of its own.
* ``body``: every other line, split into sentences by pySBD plus a news layer.
  Bullet lines (``•``, ``-``, ``*`` followed by a space) are units of their
  own; the bullet itself is layout, kept between units like whitespace.  A
  line break inside a block is a boundary unless it only wraps a sentence
  (``_line_joins``): the next line starts with a lowercase letter, or the line
  before ends mid-sentence and is long, ends on a word such as "the", or is as
  full as the block's other lines, whatever width the block was wrapped at.
* Boilerplate (``boilerplate.py``: the shipped list plus the project's) is
  not translated but recorded in ``Article.dropped``: share bars and lines
  such as "Related: …", on their own line or glued to the start or end of a
  line of copy; bylines and credits too when the desk's list says ``drop``.

A Markdown article (``.md``) is read by markdown-it-py (``markdown_in.py``):
the same rules apply to the text of its headings, paragraphs, quotes and list
items, whose lines are soft-wrapped; its markers are layout.  A sentence of a
quote may span its lines: the ``>`` opening the lines it continues on
(``Article.markers``) are left out of its source.  A table cell is data: its
sentences are units (kind ``table cell``), never a title, caption, byline or
boilerplate, and a cell of figures alone (no letter, no picture) stays layout.

Every unit's ``source`` is ``text[start:end]`` (less those markers) with no
surrounding whitespace or invisible format characters (``core.blank``: a line
of zero-width spaces is a blank line), and every other character is layout or
in a dropped span, so ``rebuild_text`` gives the article back byte for byte.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from ..core.blank import is_blank, is_blank_char
from ..core.records import Article, Span, Unit
from . import markdown_in
from .boilerplate import Boilerplate, default_boilerplate

MAX_CAPTION_CHARS = 400
MAX_BYLINE_CHARS = 120
MAX_GLUED_BAR_CHARS = 400  # a share bar glued to a line's end is searched for in this many last characters
CHUNK_CHARS = 1500      # pySBD sees at most about this much text at once, so cost stays linear
MAX_CHUNK_CHARS = 4000  # beyond this, a chunk is cut at any whitespace

#: The unit kind of a Markdown block's body text, by the block's role.
BODY_KINDS = {"heading": "heading", "list item": "list item", "quote": "quote", "paragraph": "body", "table cell": "table cell",
              "footnote": "footnote"}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_KEPT = re.compile(r"(\r\n|\r|\n)")
_BULLET = re.compile(r"[^\S\r\n]*[•*\-][^\S\r\n]+(?=\S)")
_HARD_SEPARATOR = re.compile(r"[|·•]")
_LINK_ONLY = re.compile(r"(?:\[[^\]\r\n]*\]\([^()\s]*\)|<?(?:https?://|www\.)\S+?>?)[^\S\r\n]*")
_SENTENCE_END_BEFORE = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_GLUED_LINE_MARKER = re.compile(r"(?<=[.!?\"'”’)\]])\s+(?=\S)")
_CREDIT_MARKER = re.compile(
    r"\(photo\b|\b(?:photo\s*(?:credit|by)\b|photo\s*:|image(?:\s*credit)?\s*:|credit\s*:|courtesy\s+of\b|file\s+photo\b)",
    re.IGNORECASE,
)
_URL_OR_EMAIL = re.compile(
    r"\b(?:https?://|ftp://|www\.)[^\s<>\"“”‘’]+|(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\"’”»"
_WHITESPACE = re.compile(r"\s+")
# A likely sentence end, used to pre-split huge runs and when pySBD's spans cannot be trusted:
# terminal punctuation, optional closing quotes/brackets, whitespace, then a capital, digit or opening quote.
_HARD_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_NOT_A_SENTENCE_END = re.compile(
    r"(?:\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Prof|Sen|Rep|Gov|St|No|Nos|Vol|vs|etc|Inc|Ltd|Co|Jr|Sr)"
    r"|\b(?:[A-Za-z]\.)+[A-Za-z])\.[\"'”’)\]]*$"
)
# The lowercase rest of a sentence: a word of two letters or more, not hyphenated, and whether a capitalised word follows.
_LOWERCASE_REST = re.compile(r"([a-z]{2,})(?=[\s.,;:]|$)(\.?\s+[A-Z])?")
# An abbreviation that stands before a number and never ends a sentence ("approx. 300 families", "est. 2 million").
_BEFORE_A_NUMBER = re.compile(r"\b(?:[Aa]pprox|est|ca)\.$")
_FOOTNOTE_REFERENCES = re.compile(f"(?:{markdown_in.FOOTNOTE_REFERENCE})+")
_MERIDIEM_LETTER_END = re.compile(r"\b[ap]\.$", re.IGNORECASE)
_MERIDIEM_LETTER_REST = re.compile(r"m\.", re.IGNORECASE)
_MERIDIEM_END = re.compile(r"\b[ap]\.\s?m\.$", re.IGNORECASE)
# What continues a sentence after "a.m."/"p.m.": a lowercase word, a weekday, a time zone, "Baghdad time".
_MERIDIEM_TAIL = re.compile(
    r"[a-z]|(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|GMT|UTC|EST|EDT|CET|CEST|AST|ET|PT|[A-Z][a-z]+ time)\b"
)


def segment_article(text: str, *, slug: str, source_path: str, boilerplate: Boilerplate | None = None) -> Article:
    """Split an article into ordered units whose offsets index ``text``.

    ``boilerplate`` is the desk's list (``boilerplate.load_boilerplate``); None uses the shipped one.

    >>> article = segment_article("Title\\n\\nOne. Two.\\n• FB", slug="t", source_path="t.txt")
    >>> [(u.kind, u.source) for u in article.units]
    [('title', 'Title'), ('body', 'One.'), ('body', 'Two.')]
    >>> [text for text in (article.text[s.start:s.end] for s in article.dropped)]
    ['• FB']
    """
    rules = boilerplate or default_boilerplate()
    starts = line_starts(text)
    if markdown_in.is_markdown(source_path):
        blocks = list(markdown_in.inline_blocks(text, starts))
        markers = tuple(Span(start, end, "quote marker") for block in blocks for start, end in block.markers)
        return _segment_blocks(text, starts, blocks, rules, "markdown", markers, slug=slug, source_path=source_path)
    blocks = [markdown_in.MarkdownBlock("paragraph", lines, []) for lines in _blocks(text, starts)]
    return _segment_blocks(text, starts, blocks, rules, "text", (), slug=slug, source_path=source_path)


def _segment_blocks(text, starts, blocks, rules: Boilerplate, markup: str, markers: tuple[Span, ...], **names) -> Article:
    """Units and dropped spans of blocks: the title, a caption, bylines, body sentences, and Markdown's roles.

    In Markdown a paragraph's lines are soft-wrapped: a line continues the one
    before whatever its first letter; a block's role (heading, list item, quote)
    is its units' kind, images are units of kind ``image``, a front matter
    ``title:`` is the title, and a caption may follow any picture.  A quote's
    ``markers`` are read as spaces, so its lines run on as a paragraph's do, and
    left out of the sources of the units they fall in.
    """
    units: list[Unit] = []
    dropped: list[Span] = []
    title_paragraph: int | None = None
    may_caption = False
    listing = False
    view = _blanked(text, markers)

    def add(kind: str, start: int, end: int, paragraph: int) -> None:
        if kind in rules.dropped_kinds:
            dropped.append(Span(start, end, reason=kind))
            return
        line = bisect.bisect_right(starts, start)
        units.append(Unit(kind, _without(text, start, end, markers), start, end, paragraph, line))

    if markup == "markdown" and (title := markdown_in.front_matter(view)[1]) is not None:
        add("title", *title, 0)
        title_paragraph, may_caption = -1, True
    for paragraph, block in enumerate(blocks):
        first_unit = len(units)
        for start, end in block.images:
            add("image", start, end, paragraph)
        for note in block.notes:   # an inline note, its sentences units of their own
            for start, end in split_sentences(view, *note):
                add("footnote", start, end, paragraph)
        if block.image_only:
            may_caption = True
            continue
        if block.role == "table cell":
            may_caption = False
            if block.images or any(char.isalpha() for start, end in block.lines for char in view[start:end]):
                regions = [(*_strip_span(view, start, end), "line") for start, end in block.lines]
                _segment_block(view, regions, block, paragraph, add, 0, False, markup)
            units[first_unit:] = sorted(units[first_unit:], key=lambda unit: unit.start)
            continue
        regions, listing = _regions(view, block.lines, dropped, rules, listing)
        if not regions:
            continue
        # a caption under a picture that opens the article comes before the title
        title_lines = _title_lines(view, regions, soft_wrap=markup == "markdown") \
            if title_paragraph is None and not (may_caption and _block_caption(view, regions, block)) else 0
        _segment_block(view, regions, block, paragraph, add, title_lines, may_caption, markup)
        if title_lines:
            title_paragraph = paragraph
            may_caption = all(role == "byline" for *_span, role in regions[title_lines:])
        elif may_caption and not all(role == "byline" for *_span, role in regions):
            may_caption = False
        units[first_unit:] = sorted(units[first_unit:], key=lambda unit: unit.start)
    return Article(text=text, units=tuple(units), dropped=tuple(dropped), markup=markup, markers=markers, **names)


def _blanked(text: str, markers: Sequence[Span]) -> str:
    """``text`` with each marker's characters as spaces: same offsets, and the lines around it read as one paragraph."""
    pieces, position = [], 0
    for marker in markers:
        pieces += [text[position:marker.start], " " * (marker.end - marker.start)]
        position = marker.end
    return "".join(pieces) + text[position:] if pieces else text


def _without(text: str, start: int, end: int, markers: Sequence[Span]) -> str:
    """``text[start:end]`` less the markers inside it (ordered by offset, as segmentation finds them)."""
    inside = _markers_inside(markers, start, end)
    if not inside:
        return text[start:end]
    pieces, position = [], start
    for marker in inside:
        pieces.append(text[position:marker.start])
        position = marker.end
    return "".join(pieces) + text[position:end]


def _markers_inside(markers: Sequence[Span], start: int, end: int) -> Sequence[Span]:
    first = bisect.bisect_left(markers, start, key=lambda marker: marker.start)
    last = bisect.bisect_left(markers, end, lo=first, key=lambda marker: marker.start)
    return markers[first:last]


def _segment_block(text, regions, block, paragraph: int, add, title_lines: int, may_caption: bool, markup: str) -> None:
    """The units of one block with text: the title (its first ``title_lines`` lines) and bylines, a caption and
    credit, or body units of its role."""
    kind_of_body = BODY_KINDS.get(block.role, "body")
    if title_lines:
        add("title", regions[0][0], regions[title_lines - 1][1], paragraph)
        regions = regions[title_lines:]
    elif may_caption and not all(role == "byline" for *_span, role in regions):
        # the first block after the title (and bylines), or after a picture, is a caption if it carries a credit
        caption = _block_caption(text, regions, block)
        if caption:
            for kind, start, end in caption:
                add(kind, start, end, paragraph)
            return
    for kind, start, end in _body_spans(text, regions, soft_wrap=markup == "markdown"):
        add(kind_of_body if kind == "body" else kind, start, end, paragraph)


def _block_caption(text, regions, block) -> list[tuple[str, int, int]]:
    """The caption and credit spans of a block that is one (no line of it dropped), or []."""
    return _caption_spans(text, regions[0][0], regions[-1][1]) if len(regions) == len(block.lines) else []


def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (after ``\\r\\n``, ``\\r`` or ``\\n``)."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def rebuild_text(
    article: Article, render: Callable[[Unit], str], *, keep_dropped: bool = False,
    edits: Sequence[tuple[int, int, str]] = (),
) -> str:
    """The article with each unit replaced by ``render(unit)``; layout kept, dropped spans removed.

    ``edits`` are (start, end, text) pieces put in place of the layout between start and end: a dateline
    added after the title (start == end), the ``[]`` of a picture whose label a rendering writes out.  A
    rendering that keeps a quote unit's line breaks gets the quote's markers back after them.

    A dropped span alone on its line is removed with its line; when that empties
    the end of the article, the blank lines left before it go too.

    >>> article = segment_article("Hi.\\n\\nYes.\\n• FB", slug="t", source_path="t.txt")
    >>> rebuild_text(article, lambda unit: unit.source.upper())
    'HI.\\n\\nYES.'
    """
    text = article.text
    pieces = [(u.start, u.end, _with_markers(render(u), text, u, article.markers)) for u in article.units]
    if keep_dropped:
        pieces += [(s.start, s.end, text[s.start:s.end]) for s in article.dropped]
    else:
        pieces += _removals(text, article)
    pieces += edits
    out: list[str] = []
    position = 0
    for start, end, replacement in sorted(pieces):
        out += [text[position:start], replacement]
        position = end
    out.append(text[position:])
    return "".join(out)


def _with_markers(rendered: str, text: str, unit: Unit, markers: Sequence[Span]) -> str:
    """``rendered`` with the quote markers of ``unit`` back after its line breaks: the n-th line break of the
    rendering gets the marker that followed the n-th of the source, so a rendering that keeps the source's
    lines keeps the quote; one on a single line (any translation) needs none."""
    inside = _markers_inside(markers, unit.start, unit.end)
    if not inside:
        return rendered
    starts = {marker.start: text[marker.start:marker.end] for marker in inside}
    after_break = [starts.get(match.end(), "") for match in _LINE_BREAK.finditer(text, unit.start, unit.end)]
    pieces = _LINE_BREAK_KEPT.split(rendered)   # lines with the breaks between them
    for index in range(1, len(pieces), 2):
        if index // 2 < len(after_break):
            pieces[index] += after_break[index // 2]
    return "".join(pieces)


def _removals(text: str, article: Article) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each dropped span; the article's end goes as one piece.

    After the last unit there is only whitespace and dropped boilerplate, so when
    any is dropped there, everything from the last unit on becomes the text's final line break.
    """
    tail_start = max((unit.end for unit in article.units), default=0)
    ranges = sorted(_removal_range(text, s) for s in article.dropped if s.start < tail_start)
    removals = [(start, _absorb_blank_line(text, start, end), "") for start, end in _merge_touching(ranges)]
    if len(ranges) < len(article.dropped):
        final_break = "\r\n" if text.endswith("\r\n") else text[-1] if text[-1] in "\r\n" else ""
        removals.append((tail_start, len(text), final_break))
    return removals


def _merge_touching(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _absorb_blank_line(text: str, start: int, end: int) -> int:
    """Where a removal ends: a whole dropped block takes the blank line after it along."""
    after = _LINE_BREAK.match(text, end)
    if not after or text[end - 1] not in "\r\n":
        return end
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    starts_block = before == 0 or len(_LINE_BREAK.findall(text, before, start)) >= 2
    return after.end() if starts_block else end


def _removal_range(text: str, span: Span) -> tuple[int, int]:
    """What removing a dropped span takes away: its whole line, with its line break, when it is alone there;
    else the span and the spaces that joined it to the copy ("…on Monday.  • FB")."""
    line_start = max(text.rfind("\n", 0, span.start), text.rfind("\r", 0, span.start)) + 1
    line_break = _LINE_BREAK.search(text, span.end)
    before = text[line_start:span.start]
    after = text[span.end:line_break.start() if line_break else len(text)]
    if line_break and not before.strip() and not after.strip():
        return line_start, line_break.end()
    if not after.strip():
        return line_start + len(before.rstrip()), span.end
    if not before.strip():
        return span.start, span.end + len(after) - len(after.lstrip())
    return span.start, span.end


def segment_body(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text that is all body copy (no title or caption), share links left out.

    >>> text = "Troops left at 5 p.m. Sunday.\\n• The base closed.\\n\\nNo. 2 base is next."
    >>> [text[start:end] for start, end in segment_body(text)]
    ['Troops left at 5 p.m. Sunday.', 'The base closed.', 'No. 2 base is next.']
    """
    rules = default_boilerplate()
    return [(start, end) for lines in _blocks(text, line_starts(text))
            for _kind, start, end in _body_spans(text, _regions(text, lines, [], rules)[0])]


def _regions(
    text: str, lines: list[tuple[int, int]], dropped: list[Span], rules: Boilerplate, listing: bool = False
) -> tuple[list[tuple[int, int, str]], bool]:
    """A block's translatable line contents as (start, end, role); boilerplate goes to ``dropped``.

    ``role`` is "line", "bullet" (a bullet line, a unit of its own) or "byline".
    After a bare "Related:" line, the rest of its block is its list of links, and so are
    link-only lines in the blocks after it (Markdown list items): ``listing`` carries that
    state in and out.
    """
    regions = []
    for index, (start, end) in enumerate(lines):
        content_start, content_end, is_bullet = _line_content(text, start, end)
        if listing and (index > 0 or _LINK_ONLY.fullmatch(text, content_start, content_end)):
            dropped.append(Span(*_strip_span(text, start, end), reason="boilerplate"))
            continue
        listing = False
        whole = _boilerplate_line(text, content_start, content_end, rules)
        if whole:
            dropped.append(Span(*_strip_span(text, start, end), reason=whole))
            marker = rules.line_start.match(text, content_start, content_end)
            listing = bool(marker) and not text[marker.end():content_end].strip(" \t:")
            continue
        for span_start, span_end, reason in _glued_boilerplate(text, content_start, content_end, rules):
            dropped.append(Span(span_start, span_end, reason))
            if span_start == content_start:
                content_start = _strip_span(text, span_end, content_end)[0]
            else:
                content_end = _strip_span(text, content_start, span_start)[1]
        if content_start >= content_end:
            continue
        role = "bullet" if is_bullet else "line"
        if _is_byline(text, content_start, content_end, rules):
            role = "byline"
        regions.append((content_start, content_end, role))
    return regions, listing


def _boilerplate_line(text: str, start: int, end: int, rules: Boilerplate) -> str:
    """Why a whole line's content is boilerplate ("share link", "boilerplate"), or ""."""
    if start >= end:
        return ""
    if rules.share_bar.fullmatch(text, start, end):
        return "share link"
    if rules.line_start.match(text, start, end):
        return "boilerplate"
    return ""


def _glued_boilerplate(text: str, start: int, end: int, rules: Boilerplate) -> list[tuple[int, int, str]]:
    """Share bars and boilerplate lines glued to the start or end of a line of copy, as spans to drop.

    ("Share this: FB · Twitter  The council met." / "…on Monday.  • FB" / "…on Monday. Read more: …")
    A share bar at the start must hold a | · • separator; at the end it must follow a
    sentence end or start with one, so "Twitter said…" and "…posted on Facebook" stay copy, and
    the copy before it must hold no "|", so a table row's last cell ("| Party | Seats | Share |") stays.
    """
    spans = []
    head = rules.share_bar.match(text, start, end)
    if head and _HARD_SEPARATOR.search(head.group()):
        spans.append((*_strip_span(text, start, head.end()), "share link"))
        start = head.end()
    for cut in _GLUED_LINE_MARKER.finditer(text, start, end):
        if rules.line_start.match(text, cut.end(), end):
            spans.append((*_strip_span(text, cut.end(), end), "boilerplate"))
            return spans
    for candidate in _tail_candidates(text, start, end):
        if rules.share_bar.fullmatch(text, candidate, end) and "|" not in text[start:candidate] and (
            _HARD_SEPARATOR.match(text, candidate) or _SENTENCE_END_BEFORE.search(text, start, candidate)
        ):
            spans.append((*_strip_span(text, candidate, end), "share link"))
            break
    return spans


def _tail_candidates(text: str, start: int, end: int) -> Iterator[int]:
    """Where a share bar glued to the end of a line could begin: after whitespace, at a separator."""
    for position in range(max(start + 1, end - MAX_GLUED_BAR_CHARS), end):
        if not text[position].isspace() and (text[position - 1].isspace() or _HARD_SEPARATOR.match(text, position)):
            yield position


def _is_byline(text: str, start: int, end: int, rules: Boilerplate) -> bool:
    """A short line such as "By Jane Doe, KirkukNow" that is not a sentence ("By Monday, they had left.") nor
    a wrapped one's lowercase rest ("by the former regime")."""
    words = start + len(text[start:end]) - len(text[start:end].lstrip("*_"))  # "**By Jane Doe**" in Markdown
    return (
        end - start <= MAX_BYLINE_CHARS
        and words < end and not text[words].islower()
        and bool(rules.byline_start.match(text, words, end))
        and text[end - 1] not in ".!?"
        and len(text[start:end].split()) >= 2
    )


def _body_spans(text: str, regions: list[tuple[int, int, str]], *, soft_wrap: bool = False) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of a block's body units: bylines whole, everything else split into sentences."""
    for role, start, end in _body_runs(text, regions, soft_wrap):
        if role == "byline":
            yield "byline", start, end
        elif soft_wrap:
            for span in _whole_markup(text, _footnote_references_back(text, split_sentences(text, start, end))):
                yield "body", *span
        else:
            for span in split_sentences(text, start, end):
                yield "body", *span


def _footnote_references_back(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Footnote references pySBD put at the start of the next sentence ("Monday.|[^2] It was") end the one they follow."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        references = _FOOTNOTE_REFERENCES.match(text, start, end) if out and out[-1][1] == start else None
        if references:
            out[-1] = (out[-1][0], references.end())
            start = _strip_span(text, references.end(), end)[0]
        if start < end:
            out.append((start, end))
    return out


def _whole_markup(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Join sentences that would cut inline Markdown in two ("*One. Two.*", "[One. Two.](url)", "![x](y)")."""
    pending: tuple[int, int] | None = None
    for index, (start, end) in enumerate(spans):
        pending = (pending[0], end) if pending else (start, end)
        piece = text[pending[0]:pending[1]]
        touches_next = index + 1 < len(spans) and spans[index + 1][0] == end  # "![image](x)" split after "!"
        if piece.count("[") == piece.count("]") and piece.count("*") % 2 == 0 and piece.count("`") % 2 == 0 \
                and not touches_next:
            yield pending
            pending = None
    if pending:
        yield pending


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one run of prose), trimmed of whitespace.

    The spans cover every non-whitespace character of the run: text pySBD
    would lose stays in the sentence before it.

    >>> split_sentences("Gen. Smith left the U.S. at 5 p.m. Sunday. He flew to Erbil.")
    [(0, 42), (43, 60)]
    """
    end = len(text) if end is None else end
    prepared = _prepare_for_pysbd(text, start, end)
    cuts = [start]
    for chunk_start, chunk_end in _chunks(prepared):
        cuts += _sentence_starts(prepared[chunk_start:chunk_end], start + chunk_start)
    spans = list(_trimmed_spans(text, cuts, end))
    return _merge_sentence_rests(text, _merge_meridiem_fragments(text, spans))


def _blocks(text: str, starts: list[int]) -> Iterator[list[tuple[int, int]]]:
    """Blank-line separated blocks, as lists of (start, end) line spans without line breaks."""
    block: list[tuple[int, int]] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        match = _LINE_BREAK.search(text, start, end)
        end = match.start() if match else end
        if not is_blank(text, start, end):
            block.append((start, end))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace and invisible format characters at its ends."""
    while start < end and is_blank_char(text[start]):
        start += 1
    while end > start and is_blank_char(text[end - 1]):
        end -= 1
    return start, end


def _line_content(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """The translatable part of a line: without its bullet marker and surrounding whitespace."""
    bullet = _BULLET.match(text, start, end)
    return (*_strip_span(text, bullet.end() if bullet else start, end), bool(bullet))


def _caption_spans(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """[(kind, start, end)] for a photo-caption block, or [] when the block is not one."""
    if end - start > MAX_CAPTION_CHARS:
        return []
    marker = _CREDIT_MARKER.search(text, start, end)
    if not marker:
        return []
    caption = _strip_span(text, start, marker.start())
    spans = [("caption", *caption)] if caption[0] < caption[1] else []
    return spans + [("credit", *_strip_span(text, marker.start(), end))]


def _body_runs(text: str, regions: list[tuple[int, int, str]], soft_wrap: bool = False) -> Iterator[tuple[str, int, int]]:
    """Join a block's lines into runs of prose: a bullet or byline stands alone, a wrapped line joins the line before."""
    run: tuple[str, int, int] | None = None
    for (start, end, role), joins in zip(regions, [False, *_line_joins(text, regions, soft_wrap)]):
        if joins:
            run = ("line", run[1], end)
            continue
        if run:
            yield run
        run = (role, start, end)
        if role != "line":
            yield run
            run = None
    if run:
        yield run


def _title_lines(text: str, regions: list[tuple[int, int, str]], *, soft_wrap: bool) -> int:
    """How many of the first block's lines the title takes: its first run of prose, so a wrapped title stays whole.

    A title ends without a mark however long it is, so its length says nothing of a wrap.  A run of
    several lines ending with a full stop is the title's line and the copy under it, which the wrap
    rules cannot tell apart ("Council approves new budget" / "The council met on …"): the title is its
    first line alone, as it always was.
    """
    lines = 1
    for joins in _line_joins(text, regions, soft_wrap, long_lines=False):
        if not joins:
            break
        lines += 1
    return 1 if lines > 1 and _FULL_STOP_END.search(text, regions[0][0], regions[lines - 1][1]) else lines


#: A line at least this long that ends without a sentence's last mark was cut by a wrap, not by the writer.
WRAPPED_LINE = 40
#: A block's line is full when it and the next line's first word pass this share of the block's longest line:
#: a wrap at about that width (a ragged one too) had no room left for the word.
FULL_LINE_SHARE = 0.8
#: A block whose longest line is shorter than this is not taken for wrapped prose by its lines' fill alone.
NARROWEST_WRAP = 10
_OPENING_QUOTES = "\"'“‘«("
_SENTENCE_INSIDE = _OPENING_QUOTES + "$€£¥&"  # what else a wrap may bring to a line's start ("$8.8 billion")
_FULL_STOP_END = re.compile(r"\.[\"'”’)\]]*$")
# Words a sentence cannot end with: a line ending on one (or on a comma or dash) was cut mid-sentence.
_OPEN_WORDS = frozenset(
    "a an the of in on at to for from with by into onto over under about after before since between against during"
    " through and or but nor as than that which who whose whom its their his her our is are was were be been has"
    " have had would could should not".split()
)
# How an entry of a list opens: numbered ("1. ", "2) ", "(a) ", "b) ") or labelled ("Kirkuk: ").
_NUMBERED = re.compile(r"(?:\d{1,3}[.)]|[A-Za-z]\)|\(\w{1,3}\))\s")
_LABELLED = re.compile(r"[A-Z][\w'’-]*(?: [\w'’-]+){0,2}:\s")


def _line_joins(text: str, regions: list[tuple[int, int, str]], soft_wrap: bool, long_lines: bool = True) -> list[bool]:
    """For each two neighbouring lines of a block, whether the second continues the first: the break only wraps prose.

    Markdown soft-wraps every line of prose.  In plain text a line continues the one before when it starts
    in lowercase, or when it starts with a letter, digit or quote and the line before ends mid-sentence and
    was cut by a wrap: 40 characters or more (``WRAPPED_LINE``, unless not ``long_lines``), ending on a
    comma or a word such as "the" or "of", or full as another line of the block is (``_full_lines``:
    "military base, nearly" / "800 personnel"); an abbreviation ("Gen.") ends no sentence.  A credit
    ("Photo: …") or an entry of a list (``_list_entries``) does not continue, and lines with dropped
    boilerplate between them are never joined.
    """
    full = _full_lines(text, regions)
    open_ends = [_ends_open(text[start:end]) for start, end, _role in regions[:-1]]
    # Fill is a wrap's mark only in a block that shows one otherwise: one full line may be the longer of two by
    # chance ("Key facts on the base"), and list-like lines of one length end on no "the" and start no line lowercase.
    filled = sum(full) >= 2 and (any(open_ends) or any(text[start].islower() for start, _end, _role in regions[1:]))
    joins = []
    for index, ((start, end, role), (next_start, next_end, next_role)) in enumerate(zip(regions, regions[1:])):
        line = text[start:end]
        first = text[next_start]
        joins.append(
            role == next_role == "line"
            and not text[end:next_start].strip()
            and (soft_wrap or first.islower() or (
                (first.isalnum() or first in _SENTENCE_INSIDE)
                and not _CREDIT_MARKER.match(text, next_start, next_end)
                and not _list_entries(line, text[next_start:next_end])
                and not _ends_sentence(line)
                and ((long_lines and len(line) >= WRAPPED_LINE) or open_ends[index] or (full[index] and filled))
            ))
        )
    return joins


def _list_entries(line: str, following: str) -> bool:
    """Whether ``following`` is an entry of a list, not a wrap's rest: numbered after a colon or as ``line`` is
    ("2) …" after "1) …"), or labelled as ``line`` is ("Nineveh: …" after "Kirkuk: …").

    A number alone is no entry: a wrap brings dates to a line's start ("since March" / "1. The mayor said …").
    """
    if _NUMBERED.match(following):
        return line.endswith(":") or bool(_NUMBERED.match(line))
    return bool(_LABELLED.match(following) and _LABELLED.match(line))


def _ends_sentence(line: str) -> bool:
    """Whether a line ends with a sentence's last mark, not an abbreviation's ("Gen.", "U.S.", "p.m.")."""
    tail = line[-16:]  # both patterns look at the end alone; a window keeps them linear on a huge line
    return bool(_SENTENCE_END_BEFORE.search(tail)) and not _NOT_A_SENTENCE_END.search(tail)


def _ends_open(line: str) -> bool:
    """Whether a line ends on a comma, a dash or a word such as "of" or "The" (not "IS", the group, nor "A", the plan)."""
    word = line.rsplit(None, 1)[-1]
    return line[-1] in ",;–—-" or (word.lower() in _OPEN_WORDS and (word.islower() or (word.istitle() and len(word) > 1)))


def _full_lines(text: str, regions: list[tuple[int, int, str]]) -> list[bool]:
    """For each line of a block but the last, whether the next line's first word would not have fit after it
    within ``FULL_LINE_SHARE`` of the block's longest line of prose: the mark of a line cut by a wrap.

    Lines all shorter than ``NARROWEST_WRAP`` are not a wrap of prose ("W" / "A" / "RN"): none is full.
    """
    width = max((end - start for start, end, role in regions if role == "line"), default=0)
    if width < NARROWEST_WRAP:
        return [False] * (len(regions) - 1)
    return [end - start + 1 + len(text[next_start:next_end].split(None, 1)[0]) > FULL_LINE_SHARE * width
            for (start, end, _role), (next_start, next_end, _next_role) in zip(regions, regions[1:])]


def _prepare_for_pysbd(text: str, start: int, end: int) -> str:
    """The run as pySBD should see it, same length: URLs and e-mails masked, line breaks as spaces."""

    def mask(match: re.Match) -> str:
        link = match.group().rstrip(_TRAILING_PUNCTUATION)
        return "x" * len(link) + match.group()[len(link):]

    return _URL_OR_EMAIL.sub(mask, text[start:end]).replace("\r", " ").replace("\n", " ")


def _chunks(prepared: str) -> Iterator[tuple[int, int]]:
    """Cut a huge run at likely sentence ends (or whitespace), so pySBD's cost stays linear."""
    chunk_start = 0
    while len(prepared) - chunk_start > MAX_CHUNK_CHARS:
        window = (chunk_start + CHUNK_CHARS, chunk_start + MAX_CHUNK_CHARS)
        boundary = next(_hard_boundaries(prepared, *window), None) or _WHITESPACE.search(prepared, *window)
        cut = boundary.end() if boundary else window[1]
        yield chunk_start, cut
        chunk_start = cut
    yield chunk_start, len(prepared)


def _hard_boundaries(text: str, start: int, end: int) -> Iterator[re.Match]:
    """Likely sentence ends: terminal punctuation before a capital, not after an abbreviation or initial."""
    for match in _HARD_BOUNDARY.finditer(text, start, end):
        if not _NOT_A_SENTENCE_END.search(text[max(0, match.start() - 12) : match.start()]):
            yield match


def _segmenter():
    """A fresh pySBD segmenter: it keeps the text being split on itself, so it is not shared."""
    return _segmenter_class()(language="en", clean=False, char_span=True)


@lru_cache(maxsize=None)
def _segmenter_class():
    """pySBD's Segmenter, placing its sentences in the text with ``literal_spans`` (same spans, no regex per sentence)."""
    import pysbd

    class Segmenter(pysbd.Segmenter):
        def sentences_with_char_spans(self, sentences):
            return literal_spans(self.original_text, sentences)

    return Segmenter


def literal_spans(text: str, sentences: Sequence[str]) -> list:
    r"""pySBD's ``sentences_with_char_spans``: each sentence's first occurrence (and the whitespace after it) ending past the last one's.

    pySBD finds them with ``re.finditer(re.escape(sentence) + r"\s*", text)``, compiling a pattern
    per sentence (about a third of segmenting news copy); ``str.find`` walks the same non-overlapping
    occurrences, ``str.isspace`` is what ``\s`` matches in a str pattern, and an empty occurrence is
    stepped over by one character, as finditer steps over an empty match.
    """
    from pysbd.utils import TextSpan

    spans, prior_end = [], 0
    for sentence in sentences:
        position = text.find(sentence)
        while position >= 0:
            end = position + len(sentence)
            while end < len(text) and text[end].isspace():
                end += 1
            if end > prior_end:
                spans.append(TextSpan(text[position:end], position, end))
                prior_end = end
                break
            position = text.find(sentence, end if end > position else position + 1)
    return spans


def _sentence_starts(prepared: str, chunk_start: int) -> list[int]:
    """Where sentences start in one chunk: pySBD's, or likely sentence ends if pySBD loses text."""
    spans = _segmenter().segment(prepared)
    if _covers(prepared, spans):
        starts = [span.start for span in spans]
    else:
        starts = [0] + [m.end() for m in _hard_boundaries(prepared, 0, len(prepared))]
    return [chunk_start + start for start in starts]


def _covers(chunk: str, spans) -> bool:
    """True when ordered, non-overlapping spans leave out nothing but whitespace."""
    position = 0
    for span in spans:
        if span.start < position or chunk[position:span.start].strip():
            return False
        position = span.end
    return not chunk[position:].strip()


def _trimmed_spans(text: str, cuts: list[int], end: int) -> Iterator[tuple[int, int]]:
    bounds = sorted(set(cuts)) + [end]
    for start, stop in zip(bounds, bounds[1:]):
        span = _strip_span(text, start, stop)
        if span[0] < span[1]:
            yield span


def _merge_sentence_rests(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo pySBD's splits before what is no sentence of its own: a lowercase rest after an abbreviation
    it does not know, and a piece of symbols alone (an emoji after the last sentence).

    ("It covers 1.2 sq. | km of land.", "Turnout was 41 pct. | in Baghdad.", "We won. | 🎉"), and a number after
    an abbreviation that always stands before one ("The camp holds approx. | 300 families.").
    A sentence of news copy starts with a capital; a name written in lowercase ("al-Sadr's bloc won",
    "de Mistura said", "iPhone sales") and a list's "b. The second item" start one all the same.
    """
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and ((text[merged[-1][1] - 1] == "." and _is_lowercase_rest(text, start, end))
                       or (text[start].isdigit() and _BEFORE_A_NUMBER.search(text, max(0, merged[-1][1] - 8), merged[-1][1]))
                       or _symbols_only(text[start:end])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _is_lowercase_rest(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens with a lowercase word that continues a sentence: "km of", "wide.", or a
    word no sentence starts with before a name ("in Baghdad"); not a name's particle ("de Mistura", "bin Salman")."""
    rest = _LOWERCASE_REST.match(text, start, end)
    return bool(rest) and (not rest.group(2) or rest.group(1) in _OPEN_WORDS)


def _symbols_only(piece: str) -> bool:
    """Whether ``piece`` is symbols (emoji) and punctuation, without a letter or digit: "🎉", "👇👇"."""
    return not any(char.isalnum() for char in piece) and any(unicodedata.category(char) == "So" for char in piece)


def _merge_meridiem_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo pySBD's wrong splits at "a.m."/"p.m.".

    ("at 8 a. | m. on Monday", "at 5 p.m. | Sunday.", "At 5 a.m. | Mr. Smith left.")
    """
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            previous = text[merged[-1][0]:merged[-1][1]]
            fragment = text[start:end]
            if (_MERIDIEM_LETTER_END.search(previous) and _MERIDIEM_LETTER_REST.match(fragment)) or (
                _MERIDIEM_END.search(previous) and (_MERIDIEM_TAIL.match(fragment) or len(previous.split()) <= 3)
            ):
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged

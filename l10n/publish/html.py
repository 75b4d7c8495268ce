"""A standalone HTML page: ``lang``/``dir`` from the language profile, bidi-safe, script-free.

Safety: every text the page did not generate (sources, translations) is
HTML-escaped, links are never made from text, and a Content-Security-Policy
allows no script at all and only the page's own stylesheet (by hash), as a
second wall.  Bidi control characters were already made visible by
``rebuild.visible_controls``.

Direction: ``<html dir>`` sets the base direction; each unit is its own bidi
isolate, so one sentence's punctuation never drifts into the next; inside a
unit, each run written in the other direction (a Latin name or acronym in
Arabic, with the digits attached to it, such as "K1") is wrapped in ``<bdi>``
so neutral characters around it (brackets, commas, spaces) take the sentence's
direction.  Plain numbers need no wrapping: the Unicode bidi algorithm keeps
them left-to-right inside right-to-left text.  A unit filled from the English
source is marked ``lang="en" dir="ltr"``, and so is any unit written mostly
in the other direction (a Latin quote in Arabic); consecutive units of the
other direction share one isolate (``<span class="l10n-run" dir>``), so a
passage of filled English in an Arabic page reads whole and in order,
sentence after sentence, whatever the line width (without it the browser
lays two neighbouring English sentences out right to left on a shared line).

A Markdown article keeps its structure: headings, block quotes, lists and
code come from markdown-it's parse of the source, and each unit's inline
Markdown (the translator's) becomes ``<em>``, ``<strong>``, ``<code>`` and
``<a href>`` for http(s), mailto and relative links only; any other link is
shown as its text.  Links are classified with ``urlsplit`` (``link_kind``):
a protocol-relative ``//host/x`` names another site, so it is external
(``rel="noopener noreferrer"``), never relative.  Images become ``<img>``
with the source's address (http(s) or relative; any other is dropped and
its alt text shown) and the translated alt text and title; the policy lets
the page load images from its own folder and https only.  Front matter is
metadata: its title is the page's ``<title>``, nothing of it is body text.

A table keeps its rows and cells (a cell of figures shows the source's text);
the alignment row's left and right become the page's start and end (a class:
the policy allows no inline style), so an Arabic table mirrors its English
source.  A footnote reference is a superscript link to its note, and each
note stays where the source defines it, labelled as written; an inline note
(``^[text]``) is shown where it stands, in small print (``footnote-inline``).
"""

from __future__ import annotations

import base64
import itertools
import hashlib
import re
import unicodedata
from datetime import date
from html import escape
from urllib.parse import urlsplit

from ..core.languages import LanguageProfile
from ..stages.markdown_in import (front_matter, image_label, image_spans, parser, picture_titles, table_cells,
                                  without_front_matter)
from ..stages.segment import line_starts
from .labels import dateline, marker
from .policy import State
from .rebuild import STRONG, Block, LocalizedArticle, LocalizedUnit, blocks, direction_runs, visible_controls

_ATTACHED_WEAK = frozenset({"ES", "CS", "ET"})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_HARD_BREAK = re.compile(r"(?: {2,}|\\)(?:\r\n|\r|\n)")
_INLINE_TAGS = {"em_open": "<em>", "em_close": "</em>", "strong_open": "<strong>", "strong_close": "</strong>",
                "softbreak": " ", "hardbreak": "<br>"}
_CELLS = frozenset({"th_open", "td_open"})
_ALIGN = {"text-align:left": "start", "text-align:right": "end", "text-align:center": "center"}  # markdown-it's table styles

STYLE = """
body { margin: 0 auto; max-width: 44rem; padding: 1.5rem; line-height: 1.75;
       font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", system-ui, sans-serif;
       color: #1f2328; background: #fff; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 0 0 .5rem; }
.dateline { color: #57606a; margin: 0 0 1rem; }
.l10n-note { color: #57606a; font-style: italic; margin: 0 0 1rem; }
.caption { color: #57606a; font-size: .92rem; border-inline-start: 3px solid #d0d7de; padding-inline-start: .75rem; }
.unit[data-kind="credit"] { font-size: .9em; }
.unit, .l10n-run { unicode-bidi: isolate; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: start; }
.l10n-align-start { text-align: start; }
.l10n-align-end { text-align: end; }
.l10n-align-center { text-align: center; }
.footnote { display: flex; gap: .5em; color: #57606a; font-size: .92rem; }
.footnote p { margin: 0 0 .5rem; }
.footnote-inline { color: #57606a; font-size: .92em; }
blockquote { margin-inline: 0; padding-inline-start: 1rem; border-inline-start: 3px solid #d0d7de; }
.l10n-unreviewed { background: #fff8c5; outline: 1px dashed #bf8700; }
.l10n-marker { background: #bf8700; color: #fff; border-radius: .25rem; padding: 0 .35em;
               font-size: .8em; margin-inline-end: .3em; unicode-bidi: isolate; }
"""
CSP = (
    "default-src 'none'; img-src 'self' https: file:; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode('utf-8')).digest()).decode('ascii')}'; "
    "base-uri 'none'; form-action 'none'"
)


def render_html(doc: LocalizedArticle, profile: LanguageProfile, *, published_on: date | None = None) -> str:
    """The localized article as a complete UTF-8 HTML page."""
    under_title = ""
    if published_on is not None:
        shown = escape(dateline(published_on, profile.locale), quote=False)
        under_title = f'<p class="dateline"><time datetime="{published_on.isoformat()}">{shown}</time></p>'
    if profile.reader_note:
        under_title += f'<p class="l10n-note">{escape(profile.reader_note, quote=False)}</p>'
    if doc.article.markup == "markdown":
        body = _render_markdown_article(doc, profile.direction, under_title)
    else:
        body = []
        for block in blocks(doc):
            body.append(_render_block(doc.lang, profile.direction, block))
            if block.kind == "title" and under_title:
                body.append(under_title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(profile.tag)}" dir="{profile.direction}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(_plain_title(doc), quote=False)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        f'<article data-slug="{escape(doc.article.slug)}">\n'
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n"
    )


def _render_block(lang: str, direction: str, block: Block) -> str:
    lines = [_render_units(lang, direction, line) for line in block.lines]
    if block.kind == "title":
        return f"<h1>{' '.join(lines)}</h1>"
    if block.kind == "caption":
        return f'<p class="caption">{"<br>".join(lines)}</p>'
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
    return f"<p>{'<br>'.join(lines)}</p>"


def _render_units(lang: str, direction: str, items, *, markdown: dict | None = None) -> str:
    """Units on one line, space-separated; a run of units in the other direction shares one isolate."""
    out: list[str] = []
    for own, run in direction_runs(items, direction):
        rendered = " ".join(_render_unit(lang, direction, own, item, markdown=markdown) for item in run)
        out.append(rendered if own == direction else f'<span class="l10n-run" dir="{own}">{rendered}</span>')
    return " ".join(out)


def _render_unit(lang: str, page: str, direction: str, item: LocalizedUnit, *, markdown: dict | None = None) -> str:
    """One unit in ``direction`` (its own; ``page`` is the page's), with its marker when unreviewed.

    ``markdown`` (the source's parse environment: link definitions, footnotes) says the text is inline Markdown.
    """
    classes = ["unit"]
    attributes = f' data-kind="{item.unit.kind}"'
    if item.state is not State.REVIEWED:
        classes.append("l10n-unreviewed")
        attributes += f' data-l10n-state="{item.state.value}"'
    if item.state is State.SOURCE:
        attributes += ' lang="en" dir="ltr"'
    elif direction != page:
        attributes += f' dir="{direction}"'
    text = render_inline(item.text, direction, markdown) if markdown is not None else isolate_runs(item.text, direction)
    span = f'<span class="{" ".join(classes)}"{attributes}>{text}</span>'
    label = marker(lang, item.state)
    return f'<span class="l10n-marker">[{escape(label, quote=False)}]</span>{span}' if label else span


def render_inline(text: str, direction: str, env: dict | None = None) -> str:
    """A unit's inline Markdown as safe HTML: emphasis, code, safe links and footnote references; everything else is text.

    ``env`` is the source's parse environment: the link definitions and footnotes its references name.

    >>> render_inline("*K1* [base](https://a.b/x) [x](javascript:alert(1)) <b>", "ltr")
    '<em>K1</em> <a href="https://a.b/x" rel="noopener noreferrer">base</a> [x](javascript:alert(1)) &lt;b&gt;'
    """
    out: list[str] = []
    links: list[bool] = []
    env = {} if env is None else env
    for token in parser().parseInline(text, env)[0].children or ():
        if token.type in ("text", "image"):
            out.append(isolate_runs(visible_controls(token.content), direction))
        elif token.type == "code_inline":
            out.append(f"<code>{escape(visible_controls(token.content), quote=False)}</code>")
        elif token.type == "link_open":
            href = token.attrGet("href") or ""
            kind = link_kind(href)
            links.append(kind != "unsafe")
            rel = ' rel="noopener noreferrer"' if kind == "external" else ""
            out.append(f'<a href="{escape(href)}"{rel}>' if links[-1] else "")
        elif token.type == "link_close":
            out.append("</a>" if links and links.pop() else "")
        elif token.type == "footnote_ref" and "label" not in token.meta:   # ^[text] a translator wrote: shown in place
            note = env["footnotes"]["list"][token.meta["id"]]["content"]
            out.append(f'<small class="footnote-inline">{render_inline(note, direction, env)}</small>')
        elif token.type == "footnote_ref":
            label = escape(visible_controls(token.meta["label"]))
            out.append(f'<sup class="footnote-ref"><a href="#fn-{label}">{label}</a></sup>')
        else:
            out.append(_INLINE_TAGS.get(token.type, ""))
    return "".join(out)


def link_kind(url: str) -> str:
    """'relative' (this site), 'external' (http, https, mailto, or a protocol-relative //host) or 'unsafe'.

    >>> [link_kind(u) for u in ("photo.jpg", "/news/a", "//evil.example/x", "https://a.b", "javascript:x", "data:,x")]
    ['relative', 'relative', 'external', 'external', 'unsafe', 'unsafe']
    """
    if any(ord(c) < 32 for c in url):
        return "unsafe"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "unsafe"
    if parts.scheme:
        return "external" if parts.scheme.lower() in _SAFE_SCHEMES else "unsafe"
    return "external" if parts.netloc else "relative"


def _safe_url(url: str) -> bool:
    return link_kind(url) != "unsafe"


def _plain_title(doc: LocalizedArticle) -> str:
    if doc.article.markup != "markdown":
        return doc.title
    tokens = parser().parseInline(doc.title)[0].children or ()
    return visible_controls("".join(token.content for token in tokens if token.type in ("text", "code_inline")))


def _render_markdown_article(doc: LocalizedArticle, direction: str, dateline_html: str) -> list[str]:
    """The page body in the Markdown source's structure; a block left without units is left out."""
    text = doc.article.text
    stack: list[list[str]] = [[]]
    openers = []
    with_title = False
    env: dict = {}
    metadata_end, _ = front_matter(text)
    if dateline_html and any(item.unit.kind == "title" and item.unit.start < metadata_end for item in doc.units):
        stack[0].append(dateline_html)  # the title is the page's <title>: the dateline opens the body
    starts = line_starts(text)
    cells: list[tuple[int, int]] = []   # the current table row's cells, taken in order
    tokens = parser().parse(without_front_matter(text), env)
    titles = {label: item.text for label, (start, _end) in picture_titles(text, starts, tokens, env).items()
              for item in doc.units if item.unit.start == start}   # a picture by reference takes its definition's
    for token in tokens:
        if token.type == "tr_open" and token.map:
            cells = table_cells(text, starts, token.map[0])
        if token.nesting == 1:
            stack.append([])
            openers.append(token)
        elif token.nesting == -1:
            inner, opener = "".join(stack.pop()), openers.pop()
            if inner or opener.type in _CELLS:   # an empty cell still holds its column
                stack[-1].append(_wrap(opener, inner))
            if opener.level == 0 and with_title and dateline_html:
                stack[-1].append(dateline_html)
                with_title = False
        elif token.type == "inline" and token.map and openers and openers[-1].type in _CELLS:
            start, end = cells.pop(0) if cells else (0, 0)
            items = [item for item in doc.units if start <= item.unit.start < end]
            stack[-1].append(_render_with_images(doc.lang, direction, items, text, env, titles,
                                                 image_spans(text, start, end)) if items
                             else render_inline(visible_controls(token.content), direction, env))
        elif token.type == "inline" and token.map:
            first, last = token.map
            items = [item for item in doc.units if first <= item.unit.line - 1 < last and item.unit.start >= metadata_end]
            with_title = with_title or any(item.unit.kind == "title" for item in items)
            end = starts[last] if last < len(starts) else len(text)
            notes = not any(opener.type == "footnote_reference_open" for opener in openers)   # else a note's own text
            stack[-1].append(_render_with_images(doc.lang, direction, items, text, env, titles,
                                                 image_spans(text, starts[first], end), notes=notes))
        elif token.type in ("code_block", "fence"):
            lines = "\n".join(visible_controls(line) for line in token.content.split("\n"))   # a code block keeps its lines
            stack[-1].append(f"<pre><code>{escape(lines, quote=False)}</code></pre>")
        elif token.type == "hr":
            stack[-1].append("<hr>")
    return stack[0]


def _render_with_images(lang: str, direction: str, items: list[LocalizedUnit], text: str, env: dict,
                        titles: dict[str, str], images, *, notes: bool = True) -> str:
    """A paragraph's units with its pictures in place: ``<img>`` with the translated alt text and title.

    ``titles`` are the translated titles of the definitions pictures by reference take theirs from, by label;
    with ``notes``, units of kind footnote are inline notes (``^[text]``), each run shown in small print.
    """
    out: list[str] = []
    rest = [item for item in items if item.unit.kind != "image"]
    for image in images:
        before = [item for item in rest if item.unit.end <= image.start()]
        rest = rest[len(before):]
        if before:
            out.append(_render_inline_units(lang, direction, before, text, env, notes))
        out.append(_render_image(image, [item for item in items if image.start() <= item.unit.start < image.end()], env,
                                 titles))
    if rest:
        out.append(_render_inline_units(lang, direction, rest, text, env, notes))
    return " ".join(out)


def _render_image(image, units: list[LocalizedUnit], env: dict, titles: dict[str, str]) -> str:
    """One picture: its source address as written (dropped when unsafe), its alt text and title translated.

    A title that is no unit (one running over a quote's lines) is shown as the source has it.
    """
    token = next(child for child in parser().parseInline(image.group(), env)[0].children or ()
                 if child.type == "image") if image.group() else None
    src = (token.attrGet("src") or "") if token is not None else ""
    texts = {name: next((item.text for item in units if item.unit.start == image.start(name)), "") for name in ("alt", "title")}
    alt = escape(texts["alt"])
    if not src or link_kind(src) == "unsafe":
        return f'<span class="unit" data-kind="image">{alt}</span>'
    title = texts["title"] or titles.get(image_label(image) or "") or token.attrGet("title") or ""
    title = f' title="{escape(title)}"' if title else ""
    return f'<img src="{escape(src)}" alt="{alt}"{title} loading="lazy">'


def _render_inline_units(lang: str, direction: str, items: list[LocalizedUnit], text: str, env: dict,
                         notes: bool = False) -> str:
    """One paragraph's units: lines split where the source has a hard break; with ``notes``, an inline note's
    units (kind footnote) in a ``<small class="footnote-inline">`` of their own."""
    lines: list[list[LocalizedUnit]] = []
    previous = None
    for item in items:
        if previous is None or _HARD_BREAK.search(text, previous.unit.end, item.unit.start):
            lines.append([])
        lines[-1].append(item)
        previous = item
    return "<br>".join(" ".join(
        f'<small class="footnote-inline">{_render_units(lang, direction, list(run), markdown=env)}</small>' if note
        else _render_units(lang, direction, list(run), markdown=env)
        for note, run in itertools.groupby(line, key=lambda item: notes and item.unit.kind == "footnote")) for line in lines)


def _wrap(opener, inner: str) -> str:
    if opener.type == "paragraph_open" and opener.hidden:  # a tight list's item: no <p>
        return inner
    if opener.type == "footnote_reference_open":   # the note where the source defines it, its label as written
        label = escape(visible_controls(opener.meta["label"]))
        return f'<div class="footnote" id="fn-{label}"><sup class="footnote-label">{label}</sup><div>{inner}</div></div>'
    start = opener.attrGet("start") if opener.type == "ordered_list_open" else None
    attributes = f' start="{int(start)}"' if start is not None else ""
    if opener.type in _CELLS and opener.attrGet("style") in _ALIGN:
        attributes = f' class="l10n-align-{_ALIGN[opener.attrGet("style")]}"'
    return f"<{opener.tag}{attributes}>{inner}</{opener.tag}>"


def isolate_runs(text: str, direction: str) -> str:
    """Escape ``text`` and wrap each run of the other direction in ``<bdi>``.

    >>> isolate_runs("قاعدة K1 العسكرية", "rtl")
    'قاعدة <bdi>K1</bdi> العسكرية'
    >>> isolate_runs("a <b> & c", "ltr")
    'a &lt;b&gt; &amp; c'
    """
    classes = [unicodedata.bidirectional(char) for char in text]
    own, other = STRONG[direction], STRONG["rtl" if direction == "ltr" else "ltr"]
    out: list[str] = []
    position = index = 0
    while index < len(text):
        if classes[index] not in other:
            index += 1
            continue
        end = _run_end(classes, index, own, other)
        out += [escape(text[position:index], quote=False), "<bdi>", escape(text[index:end], quote=False), "</bdi>"]
        position = index = end
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def _run_end(classes: list[str], start: int, own: frozenset[str], other: frozenset[str]) -> int:
    """End of the other-direction run starting at ``start``: its last strong letter plus attached digits."""
    end = start + 1
    scan = end
    while scan < len(classes) and classes[scan] not in own:
        if classes[scan] in other:
            end = scan + 1
        scan += 1
    while end < len(classes):
        if classes[end] == "EN":
            end += 1
        elif classes[end] in _ATTACHED_WEAK and end + 1 < len(classes) and classes[end + 1] == "EN":
            end += 2
        else:
            break
    return end

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
source is marked ``lang="en" dir="ltr"``.
"""

from __future__ import annotations

import base64
import hashlib
import unicodedata
from datetime import date
from html import escape

from ..languages import LanguageProfile
from .labels import dateline, marker
from .policy import State
from .rebuild import Block, LocalizedArticle, LocalizedUnit, blocks

_STRONG = {"ltr": frozenset({"L"}), "rtl": frozenset({"R", "AL"})}
_ATTACHED_WEAK = frozenset({"ES", "CS", "ET"})

STYLE = """
body { margin: 0 auto; max-width: 44rem; padding: 1.5rem; line-height: 1.75;
       font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", system-ui, sans-serif;
       color: #1f2328; background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 0 0 .5rem; }
.dateline { color: #57606a; margin: 0 0 1rem; }
.caption { color: #57606a; font-size: .92rem; border-inline-start: 3px solid #d0d7de; padding-inline-start: .75rem; }
.unit[data-kind="credit"] { font-size: .9em; }
.unit { unicode-bidi: isolate; }
.l10n-unreviewed { background: #fff8c5; outline: 1px dashed #bf8700; }
.l10n-marker { background: #bf8700; color: #fff; border-radius: .25rem; padding: 0 .35em;
               font-size: .8em; margin-inline-end: .3em; unicode-bidi: isolate; }
"""
CSP = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode('utf-8')).digest()).decode('ascii')}'; "
    "base-uri 'none'; form-action 'none'"
)


def render_html(doc: LocalizedArticle, profile: LanguageProfile, *, published_on: date | None = None) -> str:
    """The localized article as a complete UTF-8 HTML page."""
    body: list[str] = []
    for block in blocks(doc):
        body.append(_render_block(doc.lang, profile.direction, block))
        if block.kind == "title" and published_on is not None:
            when = escape(dateline(published_on, profile.locale), quote=False)
            body.append(f'<p class="dateline"><time datetime="{published_on.isoformat()}">{when}</time></p>')
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(profile.code)}" dir="{profile.direction}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title, quote=False)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        f'<article data-slug="{escape(doc.article.slug)}">\n'
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n"
    )


def _render_block(lang: str, direction: str, block: Block) -> str:
    lines = [" ".join(_render_unit(lang, direction, item) for item in line) for line in block.lines]
    if block.kind == "title":
        return f"<h1>{' '.join(lines)}</h1>"
    if block.kind == "caption":
        return f'<p class="caption">{"<br>".join(lines)}</p>'
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
    return f"<p>{'<br>'.join(lines)}</p>"


def _render_unit(lang: str, direction: str, item: LocalizedUnit) -> str:
    classes = ["unit"]
    attributes = f' data-kind="{item.unit.kind}"'
    unit_direction = direction
    if item.state is not State.REVIEWED:
        classes.append("l10n-unreviewed")
        attributes += f' data-l10n-state="{item.state.value}"'
    if item.state is State.SOURCE:
        unit_direction = "ltr"
        attributes += ' lang="en" dir="ltr"'
    span = f'<span class="{" ".join(classes)}"{attributes}>{isolate_runs(item.text, unit_direction)}</span>'
    label = marker(lang, item.state)
    return f'<span class="l10n-marker">[{escape(label, quote=False)}]</span>{span}' if label else span


def isolate_runs(text: str, direction: str) -> str:
    """Escape ``text`` and wrap each run of the other direction in ``<bdi>``.

    >>> isolate_runs("قاعدة K1 العسكرية", "rtl")
    'قاعدة <bdi>K1</bdi> العسكرية'
    >>> isolate_runs("a <b> & c", "ltr")
    'a &lt;b&gt; &amp; c'
    """
    classes = [unicodedata.bidirectional(char) for char in text]
    own, other = _STRONG[direction], _STRONG["rtl" if direction == "ltr" else "ltr"]
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

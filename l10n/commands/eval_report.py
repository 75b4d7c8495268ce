"""The ``l10n eval`` report as people and scripts read it: a text table, JSON, or one offline HTML page.

Rendering only: each ``render_*`` takes an EvalReport and returns text;
``write_report`` writes it atomically.  The HTML page carries its style and an
inline SVG chart (chrF per language and package, glossary on and off, with the
bootstrap interval as a whisker), so it opens offline and requests nothing.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import asdict
from pathlib import Path

from ..errors import UsageError
from ..files.atomic import atomic_write
from .evaluate import EvalReport, EvalRow

FORMATS = ("text", "json", "html")
COLUMNS = ("lang", "package", "beam", "glossary", "entries", "chrF (95% CI)", "chrF++", "term acc.", "numbers kept",
           "length", "forced", "flagged", "edit dist.", "drafts/s")
ON_COLOUR, OFF_COLOUR = "#1f6f8b", "#c98b2b"
BAR_HEIGHT, BAR_GAP, GROUP_GAP, LABEL_WIDTH, PLOT_WIDTH = 18, 4, 16, 330, 520


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _cells(row: EvalRow) -> tuple[str, ...]:
    """The table cells of one row, shared by the text and HTML tables."""
    via = "" if row.drafts_as == row.lang else f" (via {row.drafts_as})"
    terms = "–" if row.term_accuracy is None else f"{row.term_accuracy:.1f}% ({row.term_matched}/{row.term_occurrences})"
    return (
        row.lang, row.package + via, str(row.beam), "on" if row.glossary else "off", str(row.entries),
        f"{row.chrf:.1f} [{row.chrf_low:.1f}–{row.chrf_high:.1f}]", f"{row.chrf_pp:.1f}", terms,
        _percent(row.numbers_kept_percent), f"{row.length_ratio:.2f}", str(row.forced), str(row.flagged),
        f"{row.edit_distance:.1f}", f"{row.drafts_per_second:.1f}",
    )


def render_text(report: EvalReport, width: int = 200) -> str:
    """A rich table of every row, then the method and the notices."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="l10n eval: drafts against reviewed translations")
    for name in COLUMNS:
        table.add_column(name, justify="left" if name in ("lang", "package", "glossary") else "right")
    for row in report.rows:  # plain Text: a package name or version holding "[/x]" is shown, never read as markup
        table.add_row(*(Text(cell) for cell in _cells(row)))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    console.print(table)
    console.print(f"chrF interval: {report.method}.", markup=False)
    for notice in report.notices:
        console.print(notice, markup=False)
    return buffer.getvalue()


def render_json(report: EvalReport) -> str:
    """Every row with its fields and derived percentages, the catalogs read, the method and notices."""
    rows = [{**asdict(row), "term_accuracy": row.term_accuracy, "numbers_kept_percent": row.numbers_kept_percent}
            for row in report.rows]
    data = {"rows": rows, "catalogs": [str(path) for path in report.catalogs],
            "method": report.method, "notices": list(report.notices)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_chart(report: EvalReport) -> str:
    """An inline SVG: one pair of bars (glossary on, off) per language and package, chrF 0-100 with its interval."""
    beams = {row.beam for row in report.rows}
    groups: dict[tuple[str, str], dict[bool, EvalRow]] = {}
    for row in report.rows:
        name = row.package + (f" · beam {row.beam}" if len(beams) > 1 else "")
        groups.setdefault((row.lang, name), {})[row.glossary] = row
    pair = 2 * BAR_HEIGHT + BAR_GAP
    height = 40 + len(groups) * (pair + GROUP_GAP) + 30
    total_width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="chrf-chart" role="img" width="{total_width}" height="{height}" '
             f'viewBox="0 0 {total_width} {height}"><title>chrF per language and package, glossary on and off</title>']
    for tick in range(0, 101, 20):
        x = LABEL_WIDTH + PLOT_WIDTH * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 30}" stroke="#ddd"/>'
                     f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" font-size="11">{tick}</text>')
    y = 40
    for (lang, package), rows in groups.items():
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + pair / 2 + 4:.1f}" text-anchor="end" font-size="12">'
                     f'{html.escape(lang)} · {html.escape(package)}</text>')
        for offset, glossary_on in enumerate((True, False)):
            row = rows.get(glossary_on)
            if row is None:
                continue
            top = y + offset * (BAR_HEIGHT + BAR_GAP)
            colour = ON_COLOUR if glossary_on else OFF_COLOUR
            low = LABEL_WIDTH + PLOT_WIDTH * row.chrf_low / 100
            high = LABEL_WIDTH + PLOT_WIDTH * row.chrf_high / 100
            middle = top + BAR_HEIGHT / 2
            parts.append(
                f'<rect class="bar" data-glossary="{"on" if glossary_on else "off"}" x="{LABEL_WIDTH}" y="{top}" '
                f'width="{PLOT_WIDTH * row.chrf / 100:.1f}" height="{BAR_HEIGHT}" fill="{colour}">'
                f'<title>glossary {"on" if glossary_on else "off"}: chrF {row.chrf:.1f} [{row.chrf_low:.1f}–{row.chrf_high:.1f}]</title></rect>'
                f'<line x1="{low:.1f}" y1="{middle:.1f}" x2="{high:.1f}" y2="{middle:.1f}" stroke="#222" stroke-width="1.5"/>'
                f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{middle + 4:.1f}" font-size="11">{row.chrf:.1f}</text>'
            )
        y += pair + GROUP_GAP
    parts.append(
        f'<rect x="{LABEL_WIDTH}" y="8" width="12" height="12" fill="{ON_COLOUR}"/>'
        f'<text x="{LABEL_WIDTH + 18}" y="18" font-size="12">glossary on</text>'
        f'<rect x="{LABEL_WIDTH + 110}" y="8" width="12" height="12" fill="{OFF_COLOUR}"/>'
        f'<text x="{LABEL_WIDTH + 128}" y="18" font-size="12">glossary off</text>'
        f'<text x="{LABEL_WIDTH + 240}" y="18" font-size="12">chrF; whiskers: 95% bootstrap interval</text></svg>'
    )
    return "".join(parts)


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
.table { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: right; white-space: nowrap; }
th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4rem; }
.method, .notice, .catalogs { color: #555; font-size: 0.85rem; }
"""


def render_html(report: EvalReport) -> str:
    """One self-contained page: the chart, the table, how the interval is computed, the catalogs read."""
    head = "".join(f"<th scope=\"col\">{html.escape(name)}</th>" for name in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in _cells(row)) + "</tr>" for row in report.rows)
    notices = "".join(f'<p class="notice">{html.escape(notice)}</p>' for notice in report.notices)
    catalogs = "".join(f"<li>{html.escape(str(path))}</li>" for path in report.catalogs)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>l10n eval</title><style>{STYLE}</style></head><body>"
        "<h1>Drafts against the desk's reviewed translations</h1>"
        f"<figure>{render_chart(report)}</figure>"
        f'<div class="table"><table><caption>Per language and package, glossary on and off</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        f'<p class="method">chrF interval: {html.escape(report.method)}. Term accuracy: WMT exact-match terminology '
        "accuracy over the approved terms the references hold. Edit distance: mean normalised character Levenshtein "
        "distance to the reviewed text (0–100).</p>"
        f'{notices}<details class="catalogs"><summary>{len(report.catalogs)} catalogs read</summary><ul>{catalogs}</ul></details>'
        "</body></html>\n"
    )


def render_report(report: EvalReport, format: str) -> str:
    """The report in ``format`` (text, json or html)."""
    renderers = {"text": render_text, "json": render_json, "html": render_html}
    if format not in renderers:
        raise UsageError(f"--format {format!r}: use one of {', '.join(FORMATS)}.")
    return renderers[format](report)


def write_report(text: str, path: Path) -> Path:
    """Write a rendered report to ``path`` atomically."""
    return atomic_write(Path(path), text)

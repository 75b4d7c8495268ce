"""The ``l10n eval`` HTML report in headless Chromium: it renders, the chart is drawn, nothing is fetched.

The report comes from a real eval run of the tiny copy stand-ins over the
reviewed sample catalogs (scripts/screenshot_eval.py ``sample_report``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from l10n.commands.eval_report import render_html

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium)"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory, standin_packages_dir):
    from screenshot_eval import sample_report

    return sample_report(tmp_path_factory.mktemp("eval"), standin_packages_dir)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from screenshot_publish import start_chromium

    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), log_network=True)
    yield driver
    driver.quit()


def requested_urls(browser) -> list[str]:
    """Every URL the page asked for since the log was last read (DevTools Network.requestWillBeSent)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_report_renders_with_its_chart_and_fetches_nothing(browser, report, tmp_path):
    page = tmp_path / "eval-report.html"
    page.write_text(render_html(report), encoding="utf-8")
    browser.get_log("performance")  # drop what came before
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    assert requested_urls(browser) == [page.as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    chart = browser.execute_script(
        "const svg = document.querySelector('figure svg#chrf-chart'); if (!svg) return null;"
        "const box = svg.getBoundingClientRect();"
        "return {width: box.width, height: box.height, bars: [...svg.querySelectorAll('rect.bar')].map("
        "r => ({glossary: r.dataset.glossary, width: r.getBBox().width}))};"
    )
    assert chart is not None and chart["width"] > 400 and chart["height"] > 100
    assert len(chart["bars"]) == len(report.rows)
    widest = max(bar["width"] for bar in chart["bars"])
    for bar, row in zip(chart["bars"], report.rows):
        assert bar["glossary"] == ("on" if row.glossary else "off")
        assert bar["width"] == pytest.approx(widest * row.chrf / max(r.chrf for r in report.rows), abs=0.2)
    rows = browser.execute_script("return document.querySelectorAll('tbody tr').length")
    assert rows == len(report.rows)


def test_the_request_log_would_see_a_fetch(browser, tmp_path):
    """The check above can fail: a page that loads an image is caught."""
    page = tmp_path / "fetching.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>', encoding="utf-8")
    browser.get_log("performance")
    browser.get(page.as_uri())
    assert "http://127.0.0.1:9/x.png" in requested_urls(browser)


def test_hostile_names_are_shown_as_text_and_fetch_nothing(browser, report, tmp_path):
    """A package label, notice or catalog path holding markup is text on the page, in the table and the chart."""
    from dataclasses import replace

    evil = '<img src="http://127.0.0.1:9/x.png" onerror="document.title=1">&amp;'
    hostile = replace(report, rows=tuple(replace(row, package=evil) for row in report.rows),
                      notices=(evil,), catalogs=(Path(evil),))
    page = tmp_path / "hostile.html"
    page.write_text(render_html(hostile), encoding="utf-8")
    browser.get_log("performance")
    browser.get(page.as_uri())
    assert requested_urls(browser) == [page.as_uri()]
    assert browser.execute_script("return document.querySelectorAll('img').length + document.title") == "0l10n eval"
    assert evil in browser.execute_script("return document.querySelector('tbody td:nth-child(2)').textContent")
    assert evil in browser.execute_script("return document.querySelector('svg#chrf-chart text[text-anchor=end]').textContent")

"""A Markdown article's published page in headless Chromium: picture, list, quote kept; front matter only as metadata.

The page is made through the CLI by scripts/screenshot_markdown.py (which also
makes docs/screenshots/markdown-ar.png) and driven through selenium as
tests/test_publish_browser.py does.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium)"),
]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shots = _load("screenshot_markdown")
REVIEWED = json.loads((shots.DATA / "council-ar.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return shots.published_sample(tmp_path_factory.mktemp("markdown") / "desk")


@pytest.fixture(scope="module")
def browser(page, tmp_path_factory):
    driver = shots.start_chromium(tmp_path_factory.mktemp("chromium-profile"), width=900, height=1000)
    driver.get(page.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    yield driver
    driver.quit()


def test_the_picture_is_shown_with_its_translated_alt_text_and_title(browser, tmp_path):
    found = browser.execute_script(
        "const i = document.querySelector('article img');"
        "return i && {src: i.getAttribute('src'), alt: i.alt, title: i.title, loaded: i.complete && i.naturalWidth};")
    assert found == {"src": "council-session.png", "alt": REVIEWED["Council members in session"],
                     "title": REVIEWED["The council hall in Kirkuk"], "loaded": 480}
    browser.save_screenshot(str(tmp_path / "markdown-ar.png"))   # what docs/screenshots/markdown-ar.png shows
    assert (tmp_path / "markdown-ar.png").stat().st_size > 10_000


def test_list_quote_heading_and_code_keep_their_structure(browser):
    items = browser.execute_script("return [...document.querySelectorAll('article ul > li')].map(li => li.textContent)")
    assert items == [REVIEWED["Schools get new roofs."], REVIEWED["Teachers are paid on time."]]
    quote = browser.execute_script("return document.querySelector('article blockquote').textContent.trim()")
    assert quote == REVIEWED['"This is a good day for our children," the governor said.']
    assert browser.execute_script("return document.querySelector('article h1').textContent") == REVIEWED["Council approves the school budget"]
    assert browser.execute_script("return document.querySelector('article code').textContent") == "grade < 5"
    link = browser.execute_script("const a = document.querySelector('article a'); return [a.getAttribute('href'), a.rel]")
    assert link == ["//example.org/plan", "noopener noreferrer"]


def test_front_matter_is_metadata_not_body_text(browser):
    assert browser.title == REVIEWED["Kirkuk council approves the school budget"]
    body = browser.execute_script("return document.body.textContent")
    assert "author" not in body and "Jane Doe" not in body and "---" not in body and "title:" not in body
    assert "2020-03-29" not in body and "29 آذار 2020" in body   # the dateline is the localized date

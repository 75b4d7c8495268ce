"""The published HTML in a real browser: direction, mixed-direction placement, no script, no bidi spoofing.

Drives Debian's headless Chromium through selenium (the same setup as
scripts/screenshot_publish.py).  Positions are measured with DOM Ranges: in
right-to-left text the word that comes first logically must sit to the right.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import polib
import pytest

from l10n.publish import publish_article

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium)"),
]

HOSTILE = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    '<svg onload="window.__pwned = 3"></svg> <a href="javascript:window.__pwned = 4">link</a> '
    "\u202eevil\u202c"
)

# Where is the piece of text `needle` (its `nth` occurrence inside the unit containing `phrase`)?
RECT_OF = """
const [phrase, needle, nth] = arguments;
const unit = [...document.querySelectorAll('.unit')].find(e => e.textContent.includes(phrase));
if (!unit) return null;
const walker = document.createTreeWalker(unit, NodeFilter.SHOW_TEXT);
let count = 0, node;
while ((node = walker.nextNode())) {
  for (let i = node.data.indexOf(needle); i >= 0; i = node.data.indexOf(needle, i + 1)) {
    if (count++ === nth) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + needle.length);
      const r = range.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    }
  }
}
return null;
"""


def _load_screenshot_module():
    spec = importlib.util.spec_from_file_location("screenshot_publish", ROOT / "scripts" / "screenshot_publish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shots = _load_screenshot_module()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """lang -> published page of the reviewed sample, and hostile-<lang> -> a page with hostile text."""
    found = {}
    project = shots.sample_project(tmp_path_factory.mktemp("reviewed"))
    publish_article(project, project.root / "examples" / shots.SAMPLE.name, formats=("html",),
                    published_on=date(2020, 3, 29))
    for lang in ("ar", "ckb", "tk"):
        found[lang] = project.root / "published" / shots.SAMPLE.stem / f"{lang}.html"
    hostile = shots.sample_project(tmp_path_factory.mktemp("hostile"))
    for lang in ("ar", "tk"):
        path = hostile.catalog_path(shots.SAMPLE.stem, lang)
        po = polib.pofile(str(path))
        po[3].msgstr = f"{po[3].msgstr} {HOSTILE}"
        po.save(str(path))
        found[f"hostile-{lang}"] = hostile.root / "published" / shots.SAMPLE.stem / f"{lang}.html"
    publish_article(hostile, hostile.root / "examples" / shots.SAMPLE.name, formats=("html",), langs=["ar", "tk"],
                    check=lambda path: [])
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = shots.start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def open_page(browser, path: Path) -> None:
    browser.get(path.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def rect(browser, phrase: str, needle: str, nth: int = 0) -> dict:
    found = browser.execute_script(RECT_OF, phrase, needle, nth)
    assert found is not None, f"{needle!r} not found in the unit containing {phrase!r}"
    return found


def assert_right_to_left(browser, phrase: str, *words: str) -> None:
    """``words`` (in logical order, on one line) are laid out from right to left."""
    boxes = [rect(browser, phrase, word) for word in words]
    for before, after in zip(boxes, boxes[1:]):
        assert abs(before["top"] - after["top"]) < 4, f"{words} are not on one line"
        assert before["left"] >= after["right"] - 1, f"{words}: {boxes}"


@pytest.mark.parametrize(("lang", "direction", "tag"), [("ar", "rtl", "ar"), ("ckb", "rtl", "ckb"), ("tk", "ltr", "tr")])
def test_body_direction_follows_the_language(browser, pages, lang, direction, tag):
    open_page(browser, pages[lang])
    assert browser.execute_script("return getComputedStyle(document.body).direction") == direction
    assert browser.execute_script("return document.documentElement.lang") == tag  # Turkmen-oriented text is Turkish


def test_latin_acronym_and_numbers_sit_in_place_in_arabic(browser, pages):
    open_page(browser, pages["ar"])
    caption = "جندي أمريكي في قاعدة"
    assert_right_to_left(browser, caption, "قاعدة", "K1", "العسكرية")
    assert_right_to_left(browser, caption, "آذار", "2020")
    # inside the acronym and the number, characters still run left to right
    assert rect(browser, caption, "K")["left"] < rect(browser, caption, "1")["left"]
    assert rect(browser, caption, "2", 0)["left"] < rect(browser, caption, "0", 1)["left"]
    sentence = "على بعد 15 كم"
    assert_right_to_left(browser, sentence, "بعد", "15", "كم")


def test_bracketed_acronym_is_mirrored_correctly_in_sorani(browser, pages):
    open_page(browser, pages["ckb"])
    sentence = "ئەمنییەکانی عێراق (ISF) دەکات"
    assert_right_to_left(browser, sentence, "عێراق", "(", "ISF", ")", "دەکات")
    assert_right_to_left(browser, "لە ساڵی 2017ەوە", "ساڵی", "2017")


def test_latin_text_reads_left_to_right_in_turkmen(browser, pages):
    open_page(browser, pages["tk"])
    sentence = "K1 ve Kayyara"
    first, second = rect(browser, sentence, "K1"), rect(browser, sentence, "Kayyara")
    assert first["right"] <= second["left"] + 1


@pytest.mark.parametrize("lang", ["ar", "tk"])
def test_injected_markup_never_runs_and_shows_as_text(browser, pages, lang):
    open_page(browser, pages[f"hostile-{lang}"])
    browser.execute_script("return new Promise(resolve => setTimeout(resolve, 300))")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('script, img, svg, a, iframe').length") == 0
    handlers = "return [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"
    assert browser.execute_script(handlers) == 0
    text = browser.execute_script("return document.body.textContent")
    assert "<script>window.__pwned = 1</script>" in text and 'onerror="window.__pwned = 2"' in text


@pytest.mark.parametrize("lang", ["ar", "tk"])
def test_bidi_override_is_neutralised(browser, pages, lang):
    open_page(browser, pages[f"hostile-{lang}"])
    text = browser.execute_script("return document.body.textContent")
    assert "\u202e" not in text and "[U+202E]evil[U+202C]" in text
    # without the override the word keeps its order: its start is left of its end
    assert rect(browser, "evil", "]ev")["left"] < rect(browser, "evil", "il[")["left"]


# Rectangles of every word of the paragraph containing `phrase`, in logical (DOM) order,
# leaving out the unreviewed markers (right-to-left labels, isolated).
WORD_RECTS = """
const root = [...document.querySelectorAll('p')].find(e => e.textContent.includes(arguments[0]));
if (!root) return null;
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
const found = [];
let node;
while ((node = walker.nextNode())) {
  if (node.parentElement.closest('.l10n-marker')) continue;
  for (const match of node.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const r = range.getBoundingClientRect();
    found.push({word: match[0], left: r.left, right: r.right, top: r.top});
  }
}
return found;
"""
LAST_PARAGRAPH = (
    "In January 2020, the Iraqi parliament passed a nonbinding resolution to expel all foreign troops in the country.",
    "The resolution was voted on after the US airstrike that killed Qassem Suleimani, commander of the Iranian "
    "Revolutionary Guard's Quds Force, and Abu Mahdi al-Muhandis, deputy chief of the Popular Mobilization Committee.",
)


@pytest.fixture(scope="module")
def filled_page(tmp_path_factory):
    """The Arabic page with the last paragraph's two sentences unreviewed and filled from the English source."""
    project = shots.sample_project(tmp_path_factory.mktemp("filled"))
    path = project.catalog_path(shots.SAMPLE.stem, "ar")
    po = polib.pofile(str(path))
    for sentence in LAST_PARAGRAPH:
        po.find(sentence).flags.append("fuzzy")
    po.save(str(path))
    publish_article(project, project.root / "examples" / shots.SAMPLE.name, formats=("html",), langs=["ar"],
                    min_reviewed=80, check=lambda path: [])
    return project.root / "published" / shots.SAMPLE.stem / "ar.html"


@pytest.mark.parametrize("width", [600, 1000])
def test_filled_english_sentences_read_whole_and_in_order_in_an_arabic_page(browser, filled_page, width):
    browser.set_window_size(width, 1400)
    try:
        open_page(browser, filled_page)
        words = browser.execute_script(WORD_RECTS, LAST_PARAGRAPH[0])
        assert words and [w["word"] for w in words] == " ".join(LAST_PARAGRAPH).split()
        lines = {round(w["top"]) for w in words}
        assert len(lines) >= 3, f"the passage should wrap at {width}px"
        for before, after in zip(words, words[1:]):
            if abs(before["top"] - after["top"]) < 4:  # same line: left to right
                assert after["left"] >= before["right"] - 1, (width, before, after)
            else:  # the next word is on a later line, never an earlier one
                assert after["top"] > before["top"], (width, before, after)
    finally:
        browser.set_window_size(1000, 1400)


def test_a_long_address_wraps_instead_of_widening_the_page(browser, tmp_path_factory):
    """Before: a long link address in the text (a source's URL) could not break, so the page scrolled sideways on a
    phone-sized window and in the review preview."""
    project = shots.sample_project(tmp_path_factory.mktemp("long-url"))
    path = project.catalog_path(shots.SAMPLE.stem, "ar")
    po = polib.pofile(str(path))
    entry = po.find(LAST_PARAGRAPH[0])
    entry.msgstr += " https://example.com/reports?id=" + "7f3a9c2e" * 20
    po.save(str(path))
    publish_article(project, project.root / "examples" / shots.SAMPLE.name, formats=("html",), langs=["ar"],
                    check=lambda path: [])
    browser.set_window_size(400, 1000)
    try:
        open_page(browser, project.root / "published" / shots.SAMPLE.stem / "ar.html")
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        browser.set_window_size(1000, 1400)

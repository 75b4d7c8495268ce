"""`l10n review` in headless Chromium: typing and approving, saves by other programs, conflicts, hostile text,
the network log, and word order in a mixed Arabic/Latin unit.

One project, one server and one browser for the module (see tests/test_publish_browser.py for the browser setup);
each test works on its own units.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from l10n.core.records import unit_id
from l10n.review import open_review
from l10n.stages.segment import segment_article
from screenshot_publish import SAMPLE, start_chromium
from screenshot_review import demo_project, running

ROOT = Path(__file__).resolve().parents[1]
SAVER = ROOT / "tests" / "po_saver.py"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium)"),
]

HOSTILE_SOURCE = "Officials said <script>window.__pwned = 1</script> and </textarea><b>bold</b> then \u202eevil\u202c today"
HOSTILE_TARGET = "</textarea><img src=x onerror=\"window.__pwned = 2\"> نص"
ARABIC = "كركوك، جندي أمريكي في قاعدة K1 العسكرية"
SORANI = "سەربازێکی ئەمریکی لە بنکەی K1ی سەربازی، ئاداری ٢٠٢٠"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The demo project, its article ending with a hostile paragraph whose entries are in every catalog."""
    project = demo_project(tmp_path_factory.mktemp("review-browser"))
    article = project.root / "examples" / SAMPLE.name
    article.write_text(article.read_text(encoding="utf-8") + f"\n{HOSTILE_SOURCE}.\n", encoding="utf-8")
    units = segment_article(article.read_text(encoding="utf-8"), slug=SAMPLE.stem, source_path=SAMPLE.name).units
    for lang in ("ar", "ckb", "tk"):
        path = project.catalog_path(SAMPLE.stem, lang)
        po = polib.pofile(str(path))
        for unit in units:
            if po.find(unit.source) is None:
                po.append(polib.POEntry(msgid=unit.source, msgstr=HOSTILE_TARGET if lang == "ar" else "",
                                        flags=["fuzzy"] if lang == "ar" else [], comment=f"role: {unit.kind}"))
        po.save(str(path))
    return project


@pytest.fixture(scope="module")
def server(project):
    with running(open_review(project, project.root / "examples" / SAMPLE.name)) as served:
        yield served


@pytest.fixture(scope="module")
def browser(tmp_path_factory, server):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), width=1300, height=1000, log_network=True)
    driver.get(server.url)      # trades the token for the session cookie
    yield driver
    driver.quit()


def open_page(browser, server, lang: str) -> None:
    browser.get(f"http://127.0.0.1:{server.port}/{lang}/")
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.find_element("css selector", "#units li.unit")


def catalog(project, lang: str) -> Path:
    return project.catalog_path(SAMPLE.stem, lang)


def live(project, lang: str) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(catalog(project, lang))) if not entry.obsolete]


def unit_element(browser, msgid: str):
    return browser.find_element("id", f"u-{unit_id(msgid)}")


def wait_for(browser, script: str, *args, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(lambda driver: driver.execute_script(script, *args))


def state_of(msgid: str) -> str:
    return f"(document.getElementById('u-{unit_id(msgid)}') || {{dataset: {{}}}}).dataset.state"


def type_and_approve(browser, msgid: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    unit = unit_element(browser, msgid)
    unit.find_element("css selector", "button.edit").click()
    area = unit.find_element("css selector", "textarea")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys(text)
    area.send_keys(Keys.CONTROL, Keys.ENTER)


def msgfmt_clean(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True).returncode == 0


def save_elsewhere(path: Path, index: int, text: str) -> None:
    subprocess.run([sys.executable, str(SAVER)], input=f"rename 0 {path} {index} {text}\n", text=True,
                   check=True, capture_output=True)


@pytest.mark.parametrize(("lang", "text"), [("ar", ARABIC), ("ckb", SORANI)], ids=["ar", "ckb"])
def test_typing_and_approving_writes_the_po_entry(browser, server, project, lang, text):
    empty = live(project, lang)[6]           # emptied in the demo project
    assert not empty.msgstr
    open_page(browser, server, lang)
    before = browser.find_element("id", "progress").text
    type_and_approve(browser, empty.msgid, text)
    wait_for(browser, f"return ({state_of(empty.msgid)}) === 'reviewed'")
    entry = polib.pofile(str(catalog(project, lang))).find(empty.msgid)
    assert entry.msgstr == text and "fuzzy" not in entry.flags
    assert (entry.comment, entry.tcomment, entry.occurrences) == (empty.comment, empty.tcomment, empty.occurrences)
    assert msgfmt_clean(catalog(project, lang))
    reviewed, total = (int(n) for n in before.split()[::2][:2])
    assert browser.find_element("id", "progress").text == f"{reviewed + 1} of {total} reviewed"
    shown = unit_element(browser, empty.msgid).find_element("css selector", ".target .shown").text
    assert shown == text


def test_a_save_by_another_process_during_the_session_is_kept(browser, server, project):
    from selenium.webdriver.common.keys import Keys

    path = catalog(project, "tk")
    entries = live(project, "tk")
    mine, theirs = entries[3], entries[8]
    open_page(browser, server, "tk")
    unit = unit_element(browser, mine.msgid)
    unit.find_element("css selector", "button.edit").click()
    area = unit.find_element("css selector", "textarea")
    area.send_keys(" (gözden geçirildi)")
    save_elsewhere(path, 8, "Başka bir editörün kaydı")     # Poedit saves while the translator types
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(browser, f"return ({state_of(mine.msgid)}) === 'reviewed'")
    now = polib.pofile(str(path))
    assert now.find(mine.msgid).msgstr == mine.msgstr + " (gözden geçirildi)"
    assert now.find(theirs.msgid).msgstr == "Başka bir editörün kaydı"
    assert msgfmt_clean(path)


def test_a_conflicting_save_of_the_same_entry_shows_both_versions(browser, server, project):
    from selenium.webdriver.common.keys import Keys

    path = catalog(project, "ckb")
    entry = live(project, "ckb")[3]           # a draft in the demo project
    open_page(browser, server, "ckb")
    unit = unit_element(browser, entry.msgid)
    unit.find_element("css selector", "button.edit").click()
    area = unit.find_element("css selector", "textarea")
    area.send_keys(" دەستکاری")
    save_elsewhere(path, 3, "وەشانی وەرگێڕێکی تر")
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    box = wait_for(browser, "return document.querySelector('.conflict')")
    theirs = box.find_element("css selector", ".version.theirs .text").text
    mine = box.find_element("css selector", ".version.mine .text").text
    assert theirs == "وەشانی وەرگێڕێکی تر" and mine == entry.msgstr + " دەستکاری"
    assert polib.pofile(str(path)).find(entry.msgid).msgstr == "وەشانی وەرگێڕێکی تر"   # nothing written yet
    box.find_element("css selector", "button.keep-mine").click()
    wait_for(browser, f"return !document.querySelector('.conflict') && ({state_of(entry.msgid)}) === 'reviewed'")
    kept = polib.pofile(str(path)).find(entry.msgid)
    assert kept.msgstr == entry.msgstr + " دەستکاری" and "fuzzy" not in kept.flags


def test_hostile_msgid_and_translation_render_as_text(browser, server, project):
    open_page(browser, server, "ar")
    browser.execute_script("return new Promise(resolve => setTimeout(resolve, 200))")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('#units script, #units img, #units b').length") == 0
    hostile = next(e for e in live(project, "ar") if "<script>" in e.msgid)
    unit = unit_element(browser, hostile.msgid)
    source = unit.find_element("css selector", ".source").get_attribute("textContent")
    assert "<script>window.__pwned = 1</script>" in source and "</textarea><b>bold</b>" in source
    assert "\u202e" not in source and "[U+202E]evil[U+202C]" in source
    area = unit.find_element("css selector", "textarea")
    assert area.get_property("value") == HOSTILE_TARGET     # the translator's text, exactly, inside its textarea
    assert "<img" in unit.find_element("css selector", ".target .shown").get_attribute("textContent")


def test_the_page_makes_no_request_to_another_host(browser, server, project):
    browser.get_log("performance")   # drop what earlier tests logged
    open_page(browser, server, "ckb")
    wait_for(browser, "const f = document.getElementById('preview'); return f.contentDocument && f.contentDocument.readyState === 'complete'")
    urls = [message["params"]["request"]["url"]
            for message in (json.loads(entry["message"])["message"] for entry in browser.get_log("performance"))
            if message["method"] == "Network.requestWillBeSent"]
    base = f"http://127.0.0.1:{server.port}/"
    assert any(url.endswith("/review.js") for url in urls) and any(url.endswith("/preview") for url in urls)
    assert [url for url in urls if not url.startswith(base)] == []


# Boxes of words inside the shown translation of the unit whose text includes arguments[0].
WORD_BOXES = """
const unit = [...document.querySelectorAll('#units .target .shown')].find(e => e.textContent.includes(arguments[0]));
const words = arguments[1], boxes = [];
const walker = document.createTreeWalker(unit, NodeFilter.SHOW_TEXT);
let node;
const texts = [];
while ((node = walker.nextNode())) texts.push(node);
for (const word of words) {
  for (const text of texts) {
    const i = text.data.indexOf(word);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(text, i); range.setEnd(text, i + word.length);
    const r = range.getBoundingClientRect();
    boxes.push({word, left: r.left, right: r.right, top: r.top});
    break;
  }
}
return boxes;
"""


@pytest.mark.parametrize("width", [700, 1300])
def test_a_mixed_arabic_and_latin_unit_reads_right_to_left_at_two_widths(browser, server, project, width):
    browser.set_window_size(width, 1000)
    try:
        open_page(browser, server, "ar")
        caption = "جندي أمريكي في قاعدة"
        unit = browser.execute_script(
            "return [...document.querySelectorAll('#units .target .shown')].find(e => e.textContent.includes(arguments[0]))",
            caption)
        assert unit.value_of_css_property("direction") == "rtl"
        for words in (["قاعدة", "K1", "العسكرية"], ["آذار", "2020"]):
            boxes = browser.execute_script(WORD_BOXES, caption, words)
            assert [box["word"] for box in boxes] == words
            for before, after in zip(boxes, boxes[1:]):
                if abs(before["top"] - after["top"]) < 4:   # one line: logical order runs right to left
                    assert before["left"] >= after["right"] - 1, (width, boxes)
                else:                                       # wrapped: the next word is on a later line
                    assert after["top"] > before["top"], (width, boxes)
        k, one = browser.execute_script(WORD_BOXES, caption, ["K", "1"])
        assert k["right"] <= one["left"] + 1          # inside the Latin run, left to right
    finally:
        browser.set_window_size(1300, 1000)


def test_keyboard_next_to_review_approve_and_undo(browser, server, project):
    path = catalog(project, "ar")
    draft = live(project, "ar")[3]           # the first draft of the demo project
    open_page(browser, server, "ar")
    body = browser.find_element("css selector", "body")
    body.send_keys("n")
    assert browser.execute_script("return document.activeElement.dataset.key") == unit_id(draft.msgid)
    browser.switch_to.active_element.send_keys("a")
    wait_for(browser, f"return ({state_of(draft.msgid)}) === 'reviewed'")
    assert "fuzzy" not in polib.pofile(str(path)).find(draft.msgid).flags
    assert browser.find_element("id", "undo").is_enabled()
    browser.switch_to.active_element.send_keys("u")
    wait_for(browser, f"return ({state_of(draft.msgid)}) === 'draft'")
    back = polib.pofile(str(path)).find(draft.msgid)
    assert (back.msgstr, back.flags) == (draft.msgstr, draft.flags)
    from selenium.webdriver.common.keys import Keys

    browser.switch_to.active_element.send_keys(Keys.ENTER)            # edit in place
    area = browser.switch_to.active_element
    assert area.tag_name == "textarea" and area.get_attribute("dir") == "rtl"
    area.send_keys(" مسودة")
    area.send_keys(Keys.CONTROL, "s")                                  # save as a draft
    wait_for(browser, f"return document.getElementById('u-{unit_id(draft.msgid)}').querySelector('.shown').textContent.includes('مسودة')")
    saved = polib.pofile(str(path)).find(draft.msgid)
    assert saved.msgstr == draft.msgstr + " مسودة" and "fuzzy" in saved.flags



def test_a_save_the_server_cannot_receive_says_so_and_keeps_the_text(browser, project):
    """`l10n review` stopped (Ctrl-C) while the translator types: approving says in one line that nothing was
    saved and leaves the text in the box (the failed request was an unhandled rejection: nothing happened)."""
    import re
    import signal

    from selenium.webdriver.common.keys import Keys

    entry = live(project, "tk")[10]
    process = subprocess.Popen([sys.executable, "-m", "l10n.cli", "-C", str(project.root), "review",
                                str(project.root / "examples" / SAMPLE.name), "--lang", "tk", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", process.stdout.readline())[0]
        browser.get(url)
        unit = unit_element(browser, entry.msgid)
        unit.find_element("css selector", "button.edit").click()
        area = unit.find_element("css selector", "textarea")
        area.send_keys(" (kaydedilmedi)")
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    finally:
        process.kill()
    area.send_keys(Keys.CONTROL, Keys.ENTER)     # the server is gone
    message = wait_for(browser, "const m = document.getElementById('message'); return !m.hidden && m.textContent")
    assert "not saved" in message and "\n" not in message
    assert browser.execute_script("return document.getElementById('message').dataset.kind") == "error"
    assert area.get_property("value") == entry.msgstr + " (kaydedilmedi)" and area.is_displayed()
    assert polib.pofile(str(catalog(project, "tk"))).find(entry.msgid).msgstr == entry.msgstr


# The page's fetch, with the answers to list reloads held back for arguments[0] ms (a long article on a busy machine).
SLOW_RELOADS = """
const real = window.fetch, delay = arguments[0];
window.__reloads = 0;
window.fetch = async (url, options) => {
  const response = await real(url, options);
  if (String(url).endsWith('/units')) { await new Promise(resolve => setTimeout(resolve, delay)); window.__reloads++; }
  return response;
};
"""


def test_an_edit_begun_while_the_list_reloads_is_kept(browser, server, project):
    """Before: the window getting the focus back reloads the list, and an edit begun before the list came back (the
    click on Edit that gave the window the focus, then typing) was wiped by it: the typed text was gone."""
    entry = live(project, "ar")[12]
    open_page(browser, server, "ar")
    browser.execute_script(SLOW_RELOADS, 600)
    browser.execute_script("""
        const unit = document.getElementById('u-' + arguments[0]);
        window.dispatchEvent(new Event('focus'));
        unit.querySelector('button.edit').click();
        unit.querySelector('textarea').value += ' نص مكتوب';""", unit_id(entry.msgid))
    wait_for(browser, "return window.__reloads === 1")
    browser.execute_script("return new Promise(resolve => setTimeout(resolve, 100))")
    unit = unit_element(browser, entry.msgid)
    assert "editing" in unit.get_attribute("class")
    assert unit.find_element("css selector", "textarea").get_property("value") == entry.msgstr + " نص مكتوب"


def test_a_list_reload_asked_for_before_a_save_does_not_show_the_unit_as_it_was(browser, server, project):
    """Before: a reload answered after an approval put the unit back as the list had it before (a draft), although
    the file held it reviewed."""
    draft = live(project, "ckb")[3]
    open_page(browser, server, "ckb")
    browser.execute_script(SLOW_RELOADS, 1500)
    browser.execute_script("window.dispatchEvent(new Event('focus'));")
    unit_element(browser, draft.msgid).find_element("css selector", "button.approve").click()
    wait_for(browser, "return window.__reloads === 1")
    browser.execute_script("return new Promise(resolve => setTimeout(resolve, 100))")
    assert "fuzzy" not in polib.pofile(str(catalog(project, "ckb"))).find(draft.msgid).flags
    assert browser.execute_script(f"return {state_of(draft.msgid)}") == "reviewed"


def test_enter_on_a_focused_button_or_link_does_what_it_says(browser, server, project):
    """Keyboard only: Tab to a unit's Approve button or to a language link and press Enter.  Before: Enter was taken
    as the "edit" shortcut everywhere, so Approve opened the editor and the link was never followed."""
    from selenium.webdriver.common.keys import Keys

    draft = live(project, "tk")[4]
    open_page(browser, server, "tk")
    unit_element(browser, draft.msgid).find_element("css selector", "button.approve").send_keys(Keys.ENTER)
    wait_for(browser, f"return ({state_of(draft.msgid)}) === 'reviewed'")
    assert "fuzzy" not in polib.pofile(str(catalog(project, "tk"))).find(draft.msgid).flags
    assert browser.execute_script("return document.activeElement.dataset.key") == unit_id(draft.msgid)
    browser.find_element("id", "help-button").send_keys(Keys.ENTER)
    assert browser.find_element("id", "help").is_displayed()
    browser.find_element("css selector", ".langs a[href='/ar/']").send_keys(Keys.ENTER)
    wait_for(browser, "return location.pathname === '/ar/' && document.readyState === 'complete'")


def test_a_save_the_server_refuses_says_why_and_keeps_the_text(browser, server, project):
    """The server was restarted (a new token) while the page stayed open: the save is refused with 403 and a line of
    text.  Before: the page said only "FORBIDDEN"; now it says nothing was saved and what to do."""
    from selenium.webdriver.common.keys import Keys

    entry = live(project, "tk")[11]
    open_page(browser, server, "tk")
    unit = unit_element(browser, entry.msgid)
    unit.find_element("css selector", "button.edit").click()
    area = unit.find_element("css selector", "textarea")
    area.send_keys(" (reddedildi)")
    browser.delete_all_cookies()
    try:
        area.send_keys(Keys.CONTROL, Keys.ENTER)
        message = wait_for(browser, "const m = document.getElementById('message'); return !m.hidden && m.textContent")
    finally:
        browser.get(server.url)     # the token again, for the tests after this one
    assert message.startswith("not saved: ") and "open the address" in message and "\n" not in message
    assert polib.pofile(str(catalog(project, "tk"))).find(entry.msgid).msgstr == entry.msgstr


def test_next_to_review_on_a_page_with_nothing_editable_does_not_say_all_is_reviewed(tmp_path_factory):
    """A catalog that has none of the article's units yet (every unit read-only, "not in catalog"): `n` said
    "Every unit is reviewed and nothing is flagged." with 0 of 17 reviewed."""
    project = demo_project(tmp_path_factory.mktemp("review-empty-catalog"))
    path = project.catalog_path(SAMPLE.stem, "tk")
    po = polib.pofile(str(path))
    po[:] = []
    po.save(str(path))
    driver = start_chromium(tmp_path_factory.mktemp("chromium-empty"), width=1300, height=1000)
    try:
        with running(open_review(project, project.root / "examples" / SAMPLE.name, ("tk",))) as served:
            driver.get(served.url)
            assert driver.find_element("id", "progress").text == "0 of 17 reviewed"
            driver.find_element("css selector", "body").send_keys("n")
            message = wait_for(driver, "const m = document.getElementById('message'); return !m.hidden && m.textContent")
    finally:
        driver.quit()
    assert not message.startswith("Every unit is reviewed") and "read-only" in message and "l10n translate" in message


def test_the_edit_box_grows_with_what_is_typed(browser, server, project):
    """Before: the box was sized once, when editing began; a translation typed longer than the draft scrolled
    inside a box a line or two high."""
    open_page(browser, server, "tk")
    msgid = live(project, "tk")[1].msgid
    unit = unit_element(browser, msgid)
    unit.find_element("css selector", "button.edit").click()
    area = unit.find_element("css selector", "textarea")
    area.send_keys(" Kerkük'te toplantı yapıldı." * 30)
    assert browser.execute_script("return arguments[0].scrollHeight <= arguments[0].clientHeight + 2", area)
    unit.find_element("css selector", "button.cancel").click()

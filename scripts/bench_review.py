#!/usr/bin/env python3
"""Time `l10n review` on a 150-unit article: first paint of the page, and one save, each beside a baseline.

    .venv/bin/python scripts/bench_review.py [--units 150] [--rounds 5]

A temporary project holds one article of ``--units`` units (a title, a caption,
a credit and news sentences from scripts/data/news_sentences.txt) and an Arabic
catalog in which every unit is a fuzzy draft (the sentence with an Arabic
prefix: no model is involved), with the desk glossary.  The review server runs
as `l10n review` runs it (waitress, in this process); Chromium is Debian's,
headless.  Measured, medians of ``--rounds``, side by side in one run:

* first contentful paint of the review page (served, every unit with its terms,
  QA findings and memory lookup) against the same article's published HTML page
  opened from a file (what a reader's browser paints);
* one save (approve, through HTTP, the token and CSRF checks, compare-and-swap,
  msgfmt and the memory import) against the library's ``pofiles.edit_catalog``
  of the same change called directly, and against polib loading and saving the
  catalog (a plain editor save, with none of the checks).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshot_publish import start_chromium  # noqa: E402
from screenshot_review import running  # noqa: E402


def make_project(folder: Path, units: int):
    """A project with one article of about ``units`` units and its Arabic catalog, every unit a draft."""
    import shutil

    from l10n.core.languages import get_profile
    from l10n.core.project import load_project
    from l10n.stages.catalog import build_template, fresh_catalog
    from l10n.stages.pofiles import write_catalog
    from l10n.stages.segment import segment_article

    sentences = [line.strip() for line in (ROOT / "scripts" / "data" / "news_sentences.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
    body = sentences[: units - 3]
    paragraphs = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
    text = "Coalition hands over bases in Kirkuk and Nineveh\n\nKirkuk, a soldier at the base, March 2020. Photo: KirkukNow\n\n"
    text += "\n\n".join(paragraphs) + "\n"
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    (folder / "l10n.toml").write_text("", encoding="utf-8")
    article_path = folder / "bench-article.txt"
    article_path.write_text(text, encoding="utf-8")
    project = load_project(folder)
    article = segment_article(text, slug="bench-article", source_path=article_path.name)
    template = build_template([article])
    po = fresh_catalog(template, get_profile("ar"))
    for entry in po:
        entry.msgstr = "مسودة: " + entry.msgid
        entry.flags = ["fuzzy"]
    path = project.catalog_path("bench-article", "ar")
    path.parent.mkdir(parents=True)
    write_catalog(template, project.template_path("bench-article"))
    write_catalog(po, path)
    return project, article_path, len(article.units)


def first_paint(driver, url: str) -> float:
    driver.get(url)
    paint = driver.execute_script(
        "return new Promise(resolve => { const f = () => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
        " if (e) resolve(e.startTime); else setTimeout(f, 10); }; f(); })")
    return paint / 1000.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    from l10n.core.records import unit_id
    from l10n.review import open_review
    from l10n.stages.pofiles import edit_catalog, read_catalog

    with tempfile.TemporaryDirectory() as tmp:
        project, article_path, count = make_project(Path(tmp) / "project", args.units)
        review = open_review(project, article_path, ("ar",))
        published = Path(tmp) / "published-ar.html"
        published.write_text(review.preview("ar"), encoding="utf-8")
        driver = start_chromium(Path(tmp) / "chromium-profile", width=1300, height=1000)
        catalog = project.catalog_path("bench-article", "ar")
        try:
            with running(review) as server:
                jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
                opener = urllib.request.build_opener(jar)
                page = opener.open(server.url).read().decode()
                csrf = re.search(r'name="l10n-csrf" content="([^"]+)"', page)[1]
                driver.get(server.url)
                page_url = f"http://127.0.0.1:{server.port}/ar/"
                first_paint(driver, page_url), first_paint(driver, published.as_uri())   # warm both
                review_paint, file_paint = [], []
                for _ in range(args.rounds):
                    review_paint.append(first_paint(driver, page_url))
                    file_paint.append(first_paint(driver, published.as_uri()))

                sources = review.sources
                http_save, library_save, polib_save = [], [], []
                for round_ in range(args.rounds):
                    source = sources[3 + round_ * 3]
                    body = json.dumps({"key": unit_id(source), "text": f"نص {round_}", "approve": True, "seen": None}).encode()
                    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/ar/save", data=body, method="POST",
                                                     headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
                    start = time.perf_counter()
                    answer = json.loads(opener.open(request).read())
                    http_save.append(time.perf_counter() - start)
                    assert answer["status"] == "saved", answer

                    other = sources[4 + round_ * 3]

                    def edit(snapshot, other=other, round_=round_):
                        po = read_catalog(snapshot)
                        entry = po.find(other)
                        entry.msgstr, entry.flags = f"نص آخر {round_}", []
                        return po

                    start = time.perf_counter()
                    assert edit_catalog(catalog, edit).written
                    library_save.append(time.perf_counter() - start)

                    start = time.perf_counter()
                    po = polib.pofile(str(catalog))
                    po.find(sources[5 + round_ * 3]).msgstr = f"نص ثالث {round_}"
                    po.save(str(catalog))
                    polib_save.append(time.perf_counter() - start)
        finally:
            driver.quit()

    median = statistics.median
    print(f"article: {count} units ({len(sources)} distinct), Arabic catalog of drafts, desk glossary; medians of {args.rounds}")
    print(f"first contentful paint: review page {median(review_paint) * 1000:.0f} ms, published page from a file "
          f"{median(file_paint) * 1000:.0f} ms: review / published = {median(review_paint) / median(file_paint):.1f}x")
    print(f"save (approve one unit): over HTTP {median(http_save) * 1000:.0f} ms, pofiles.edit_catalog "
          f"{median(library_save) * 1000:.0f} ms, polib load + save {median(polib_save) * 1000:.0f} ms: "
          f"HTTP / library = {median(http_save) / median(library_save):.1f}x, "
          f"HTTP / polib = {median(http_save) / median(polib_save):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

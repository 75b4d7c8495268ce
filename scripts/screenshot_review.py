"""Screenshots of `l10n review` in headless Chromium, for ar, ckb and tk.

    .venv/bin/python scripts/screenshot_review.py OUTDIR [--langs ar ckb tk]

Builds a demo project from the sample article and the reviewed test catalogs
(``demo_project``: a few units turned back into drafts, one emptied, one with a
changed source and one flagged, so every state shows), serves it as
``l10n review`` does and writes OUTDIR/review-<lang>.png.  ``demo_project`` and
``running`` are also what tests/test_review_browser.py and
scripts/bench_review.py use.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import polib

from screenshot_publish import SAMPLE, sample_project, start_chromium

FLAG = "l10n: FLAG numbers: number 2017 missing from the translation"
PROVENANCE = "l10n: draft by engine translate-en_{lang} 1.9; source sha1:{source}; text sha1:{text}"


def demo_project(folder: Path):
    """The sample project with units in every state: reviewed, draft, flagged draft, empty, changed source."""
    from l10n.stages.pofiles import write_catalog

    project = sample_project(folder)
    for lang in ("ar", "ckb", "tk"):
        path = project.catalog_path(SAMPLE.stem, lang)
        po = polib.pofile(str(path), wrapwidth=0)
        live = [entry for entry in po if not entry.obsolete]
        live[3].flags.insert(0, "fuzzy")                      # a draft
        live[4].flags.insert(0, "fuzzy")                      # a flagged draft, as l10n writes it
        live[4].comment = "\n".join([live[4].comment, PROVENANCE.format(lang=lang, source=_sha1(live[4].msgid),
                                                                        text=_sha1(live[4].msgstr)), FLAG])
        live[5].flags.insert(0, "fuzzy")                      # the source changed since it was reviewed
        live[5].previous_msgid = re.sub(r"\d+", lambda m: str(int(m.group()) - 1), live[5].msgid, count=1)
        live[6].msgstr = ""                                   # not translated yet
        write_catalog(po, path)                               # in the layout l10n writes (GNU msgcat's)
    return project


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@contextlib.contextmanager
def running(review, **options) -> Iterator:
    """A ReviewServer serving ``review`` in a thread, closed afterwards."""
    from l10n.review import ReviewServer

    server = ReviewServer(review, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--langs", nargs="+", default=["ar", "ckb", "tk"])
    args = parser.parse_args(argv)
    from l10n.review import open_review

    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = demo_project(Path(tmp) / "project")
        review = open_review(project, project.root / "examples" / SAMPLE.name, tuple(args.langs))
        driver = start_chromium(Path(tmp) / "chromium-profile", width=1400, height=1000)
        try:
            with running(review) as server:
                driver.get(server.url)
                for lang in args.langs:
                    driver.get(f"http://127.0.0.1:{server.port}/{lang}/")
                    driver.execute_script("document.querySelector('[data-state=\"changed\"]').closest('li').scrollIntoView()")
                    driver.execute_script("window.scrollBy(0, -300)")
                    target = args.outdir / f"review-{lang}.png"
                    driver.save_screenshot(str(target))
                    print(target)
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

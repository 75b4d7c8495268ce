"""Screenshots of the published sample in headless Chromium, to check the RTL layout by eye.

    .venv/bin/python scripts/screenshot_publish.py OUTDIR [--langs ar ckb tk]

Publishes the sample article with the reviewed test catalogs into a temporary
project (once fully reviewed, once with one unit left fuzzy and
``--min-reviewed 90`` so the unreviewed marker shows), then writes
OUTDIR/<lang>.png and OUTDIR/<lang>-marked.png.  ``start_chromium`` is also
what tests/test_publish_browser.py drives.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
REVIEWED = ROOT / "tests" / "data" / "reviewed"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def start_chromium(user_data_dir: Path, width: int = 1000, height: int = 1400, *, log_network: bool = False):
    """Debian's headless Chromium under selenium, with a fresh profile and no background traffic.

    With ``log_network`` the DevTools performance log is kept, so a test can
    read every request the page made (``driver.get_log("performance")``).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={user_data_dir}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    if log_network:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def sample_project(folder: Path, *, fuzzy_msgid: str | None = None):
    """A project in ``folder`` with the sample article, the glossary and the reviewed catalogs."""
    import polib

    from l10n.core.project import load_project

    shutil.copytree(ROOT / "glossary", folder / "glossary")
    (folder / "examples").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "examples" / SAMPLE.name)
    slug = SAMPLE.stem
    for source in sorted(REVIEWED.glob("*.po")):
        target = folder / "locales" / source.stem / "LC_MESSAGES" / f"{slug}.po"
        target.parent.mkdir(parents=True)
        po = polib.pofile(str(source))
        if fuzzy_msgid is not None:
            po.find(fuzzy_msgid).flags.append("fuzzy")
        po.save(str(target))
    return load_project(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--langs", nargs="+", default=["ar", "ckb"])
    args = parser.parse_args(argv)
    from l10n.publish import publish_article
    from l10n.stages.segment import segment_article

    args.outdir.mkdir(parents=True, exist_ok=True)
    body = [u for u in segment_article(SAMPLE.read_text(encoding="utf-8"), slug="s", source_path="s").units
            if u.kind == "body"]
    with tempfile.TemporaryDirectory() as tmp:
        runs = {"": {}, "-marked": {"fuzzy_msgid": body[1].source}}
        driver = start_chromium(Path(tmp) / "chromium-profile")
        try:
            for suffix, setup in runs.items():
                project = sample_project(Path(tmp) / f"project{suffix}", **setup)
                publish_article(project, project.root / "examples" / SAMPLE.name, langs=args.langs,
                                min_reviewed=90 if suffix else None, published_on=date(2020, 3, 29))
                for lang in args.langs:
                    page = project.root / "published" / SAMPLE.stem / f"{lang}.html"
                    driver.get(page.as_uri())
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(1000, height + 160)  # room for the window frame
                    target = args.outdir / f"{lang}{suffix}.png"
                    driver.save_screenshot(str(target))
                    print(target)
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

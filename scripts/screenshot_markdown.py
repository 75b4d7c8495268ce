"""The published Arabic page of a Markdown article with a picture, a list, a quote and front matter, in Chromium.

    .venv/bin/python scripts/screenshot_markdown.py [OUT.png]   (default: docs/screenshots/markdown-ar.png)

Builds a project from ``tests/data/markdown/council.md`` (its picture is drawn
here, a small PNG), translates it (no model: the catalog starts empty), fills
the Arabic catalog with the reviewed translations of ``council-ar.json``,
publishes it through the CLI and photographs the page.
``tests/test_publish_markdown_browser.py`` checks the same page.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "markdown"
ARTICLE = DATA / "council.md"
PICTURE = "council-session.png"
sys.path.insert(0, str(ROOT / "scripts"))

from screenshot_publish import start_chromium  # noqa: E402


def draw_picture(path: Path, width: int = 480, height: int = 200) -> None:
    """A small PNG: a blue sky over a sand-coloured hall with a row of dark windows."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            if y < height // 2:
                pixel = (110, 160, 215)
            elif (height // 2 + 20 < y < height // 2 + 60) and (x // 40) % 2 == 1:
                pixel = (60, 50, 45)
            else:
                pixel = (215, 190, 140)
            row += bytes(pixel)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def published_sample(folder: Path) -> Path:
    """A project in ``folder`` with the article translated, reviewed in Arabic and published; the Arabic page."""
    import polib

    from l10n import cli

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    draw_picture(folder / PICTURE)
    empty_packages = folder / "no-packages"
    empty_packages.mkdir()
    run = ["-C", str(folder)]
    assert cli.main(["init", str(folder), "--empty-glossary", "--packages-dir", str(empty_packages)]) == 0
    assert cli.main([*run, "translate", str(folder / ARTICLE.name), "--lang", "ar", "--quiet"]) == 0
    catalog = folder / "locales" / "ar" / "LC_MESSAGES" / f"{ARTICLE.stem}.po"
    po = polib.pofile(str(catalog), wrapwidth=0)
    for entry, text in zip(po, _translations(po)):
        entry.msgstr, entry.flags = text, []
    po.save(str(catalog))
    assert cli.main([*run, "publish", str(folder / ARTICLE.name), "--lang", "ar", "--date", "2020-03-29"]) == 0
    return folder / "published" / ARTICLE.stem / "ar.html"


def _translations(po) -> list[str]:
    reviewed = json.loads((DATA / "council-ar.json").read_text(encoding="utf-8"))
    return [reviewed[entry.msgid] for entry in po]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "docs" / "screenshots" / "markdown-ar.png")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="l10n-markdown-shot-") as scratch:
        page = published_sample(Path(scratch) / "desk")
        driver = start_chromium(Path(scratch) / "profile", width=900, height=1000)
        try:
            driver.get(page.as_uri())
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A screenshot of the ``l10n eval`` HTML report in headless Chromium, to check it by eye.

    .venv/bin/python scripts/screenshot_eval.py [OUT.png]    (default docs/screenshots/eval-report.png)

Builds tiny STAND-IN copy packages (en→ar, en→tr, and en→mul serving ckb and
tk), puts the sample article's reviewed catalogs in a temporary project, runs
``l10n eval`` on them and renders the page.  The stand-ins copy English, so the
figures show the report's shape, not any real model's quality.
``sample_report`` is also what tests/test_eval_browser.py renders.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_publish import ROOT, sample_project, start_chromium  # noqa: E402

MULTILINGUAL = {"to_code": "mul", "to_codes": ("ckb", "tk"), "source_prefix": ">>ckb<<", "target_prefix": "ckb_Arab"}


def sample_report(folder: Path, packages: Path | None = None):
    """The eval report of the reviewed sample catalogs, drafted by tiny copy stand-ins (built into ``folder`` unless given)."""
    from standin import build_copy_package

    from l10n.commands.evaluate import evaluate
    from l10n.core.project import load_project

    if packages is None:
        packages = folder / "packages"
        build_copy_package(packages, to_code="ar", size="tiny")
        build_copy_package(packages, to_code="tr", size="tiny")
        build_copy_package(packages, name="translate-en_mul", size="tiny", **MULTILINGUAL)
    project = sample_project(folder / "project")
    (project.root / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    return evaluate(load_project(project.root))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "docs" / "screenshots" / "eval-report.png")
    args = parser.parse_args(argv)
    from l10n.commands.eval_report import render_html

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "eval-report.html"
        page.write_text(render_html(sample_report(Path(tmp))), encoding="utf-8")
        driver = start_chromium(Path(tmp) / "chromium-profile", width=1400)
        try:
            driver.get(page.as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1400, height + 160)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

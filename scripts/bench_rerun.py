#!/usr/bin/env python3
"""Time an unchanged re-run of the sample and `l10n --help`, each a fresh `l10n` process.

    .venv/bin/python scripts/bench_rerun.py [--runs 3]

A temporary project (``l10n init`` + the sample article) drafts with tiny copy
STAND-IN packages (en→ar and en→tr from scripts/standin.py; they copy, they do
not translate; no en→ckb, so Sorani stays empty).  After one first run, it
times, side by side in one run:

* the unchanged re-run: every input fingerprint matches, nothing is read,
  segmented or language-checked, and nothing is written (checked: every file's
  size and mtime before and after);
* the same re-run with the run state deleted first, which is what every re-run
  did before fingerprints (read, langdetect, msgmerge, memory sync, writes);
* ``l10n --help``.

It prints the median wall and CPU seconds of ``--runs`` runs of each (CPU is
the child's own user+system time, from os.wait4, steadier on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
L10N = Path(sys.executable).with_name("l10n")


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one child process; it must exit 0."""
    started = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()[-500:]}")
    child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each contender (default 3; the median is printed)")
    args = parser.parse_args(argv)
    from standin import build_copy_package

    with tempfile.TemporaryDirectory(prefix="l10n-bench-rerun-") as scratch:
        work = Path(scratch)
        packages = work / "packages"
        for code in ("ar", "tr"):
            build_copy_package(packages, to_code=code, size="tiny")
        desk = work / "desk"
        subprocess.run([str(L10N), "init", str(desk), "--empty-glossary"], check=True, stdout=subprocess.DEVNULL)
        config = desk / "l10n.toml"
        config.write_text(f'packages_dir = "{packages}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
        shutil.copy(SAMPLE, desk / SAMPLE.name)
        translate = [str(L10N), "translate", SAMPLE.name, "-q"]
        timed(translate, desk)  # the first run drafts and records the fingerprints

        before = files(desk)
        unchanged = [timed(translate, desk) for _ in range(args.runs)]
        if files(desk) != before:
            raise SystemExit("an unchanged re-run wrote a file")
        forced = []
        for _ in range(args.runs):
            (desk / ".l10n" / "runs.sqlite").unlink()
            forced.append(timed(translate, desk))
        help_runs = [timed([str(L10N), "--help"], desk) for _ in range(args.runs)]

    rows = (("unchanged re-run (fingerprints match)", medians(unchanged)),
            ("re-run without the run state (as before)", medians(forced)),
            ("l10n --help", medians(help_runs)))
    print(f"median of {args.runs} fresh processes; tiny copy stand-ins en→ar, en→tr; sample article, 3 targets")
    for label, (wall, cpu) in rows:
        print(f"  {label:<44} wall {wall:5.2f} s   cpu {cpu:5.2f} s")
    print(f"  unchanged ÷ without state: {rows[0][1][0] / rows[1][1][0]:.2f}× wall, {rows[0][1][1] / rows[1][1][1]:.2f}× cpu; "
          "the unchanged re-run wrote no file")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build a STAND-IN Argos package (a hand-wired model that does NOT translate) for tests, benchmarks and trials.

For benchmarks and tests on a machine without real Argos models, e.g.:

    .venv/bin/python scripts/make_standin_package.py --size base --to ar --out bench-out/packages
    .venv/bin/python scripts/make_standin_package.py --variant symbols --to ar --archive --check

``--variant`` picks the behaviour (scripts/standin.py VARIANTS): copy (output =
input), script (English letter pieces rewritten into the target's script),
symbols (the same, and brackets/markup rewritten too), reorder (script, and
adjacent one-piece words swapped in pairs).  "base" has Transformer-base
compute per token (6+6 layers, d_model 512, FFN 2048, 8 heads, ~32k shared
vocabulary, int8), so speed figures are realistic; every figure measured with
it must say it comes from the stand-in.  ``--archive`` also writes
``<out>/<name>.argosmodel`` for `l10n models install`; ``--check`` drafts the
built-in sample lines and fails unless drafts and alignment head are exactly
what ``expected_draft``/``expected_alignment`` predict.  The package
directory's path (or the archive's, with --archive) is printed on stdout; build
time, size and the check on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from l10n.stages.engine.packages import build_archive  # noqa: E402
from l10n.errors import L10nError  # noqa: E402
from standin import SAMPLE_LINES, SIZES, VARIANTS, build_standin_package, check_standin  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=list(VARIANTS), default="copy", help="what the model does (default: copy)")
    parser.add_argument("--size", choices=list(SIZES), default="base", help="tiny (copy tests), short (tiny with 96 positions: over-long units), small (variant tests) or base (benchmarks); default base")
    parser.add_argument("--from", dest="from_code", default="en", help="source language code (default: en)")
    parser.add_argument("--to", dest="to_code", default="ar", help="target code in metadata.json (default: ar)")
    parser.add_argument("--to-codes", default="", help="comma-separated targets of a multilingual package, e.g. ckb,tk")
    parser.add_argument("--source-prefix", default="", help="token the engine puts before every source, e.g. >>ckb<<")
    parser.add_argument("--target-prefix", default="", help="token forced first in every draft, e.g. ckb_Arab")
    parser.add_argument("--corpus", type=Path, help="UTF-8 text whose lines train the tokenizer instead of the built-in text")
    parser.add_argument("--name", help="package directory name (default: translate-<from>_<to>)")
    parser.add_argument("--version", default="0.0.1", help="package version (default: 0.0.1)")
    parser.add_argument("--out", type=Path, default=Path("bench-out/packages"), help="folder to build into")
    parser.add_argument("--archive", action="store_true", help="also write <out>/<name>.argosmodel for `l10n models install`")
    parser.add_argument("--check", action="store_true", help="draft the sample lines and verify drafts and alignment")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    lines = None
    if args.corpus:
        lines = [line for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    try:
        path = build_standin_package(
            args.out, variant=args.variant, from_code=args.from_code, to_code=args.to_code,
            to_codes=tuple(code for code in args.to_codes.split(",") if code), size=args.size,
            source_prefix=args.source_prefix, target_prefix=args.target_prefix,
            training_lines=lines, version=args.version, name=args.name,
        )
        archive = build_archive(path, path.parent / f"{path.name}.argosmodel") if args.archive else None
    except (L10nError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    size = sum(item.stat().st_size for item in path.rglob("*") if item.is_file())
    print(f"stand-in {args.variant} package ({args.size}): built in {elapsed:.1f} s, {size / 1e6:.1f} MB on disk", file=sys.stderr)
    if args.check:
        problems = check_standin(path, args.variant, SAMPLE_LINES)
        for problem in problems:
            print(f"check: {problem}", file=sys.stderr)
        if problems:
            return 1
        print(f"check: {len(SAMPLE_LINES)} sample lines drafted as predicted, alignment head exact (beam 1 and 4)", file=sys.stderr)
    print(archive or path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build a STAND-IN Argos package whose model copies its input (it does NOT translate).

For benchmarks and tests on a machine without real Argos models, e.g.:

    .venv/bin/python scripts/make_standin_package.py --size base --to ar --out bench-out/packages

"base" has Transformer-base compute per token (6+6 layers, d_model 512, FFN
2048, 8 heads, ~32k shared vocabulary, int8), so speed figures are realistic;
every figure measured with it must say it comes from the stand-in.  The
package directory's path is printed on stdout; build time and size on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from l10n.errors import L10nError  # noqa: E402
from standin import SIZES, build_copy_package  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="base", help="tiny (tests) or base (benchmarks); default base")
    parser.add_argument("--from", dest="from_code", default="en", help="source language code (default: en)")
    parser.add_argument("--to", dest="to_code", default="ar", help="target code in metadata.json (default: ar)")
    parser.add_argument("--to-codes", default="", help="comma-separated targets of a multilingual package, e.g. ckb,tk")
    parser.add_argument("--source-prefix", default="", help="token the engine puts before every source, e.g. >>ckb<<")
    parser.add_argument("--target-prefix", default="", help="token forced first in every draft, e.g. ckb_Arab")
    parser.add_argument("--corpus", type=Path, help="UTF-8 text whose lines train the tokenizer instead of the built-in text")
    parser.add_argument("--name", help="package directory name (default: translate-<from>_<to>)")
    parser.add_argument("--version", default="0.0.1", help="package version (default: 0.0.1)")
    parser.add_argument("--out", type=Path, default=Path("bench-out/packages"), help="folder to build into")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    lines = None
    if args.corpus:
        lines = [line for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    try:
        path = build_copy_package(
            args.out, from_code=args.from_code, to_code=args.to_code,
            to_codes=tuple(code for code in args.to_codes.split(",") if code), size=args.size,
            source_prefix=args.source_prefix, target_prefix=args.target_prefix,
            training_lines=lines, version=args.version, name=args.name,
        )
    except (L10nError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    size = sum(item.stat().st_size for item in path.rglob("*") if item.is_file())
    print(f"stand-in copy package ({args.size}): built in {elapsed:.1f} s, {size / 1e6:.1f} MB on disk", file=sys.stderr)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

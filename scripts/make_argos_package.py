#!/usr/bin/env python3
"""Package a converted CTranslate2 model as a .argosmodel file that `l10n models install` accepts.

For a language the Argos index lacks (Sorani), convert NLLB-200-distilled or
an OPUS-MT model on a machine with network, then package it here, e.g.:

    ct2-transformers-converter --model facebook/nllb-200-distilled-600M \\
        --quantization int8 --output_dir nllb-600m-ct2
    python scripts/make_argos_package.py nllb-600m-ct2 sentencepiece.bpe.model \\
        translate-en_ckb.argosmodel --from en --to ckb --to-name "Central Kurdish" \\
        --source-prefix eng_Latn --target-prefix ckb_Arab --source-suffix "</s>"

Copy the file to the offline desk and run `l10n models install translate-en_ckb.argosmodel`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from l10n.errors import L10nError  # noqa: E402
from l10n.stages.engine.packages import build_package_archive  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", type=Path, help="folder written by ct2-transformers-converter (holds model.bin)")
    parser.add_argument("sp_model", type=Path, help="the model's SentencePiece file (e.g. sentencepiece.bpe.model, source.spm)")
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--from", dest="from_code", default="en", help="source language code (default: en)")
    parser.add_argument("--to", dest="to_code", required=True, help="target code as l10n names it: ar, ckb, tk, tr")
    parser.add_argument("--to-codes", default="", help="comma-separated targets a multilingual model serves")
    parser.add_argument("--from-name", default="English")
    parser.add_argument("--to-name", default="")
    parser.add_argument("--version", default="1.0", help="package version (default: 1.0)")
    parser.add_argument("--source-prefix", default="", help="token(s) put before every source, e.g. eng_Latn or >>tuk<<")
    parser.add_argument("--target-prefix", default="", help="token(s) forced first in every draft, e.g. ckb_Arab")
    parser.add_argument("--source-suffix", default="", help='token(s) put after every source, e.g. "</s>" for converted models')
    parser.add_argument("--readme", type=Path, help="a README.md to include (default: a short generated one)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        out = build_package_archive(
            args.model_dir, args.sp_model, args.out,
            from_code=args.from_code, to_code=args.to_code,
            to_codes=tuple(code for code in args.to_codes.split(",") if code),
            from_name=args.from_name, to_name=args.to_name, version=args.version,
            source_prefix=args.source_prefix, target_prefix=args.target_prefix, source_suffix=args.source_suffix,
            readme=args.readme.read_text(encoding="utf-8") if args.readme else "",
        )
    except (L10nError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

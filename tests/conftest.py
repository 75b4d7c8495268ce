"""Fixtures shared by the whole suite (other test files keep their own fixtures to themselves).

``standin_packages_dir`` (session): a directory of tiny stand-in Argos packages
built once by ``scripts/standin.py.build_copy_package``.  Their CTranslate2 models
COPY the source tokens (they do not translate), so a draft equals its source:

    translate-en_ar    en -> ar
    translate-en_tr    en -> tr
    translate-en_mul   en -> mul, metadata to_codes ["ckb", "tk"],
                       source_prefix ">>ckb<<", target_prefix "ckb_Arab"

Treat it as read-only; a test that needs its own package uses the factory.

``standin_variants_dir`` (session): small stand-ins (3+3 layers, scripts/standin.py
"small") that behave like models rather than like ``cp``, one packages folder per
variant, each holding translate-en_ar, translate-en_ckb and translate-en_tr:

    standin_variants_dir / "script"    English letter pieces written in the target's script
    standin_variants_dir / "symbols"   the same, and bracket/symbol/markup pieces rewritten
    standin_variants_dir / "reorder"   script, with adjacent one-piece words swapped in pairs

Every model carries an alignment head; ``standin.expected_draft`` and
``standin.expected_alignment`` predict drafts and alignments exactly.

``trained_packages_dir`` (session): the committed TRAINED stand-ins
(tests/data/trained, made by scripts/train_standin.py; docs/trained-standin.md):
small OpenNMT-py Transformers that learned a synthetic Arabic-like (ar) and
Turkish-like (tr) target from scripts/synthetic_news.py, with the attention
head CTranslate2's converter returns by default (noisy, like a real model's):

    trained_packages_dir / "full"    translate-en_ar, translate-en_tr (fully trained)
    trained_packages_dir / "early"   translate-en_ar, translate-en_tr (stopped early)

Read-only: copy a package before changing it.

``tiny_package_factory`` (session): ``factory(dest, **options) -> Path`` builds
one more tiny copy package into ``dest`` (options as for build_copy_package).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from same_kernels import pin_ctranslate2_kernels

pin_ctranslate2_kernels()  # before any model loads: trained stand-ins draft the same on every x86 machine

from standin import build_copy_package, build_standin_package  # noqa: E402

MULTILINGUAL = {"to_code": "mul", "to_codes": ("ckb", "tk"), "source_prefix": ">>ckb<<", "target_prefix": "ckb_Arab"}


@pytest.fixture(scope="session")
def standin_packages_dir(tmp_path_factory):
    packages = tmp_path_factory.mktemp("standin-packages")
    build_copy_package(packages, to_code="ar")
    build_copy_package(packages, to_code="tr")
    build_copy_package(packages, name="translate-en_mul", **MULTILINGUAL)
    return packages


VARIANT_NAMES = ("script", "symbols", "reorder")
VARIANT_TARGETS = ("ar", "ckb", "tr")


@pytest.fixture(scope="session")
def standin_variants_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("standin-variants")
    for variant in VARIANT_NAMES:
        for to_code in VARIANT_TARGETS:
            build_standin_package(root / variant, variant=variant, to_code=to_code, size="small")
    return root


TRAINED_DIR = Path(__file__).parent / "data" / "trained"


@pytest.fixture(scope="session")
def trained_packages_dir():
    return TRAINED_DIR


@pytest.fixture(scope="session")
def tiny_package_factory():
    return functools.partial(build_copy_package, size="tiny")

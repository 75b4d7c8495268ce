"""One set of CTranslate2 kernels on every x86 machine, so a trained stand-in drafts the same text everywhere.

CTranslate2 picks its int8 GEMM by CPU: Intel MKL on a genuine Intel CPU,
oneDNN elsewhere, each with the widest instruction set the CPU has.  The
trained stand-ins are small and noisy, so a different rounding in one GEMM
can change a beam's choice, and the tests and benchmark figures that name
drafts would hold on one machine and not another (seen: four tests that
passed on the previous CI machine failed on an AVX2-only AMD EPYC).  The tests and ``bench_glossary`` call
``pin_ctranslate2_kernels`` before the first model loads: oneDNN, capped at
AVX2, which every machine of this kind has.  ``l10n`` itself never pins:
a desk gets the fastest kernels its CPU has.
"""

from __future__ import annotations

import os

PINNED = {"CT2_USE_MKL": "0", "CT2_FORCE_CPU_ISA": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}


def pin_ctranslate2_kernels() -> None:
    """Set the pinned kernels for this process and its children (CLI subprocesses inherit them)."""
    os.environ.update(PINNED)

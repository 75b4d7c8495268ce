"""Source units with their glossary terms replaced by placeholder tokens (⟦T0⟧, ⟦T1⟧, ...).

The engine is asked to carry each token through; restore.py puts the approved
term back.  A source that already contains the token brackets is left alone,
since its own brackets could not be told from ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .records import TermHit

OPEN, CLOSE = "⟦", "⟧"
# What the engine may make of a token: extra spaces, a lower-case t.
PLACEHOLDER_RE = re.compile(rf"{OPEN}\s*[Tt]\s*(\d+)\s*{CLOSE}")
# Anything left of a token after restoring: a bracket, SentencePiece's unknown mark, a bare T<n>.
DEBRIS_RE = re.compile(rf"[{OPEN}{CLOSE}⁇]|(?<!\w)[Tt]\d+(?!\w)")


def placeholder(index: int) -> str:
    """The token standing for the ``index``-th term of a unit.

    >>> placeholder(0)
    '⟦T0⟧'
    """
    return f"{OPEN}T{index}{CLOSE}"


def can_protect(source: str) -> bool:
    """Whether placeholders in ``source`` would be unambiguous."""
    return OPEN not in source and CLOSE not in source


def protect_source(source: str, hits: Sequence[TermHit]) -> str:
    """``source`` with the i-th hit (left to right) replaced by ``placeholder(i)``.

    >>> from l10n.records import Term, TermHit
    >>> t = Term(id="isf", forms=("ISF",), targets={})
    >>> protect_source("The ISF's base", [TermHit(t, 4, 7, "ISF")])
    "The ⟦T0⟧'s base"
    """
    pieces, cursor = [], 0
    for index, hit in enumerate(sorted(hits, key=lambda h: h.start)):
        pieces += [source[cursor : hit.start], placeholder(index)]
        cursor = hit.end
    pieces.append(source[cursor:])
    return "".join(pieces)

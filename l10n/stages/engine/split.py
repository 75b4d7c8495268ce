"""Over-long units cut into pieces the model can take, and the pieces' drafts joined again.

A model has a fixed number of positions (1,024 for Argos' and the stand-ins'
Transformers); CTranslate2 silently truncates a longer input and fails when
decoding runs past the last position.  So a unit whose SentencePiece pieces
exceed the engine's budget is cut, for drafting only, at the strongest
boundary that makes every piece fit: after clause punctuation (; : and
dashes, then commas), then after sentence-ish punctuation (. ! ?), then at any space, and
as a last resort inside a word (a very long URL), at the longest prefix that
fits.  The pieces are drafted in the same batch as every other unit; their
drafts are joined with the separator the source had (a space, or nothing
inside a word), and their word alignments are shifted into one.

>>> split_for_model("one, two, three four", lambda text: len(text.split()), 2)
[('one, two,', ''), ('three four', ' ')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ...core.records import Hypothesis

#: Where a piece may end, strongest first; each pattern matches the space a cut removes.
BOUNDARIES = (
    re.compile(r"(?<=[;:—–])\s+"),                  # clauses: semicolons, colons, dashes
    re.compile(r"(?<=,)\s+"),                       # clauses: commas
    re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+"),  # sentence-ish, after a closing quote or bracket too
    re.compile(r"\s+"),                             # words
)

#: A piece of a unit and the separator that came before it in the source ("" for the first, and inside a word).
Piece = tuple[str, str]


def split_for_model(text: str, count: Callable[[str], int], budget: int, level: int = 0) -> list[Piece]:
    """``text`` as pieces of at most ``budget`` tokens (``count``), cut as late and at as strong a boundary as fits."""
    if count(text) <= budget:
        return [(text, "")]
    if level == len(BOUNDARIES):
        return _cut_inside(text, count, budget)
    segments = _segments(text, BOUNDARIES[level])
    pieces: list[Piece] = []
    current, current_sep = "", ""
    for segment, separator in segments:
        candidate = f"{current}{separator}{segment}" if current else segment
        if current and count(candidate) > budget:
            pieces.extend(_glued(split_for_model(current, count, budget, level + 1), current_sep))
            current, current_sep = segment, separator
        else:
            current, current_sep = candidate, current_sep if current else separator
    pieces.extend(_glued(split_for_model(current, count, budget, level + 1), current_sep))
    pieces[0] = (pieces[0][0], "")
    return pieces


def _segments(text: str, boundary: re.Pattern[str]) -> list[Piece]:
    """``text`` cut at every match of ``boundary``, each segment with the separator before it (one space)."""
    segments, start, separator = [], 0, ""
    for match in boundary.finditer(text):
        if match.start() > start:
            segments.append((text[start:match.start()], separator))
            separator = " "
        start = match.end()
    if start < len(text):
        segments.append((text[start:], separator))
    return segments


def _glued(pieces: list[Piece], separator: str) -> list[Piece]:
    """Pieces of one segment, the first taking the separator that came before the segment."""
    return [(pieces[0][0], separator), *pieces[1:]]


def _cut_inside(text: str, count: Callable[[str], int], budget: int) -> list[Piece]:
    """A text without usable spaces cut at the longest prefixes that fit (binary search on the token count)."""
    pieces: list[Piece] = []
    while text:
        low, high = 1, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if count(text[:middle]) <= budget:
                low = middle
            else:
                high = middle - 1
        pieces.append((text[:low], ""))
        text = text[low:]
    return pieces


def join_hypotheses(pieces: Sequence[Piece], drafts: Sequence[Sequence[Hypothesis]]) -> list[Hypothesis]:
    """One unit's n-best list from its pieces' n-best lists: the k-th joins each piece's k-th (or its last).

    Alignments are shifted by the words of the pieces before; a piece cut inside a
    word, or without an alignment, leaves the unit without one.
    """
    if any(not hypotheses for hypotheses in drafts):
        return []
    joined = []
    for rank in range(max(len(hypotheses) for hypotheses in drafts)):
        chosen = [hypotheses[min(rank, len(hypotheses) - 1)] for hypotheses in drafts]
        parts = [(separator, hypothesis.text.strip()) for (_, separator), hypothesis in zip(pieces, chosen) if hypothesis.text.strip()]
        text = "".join(separator + part if index else part for index, (separator, part) in enumerate(parts))
        joined.append(Hypothesis(text, _shifted_alignment(pieces, chosen)))
    return joined


def _shifted_alignment(pieces: Sequence[Piece], chosen: Sequence[Hypothesis]) -> tuple[int, ...] | None:
    if any(hypothesis.alignment is None for hypothesis in chosen) or any(
        index and not separator for index, (_, separator) in enumerate(pieces)
    ):
        return None
    alignment: list[int] = []
    source_words = 0
    for (text, _), hypothesis in zip(pieces, chosen):
        alignment.extend(word + source_words if word >= 0 else word for word in hypothesis.alignment)
        source_words += len(text.split())
    return tuple(alignment)

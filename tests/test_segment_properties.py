"""Properties every segmentation keeps, on arbitrary text: nothing lost, nothing invented, offsets exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.stages.segment import rebuild_text, segment_article

# Pieces news copy (and copy-paste accidents) are made of, mixed with arbitrary Unicode.
_PIECES = st.sampled_from([
    "\n", "\r\n", "\r", "\n\n", "\t", " ", "\u00a0", "\u200b", "\u200f", "\u200e", "\ufeff", "\u2028",
    "• ", "- ", "* ", "  • FB", "• Instagram", "Twitter", "Share this", ". ", "? ", "! ", "...", "“", "”", '"',
    "U.S.", "Gen. ", "Dr. ", "a.m. ", "p.m. ", "8 a. m. ", "1,000.5", "No. 5", "km", "ISF", "K1",
    "Photo: ", "(Photo", "https://kirkuknow.com/a.b?c=1.", "desk@kirkuknow.com.", "Sunday, March 29, 2020",
    "The coalition withdrew.", "he said", "Iraq", "ب", "کوردی",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)
_LONG_LINE = st.builds(lambda word, n: (word + " ") * n, st.sampled_from(["x", "Dr.", "a.", "The end.", "ok"]),
                       st.integers(min_value=500, max_value=2500))


def check_properties(text: str) -> None:
    """The invariants tests and scripts/fuzz_segment.py assert for one text."""
    article = segment_article(text, slug="t", source_path="t.txt")
    covered = [False] * len(text)
    position = 0
    for unit in article.units:
        assert position <= unit.start < unit.end <= len(text)
        assert text[unit.start:unit.end] == unit.source
        assert not unit.source[0].isspace() and not unit.source[-1].isspace()
        assert unit.line == 1 + sum(1 for _ in _line_breaks(text[:unit.start]))
        covered[unit.start:unit.end] = [True] * (unit.end - unit.start)
        position = unit.end
    for span in article.dropped:
        assert not any(covered[span.start:span.end])
        covered[span.start:span.end] = [True] * (span.end - span.start)
    for index, char in enumerate(text):
        assert covered[index] or char.isspace() or _is_bullet_marker(text, index), (index, char)
    assert rebuild_text(article, lambda unit: unit.source, keep_dropped=True) == text
    rebuilt = rebuild_text(article, lambda unit: unit.source)
    assert all(unit.source in rebuilt for unit in article.units)


def _line_breaks(text: str):
    import re

    return re.finditer(r"\r\n|\r|\n", text)


def _is_bullet_marker(text: str, index: int) -> bool:
    """A bullet ("•", "-", "*") at the start of its line is layout, kept between units."""
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return text[index] in "•-*" and not text[line_start:index].strip() and text[index + 1:index + 2].isspace()


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_units_cover_the_text_exactly(text):
    check_properties(text)


@settings(max_examples=15, deadline=None)
@given(_TEXT, _LONG_LINE, _TEXT)
def test_very_long_lines_keep_the_properties(before, line, after):
    check_properties(before + "\n\n" + line + after)

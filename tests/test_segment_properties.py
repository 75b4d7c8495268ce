"""Properties every segmentation keeps, on arbitrary text: nothing lost, nothing invented, offsets exact."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.core.blank import is_blank_char
from l10n.stages.segment import literal_spans, rebuild_text, segment_article

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
        assert not is_blank_char(unit.source[0]) and not is_blank_char(unit.source[-1])
        assert unit.line == 1 + sum(1 for _ in _line_breaks(text[:unit.start]))
        covered[unit.start:unit.end] = [True] * (unit.end - unit.start)
        position = unit.end
    for span in article.dropped:
        assert not any(covered[span.start:span.end])
        covered[span.start:span.end] = [True] * (span.end - span.start)
    for index, char in enumerate(text):
        assert covered[index] or is_blank_char(char) or _is_bullet_marker(text, index), (index, char)
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


def _pysbd_own_spans(text: str, sentences: list[str]) -> list:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    segmenter.original_text = text
    return segmenter.sentences_with_char_spans(sentences)


def _spans(spans) -> list[tuple[str, int, int]]:
    return [(span.sent, span.start, span.end) for span in spans]


_SLICES = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(_TEXT, _SLICES, st.lists(st.sampled_from(["", "a", "aa", " ", "The coalition withdrew.", "Gen. "]), max_size=4))
def test_sentences_are_placed_where_pysbd_places_them(text, slices, extra):
    """Slices of the text (repeated, overlapping, out of order, empty) and strings that may not occur in it."""
    text = text + " aaa aa a " + text
    sentences = [text[start:start + size] for start, size in slices] + extra
    assert _spans(literal_spans(text, sentences)) == _spans(_pysbd_own_spans(text, sentences))


def test_sentences_are_placed_where_pysbd_places_them_in_the_repository_s_news_copy():
    import pysbd

    root = Path(__file__).resolve().parents[1]
    texts = [path.read_text(encoding="utf-8") for path in [*sorted((root / "examples").glob("*.txt")),
                                                          *sorted((root / "scripts" / "data").glob("*.txt"))]]
    assert len(texts) >= 4
    for text in texts:
        sentences = pysbd.Segmenter(language="en", clean=False).processor(text).process()
        assert _spans(literal_spans(text, sentences)) == _spans(_pysbd_own_spans(text, sentences))

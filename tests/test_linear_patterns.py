"""Anything a user writes is matched in linear time (issue 21, item 6).

Boilerplate entries, adaptation rules and glossary forms and renderings run on
RE2 (l10n/core/patterns.py), never on Python's backtracking ``re``.  The default
suite checks that structurally (no user-written text ever reaches ``re``'s
compiler) and then feeds each the input that made the backtracking engine
exponential or cubic, at a size that engine would need hours or years for.
The timed growth check (scripts/bench_patterns.py) runs under the stress marker.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.core.languages import get_profile
from l10n.core.patterns import PatternError, WholeWords, compile_linear, to_re2
from l10n.core.records import Term
from l10n.stages.adapt import adapt, load_rules
from l10n.stages.boilerplate import default_boilerplate, parse_boilerplate
from l10n.stages.segment import segment_body
from l10n.stages.terms.match import SourceMatcher, contains_rendering

ROOT = Path(__file__).resolve().parents[1]
MARK = "Zqxw"  # a word in every user-written pattern below, to spot it in what re compiles


@pytest.fixture
def compiled_by_re(monkeypatch):
    """Every pattern Python's re compiles while the test runs."""
    seen: list[str] = []
    original = re._compile

    def recording(pattern, flags):
        seen.append(pattern if isinstance(pattern, str) else repr(pattern))
        return original(pattern, flags)

    monkeypatch.setattr(re, "_compile", recording)
    return seen


def test_user_written_patterns_never_reach_the_backtracking_engine(tmp_path, compiled_by_re):
    bar = parse_boilerplate(f"share Facebook {MARK}\nshare {MARK}\nline {MARK} says:\n", "b.txt", default_boilerplate())
    (tmp_path / "tk-adaptation.csv").write_text(
        f"id,kind,pattern,replacement,note,source\nr,regex,(\\d|\\d\\d)+{MARK},N,,src\nw,word,{MARK.lower()} iş,x,,src\n", encoding="utf-8")
    rules = load_rules(tmp_path / "tk-adaptation.csv")
    matcher = SourceMatcher([Term(id="road", forms=(f"Kirkuk - {MARK} road",), targets={"ar": f"طريق {MARK}"})])
    line = f"Facebook {MARK} " * 4 + "the council said."
    assert bar.share_bar.fullmatch(line, 0, len(line)) is None and bar.line_start.match(f"{MARK} says: x", 0, 12)
    assert adapt(f"12{MARK}", rules)[0] == "N"
    assert [hit.term.id for hit in matcher.find(f"the Kirkuk - {MARK} road")] == ["road"]
    assert contains_rendering(f"على طريق {MARK}", f"طريق {MARK}", get_profile("ar"))
    assert not [pattern for pattern in compiled_by_re if MARK in pattern or MARK.lower() in pattern]


def test_adversarial_repetitions_finish_in_linear_time(compiled_by_re):
    """Sizes at which the backtracking engine would run for ages: 2^200 ways to split a line, 20,000³ steps."""
    bar = parse_boilerplate("share Facebook Twitter\n", "boilerplate.txt", default_boilerplate()).share_bar
    matcher = SourceMatcher([Term(id="road", forms=("Kirkuk - Erbil road",), targets={"ar": "طريق"})])
    assert not [pattern for pattern in compiled_by_re if "twitter" in pattern.lower() or "erbil" in pattern.lower()]
    line = "Facebook Twitter " * 200 + "the council said."
    assert bar.fullmatch(line, 0, len(line)) is None
    assert bar.match(line, 0, len(line)).end() == len(line) - len("the council said.")
    assert segment_body(f"The council met. {line}") == [(0, 16), (17, len(line) + 17)]
    assert matcher.find("Kirkuk" + " " * 20_000 + "x") == []
    assert [hit.form for hit in matcher.find("Kirkuk  -  Erbil   road")] == ["Kirkuk  -  Erbil   road"]


def test_qa_of_a_translation_that_is_one_long_run_finishes():
    """A pasted 200,000-character run without spaces (a dashed line, digits, an identifier): the e-mail part of
    qa.URL retried the whole run from every position, about 40 minutes here, so `l10n review` hung on the
    page and on the save (holding the write lock), and `l10n check` and `l10n publish` with it."""
    import signal

    from l10n.stages.qa import URL, check_entry

    def too_long(signum, frame):
        raise AssertionError("QA of one long run did not finish in 60 s: a pattern backtracks")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)       # linear: well under a second; the backtracking pattern: most of an hour
    try:
        for piece in ("_", "1", "x-", "١"):
            check_entry("The council met on Monday.", piece * 100_000, get_profile("ar"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [m.group() for m in URL.finditer("mail a.b+c@kirkuk.example, x@y.iq or www.a.b/c?d=1")] == [
        "a.b+c@kirkuk.example", "x@y.iq", "www.a.b/c?d=1"]


def test_rules_re2_cannot_run_are_refused_with_the_reason():
    for pattern, reason in [(r"(?<!\w)x", "invalid perl operator"), (r"(a)\1", "invalid escape"), (r"\bx", "ASCII-only")]:
        with pytest.raises(PatternError, match=reason):
            compile_linear(to_re2(pattern))


def test_python_unicode_classes_keep_their_meaning():
    assert [tuple(found) for found in WholeWords([to_re2(r"\w+ış")], literal=False).finditer("Kerkük'te ışış, çalış")] == [(10, 14, 0), (16, 21, 0)]
    assert [tuple(found) for found in WholeWords(["كركوك"]).finditer("في كركوك، وكركوك")] == [(3, 8, 0)]


@pytest.mark.stress
def test_the_work_grows_linearly_with_the_input():
    """Doubling the adversarial input at most doubles the time, give or take noise (scripts/bench_patterns.py)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_patterns.py"), "--limit", "5"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


_PIECES = ["ab", "abc", "a", "b", "ك", "كر", "كركوك", "ي", "'", "-", " ", ".", "x", "ş", "1"]


@given(alternatives=st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join), min_size=1, max_size=4),
       endings=st.lists(st.sampled_from(["", "c", "ي", "ها", "'te", "x"]), max_size=3),
       text=st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
@settings(max_examples=600, deadline=None)
def test_whole_words_finds_what_pythons_lookarounds_find(alternatives, endings, text):
    """Each alternative as a literal with optional endings after it, against ``(?<!\\w)(?:(A0)|…)(?!\\w)`` in ``re``:
    the same spans and the same alternative, whether the cheap pattern alone or the bounded one answers."""
    tail = f"(?:{'|'.join(map(re.escape, endings))})?" if endings else ""
    bodies = [re.escape(a) + tail for a in alternatives]
    python = re.compile("(?<!\\w)(?:" + "|".join(f"({body})" for body in bodies) + ")(?!\\w)")
    expected = [(m.start(), m.end(), m.lastindex - 1) for m in python.finditer(text)]
    finder = WholeWords([to_re2(body) for body in bodies], literal=False)
    assert [tuple(f) for f in finder.finditer(text)] == expected
    if len(bodies) > 1:  # RE2's set of the alternatives, past its memory budget, answers nothing: their groups tell
        finder._which = [(0, _SetPastItsBudget())]
        assert [tuple(f) for f in finder.finditer(text)] == expected


class _SetPastItsBudget:
    def Match(self, text: str) -> list[int]:
        return []

"""Linear-time matching for every pattern a user can write, on RE2 (google-re2).

Boilerplate entries, adaptation rules and glossary forms come from files a desk
edits, so they run on RE2: its automaton takes time linear in the text
whatever the pattern, where Python's backtracking ``re`` can take exponential
time (``(\\d|\\d\\d)+x``, or a share bar whose words are also entries).  RE2 has
no lookaround, backreferences or Unicode word boundaries, and its ``\\w \\s \\d``
are ASCII; so ``to_re2`` spells Python's Unicode classes out, a pattern using
what RE2 lacks is refused with the reason (``PatternError``), and
``WholeWords`` gives Python's ``(?<!\\w)…(?!\\w)`` (not inside a word) by
matching the neighbouring characters instead.  See docs/linear-patterns.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import re2

WORD = r"\p{L}\p{N}_"                  # Python's \w on str (str.isalnum() or "_"), for inside [...]
SPACE = r"\t-\r\x1c-\x1f\x85\p{Z}"     # Python's \s on str (str.isspace()), for inside [...]
DIGIT = r"\p{Nd}"                      # Python's \d on str
NOT_WORD = rf"[^{WORD}]"
_CLASSES = {"w": f"[{WORD}]", "W": f"[^{WORD}]", "s": f"[{SPACE}]", "S": f"[^{SPACE}]", "d": DIGIT, "D": r"\P{Nd}"}
_IN_CLASS = {"w": WORD, "s": SPACE, "d": DIGIT}
_REWRITTEN = re.compile(r"\\[bBwWsSdDZ]")  # what to_re2 rewrites or refuses starts so (an escaped backslash before one too)
_TEMPLATE = re.compile(r"\\(?:g<([^>]*)>|(\d{1,2})|(.))", re.DOTALL)
_TEMPLATE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


class PatternError(ValueError):
    """A pattern RE2 cannot run; the message says why in a few words."""


def to_re2(pattern: str) -> str:
    r"""``pattern`` (Python ``re`` syntax) with Python's Unicode ``\w \s \d`` and ``\Z`` in RE2's spelling.

    >>> to_re2(r"(\d+)\s[^\w,]")
    '(\\p{Nd}+)[\\t-\\r\\x1c-\\x1f\\x85\\p{Z}][^\\p{L}\\p{N}_,]'
    """
    if not _REWRITTEN.search(pattern):  # nothing to spell out (a list of escaped words): as it is
        return pattern
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if escaped in "bB":
                raise PatternError(r"\b and \B are ASCII-only in RE2; match the neighbouring character instead, e.g. (\P{L}|$)")
            if in_class and escaped in "WSD":
                raise PatternError(rf"\{escaped} inside [...] is not supported; use a negated class [^...] instead")
            out.append(_IN_CLASS[escaped] if in_class and escaped in _IN_CLASS else
                       _CLASSES[escaped] if not in_class and escaped in _CLASSES else
                       r"\z" if escaped == "Z" and not in_class else char + escaped)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            for opener in ("^", "]"):  # "[]…]" and "[^]…]" hold a literal ]
                if pattern.startswith(opener, index) and (opener == "^" or out[-1] in "[^"):
                    out.append(opener)
                    index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def compile_linear(pattern: str, *, ignore_case: bool = False) -> re2._Regexp:
    """``pattern`` (RE2 syntax, see ``to_re2``) compiled by RE2; PatternError with RE2's reason if it cannot be."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(reason) from exc


def escape(text: str) -> str:
    """``text`` as an RE2 pattern matching it literally."""
    return re2.escape(text)


def expand(match, template: str) -> str:
    r"""``template`` with ``\1``…``\99`` and ``\g<name>`` replaced by ``match``'s groups, as Python's ``Match.expand``.

    (google-re2's own ``expand`` decodes the template as Latin-1, garbling any other letter.)

    >>> expand(compile_linear(r"(?P<n>\d+)'te").search("2003'te"), r"\g<n> içinde")
    '2003 içinde'
    """
    def piece(escape: re.Match[str]) -> str:
        name, number, other = escape.groups()
        if other is not None:
            return _TEMPLATE_ESCAPES.get(other, "\\" + other)
        group = name if number is None and not name.isdigit() else int(number or name)
        return match.group(group) or ""

    return _TEMPLATE.sub(piece, template)


#: A pattern this many RE2 instructions long has its bounded form compiled at once, so it is refused at load if RE2
#: cannot run it (at its default memory budget RE2 ran a literal alternation of 650,000 instructions here and refused
#: a longer one; the bound adds about 1,350; the desk glossary's forms make about 6,300).
_NEAR_RE2_LIMIT = 50_000


#: Alternatives per RE2 set (``_full_match_sets``): a set of 5,000 glossary forms failed to compile here, one of 4,000 did not.
_SET_SIZE = 1_000

_ALTERNATIVE = "l10n_alternative_"  # the name of each alternative's group, where the set cannot tell


class Found(NamedTuple):
    """A match of ``WholeWords``: its span in characters and the number of the alternative that matched (0 if none)."""

    start: int
    end: int
    alternative: int


class WholeWords:
    """Python's ``(?<!\\w)(?:A0|A1|…)(?!\\w)``, alternatives tried in order, matched left to right without overlaps.

    RE2 has no lookaround: the character before a match is checked here, the
    search going on from the next character when it is a letter; the one after
    is checked here too, and only when it is a letter is the search asked again
    of the pattern that matches it (``(A0|…)(?:[^\\w]|$)``), which may take
    another alternative or a shorter ending.  That pattern's Unicode class costs
    about 2 ms per pattern (compiling, and the first search that matches), which
    most patterns, a glossary's renderings among them, never need.

    >>> [tuple(f) for f in WholeWords(["Iraqi Security Forces", "Iraqi"]).finditer("Iraqi Security Forcesx; Iraqi")]
    [(0, 5, 1), (24, 29, 1)]
    >>> [tuple(f) for f in WholeWords(["ab", "abc"]).finditer("abc ab")]
    [(0, 3, 1), (4, 6, 0)]
    """

    def __init__(self, alternatives: list[str], *, literal: bool = True, ignore_case: bool = False):
        bodies = [escape(text) if literal else text for text in alternatives]
        either = "|".join(f"(?:{body})" for body in bodies) or "[^\\x00-\\x{10FFFF}]"
        self._count = len(bodies)
        self._named_pattern = "|".join(f"(?P<{_ALTERNATIVE}{number}>{body})" for number, body in enumerate(bodies))
        self._named_regex = None
        self._ignore_case = ignore_case
        # no group to fill: RE2 finds the span with its DFA alone, several times faster than with a group per alternative
        self._regex = compile_linear(f"(?:{either})", ignore_case=ignore_case)
        self._bounded_pattern = f"((?:{either}))(?:{NOT_WORD}|$)"
        self._bounded_regex = None
        if self._regex.programsize > _NEAR_RE2_LIMIT:  # so a pattern RE2 cannot run is refused now, not mid-run
            self._bounded()
        self._which = _full_match_sets(bodies, ignore_case) if len(bodies) > 1 else None

    def _bounded(self) -> re2._Regexp:
        """The pattern with the character after it matched too (compiled on first need)."""
        if self._bounded_regex is None:
            self._bounded_regex = compile_linear(self._bounded_pattern, ignore_case=self._ignore_case)
        return self._bounded_regex

    def fullmatch(self, text: str) -> bool:
        """Whether the whole of ``text`` is one of the alternatives."""
        match = self._bounded().fullmatch(text)
        return match is not None and match.end(1) == len(text)

    def finditer(self, text: str) -> Iterator[Found]:
        data = text.encode("utf-8")
        position = characters = at = 0
        while found := self._search(data, position):
            start, end = found
            characters += len(data[at:start].decode("utf-8"))
            at = start
            if characters and _is_word(text[characters - 1]):
                position = start + len(text[characters].encode("utf-8"))  # not at a word start: look further on
                continue
            length = len(data[start:end].decode("utf-8"))
            chosen = self._alternative(text[characters : characters + length])
            yield Found(characters, characters + length, chosen)
            characters, at = characters + length, end
            position = end if end > start else end + len(text[characters:characters + 1].encode("utf-8") or b"x")

    def _search(self, data: bytes, position: int) -> tuple[int, int] | None:
        """The span (in bytes) of the bounded pattern's first match from ``position``, found by the pattern alone
        where a non-letter follows it.

        The pattern alone tries the alternatives in the bounded one's order, so when its first match is followed by
        no letter the bounded one's is the same match; no match of the bounded one starts before it either.
        """
        match = self._regex.search(data, position)
        if match is None:
            return None
        end = match.end()
        if end == len(data) or not _is_word(_first_character(data, end)):
            return match.span()
        bounded = self._bounded().search(data, position)
        return bounded.span(1) if bounded is not None else None

    def _alternative(self, matched: str) -> int:
        """The number of the alternative that matched: the first that matches all of ``matched`` (leftmost-first:
        an earlier one matching it would have been chosen), found in one pass of a set rather than by asking
        each alternative's group, which is slow with a glossary's hundreds of forms."""
        if self._count < 2:  # one alternative (none never matches)
            return 0
        for first, which in self._which or ():
            if numbers := which.Match(matched):
                return first + min(numbers)
        # RE2 gives up on a set whose automaton outgrows its memory budget, or could not compile it: ask a named group
        # per alternative
        if self._named_regex is None:
            self._named_regex = compile_linear(self._named_pattern, ignore_case=self._ignore_case)
        match, group = self._named_regex.fullmatch(matched), self._named_regex.groupindex
        return next((n for n in range(self._count) if match.span(group[f"{_ALTERNATIVE}{n}"])[0] >= 0), 0) if match else 0


def _full_match_sets(bodies: list[str], ignore_case: bool) -> list[tuple[int, re2.Set]] | None:
    """The alternatives as RE2 sets that tell which of them match a whole text, each with the number of its first
    alternative: one per ``_SET_SIZE`` alternatives, as RE2 cannot compile one set of thousands of glossary forms.
    None when it cannot compile even those."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    sets = []
    for first in range(0, len(bodies), _SET_SIZE):
        which = re2.Set.FullMatchSet(options)
        for body in bodies[first : first + _SET_SIZE]:
            which.Add(body)
        try:
            which.Compile()
        except re2.error:
            return None
        sets.append((first, which))
    return sets


def _first_character(data: bytes, at: int) -> str:
    """The character UTF-8 ``data`` holds at byte ``at`` (a character's first byte)."""
    return data[at : at + 4].decode("utf-8", "ignore")[:1]


def _is_word(char: str) -> bool:
    """Python's ``\\w`` for one character."""
    return char.isalnum() or char == "_"

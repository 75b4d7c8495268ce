"""Turkmen-oriented adaptation of en→tr drafts: editor-maintained rules, each citing its source.

Rules live in glossary/tk-adaptation.csv (columns id, kind, pattern,
replacement, note, source; ``#`` lines are comments).  A ``word`` rule replaces
a whole word or phrase, matched without regard to case under Turkish casing
(İ/i, I/ı), and keeps a capital first letter (or all capitals) of what it
replaces; a ``regex`` rule is a regular expression and its replacement
template (``\\1``, ``\\g<name>``).  Both run on RE2 (``patterns``), in time linear
in the draft whatever the pattern; a pattern RE2 cannot run (lookarounds,
backreferences, ``\\b``) is refused when the file is read.  Approved glossary
terms passed as ``protected`` are never altered.
Rules apply in file order, each to the previous one's output.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.languages import LanguageProfile, get_profile
from ..core.patterns import SPACE, PatternError, WholeWords, compile_linear, escape, expand, to_re2
from ..errors import GlossaryError, InputError, ReadError
from .terms import Glossary, read_glossary

ADAPTATION_RULES = "tk-adaptation.csv"   # the rule file, in the glossary folder
RULE_COLUMNS = ("id", "kind", "pattern", "replacement", "note", "source")
RULE_KINDS = ("word", "regex")
ADAPTED_LANGUAGE = "tk"            # the target whose drafts come through a pivot and are adapted
MAX_RULES_BYTES = 1024**2          # a hand-kept rule file is a few kilobytes
MAX_PATTERN_CHARS = 300
MAX_TEXT_CHARS = 10_000            # one unit; bounds the work any rule can do
WORD_PATTERN = re.compile(r"^[\w'’ -]+$")
GROUP_REFERENCE = re.compile(r"\\g<([^>]*)>|\\(\d+)")
TURKIC_UPPER = str.maketrans({"i": "İ", "ı": "I"})


@dataclass(frozen=True)
class Rule:
    """One adaptation rule and where it is documented; ``line`` is its line in the rule file."""

    id: str
    kind: str
    pattern: str
    replacement: str
    note: str
    source: str
    line: int
    regex: WholeWords | Any = field(compare=False, repr=False)  # WholeWords for word rules, an RE2 regex for regex rules


def load_desk_rules(glossary_dir: Path) -> tuple[Glossary, tuple[Rule, ...]]:
    """The glossary and the adaptation rules of a glossary folder: what ``translate`` and ``eval`` both draft with."""
    return read_glossary(glossary_dir), load_rules(Path(glossary_dir) / ADAPTATION_RULES)


def load_rules(path: Path) -> tuple[Rule, ...]:
    """The rules of a rule file, in file order; no file means no rules.

    A malformed row, a regex RE2 cannot run, or a rule without a source is a
    GlossaryError naming file:line.
    """
    profile = get_profile(ADAPTED_LANGUAGE)
    if not path.exists():
        return ()
    text = _read_text(path)
    rules: list[Rule] = []
    header: tuple[str, ...] | None = None
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{number}"
        row = _cells(line, where)
        if header is None:
            header = _header(row, where)
            continue
        if len(row) != len(header):
            raise GlossaryError(f"{where}: {len(row)} cells for {len(header)} columns; quote cells that contain commas.")
        rule = _rule(dict(zip(header, row)), number, where, profile)
        if rule.id in seen:
            raise GlossaryError(f"{where}: rule id {rule.id!r} already used on line {seen[rule.id]}; give each rule its own id.")
        seen[rule.id] = number
        rules.append(rule)
    return tuple(rules)


def adapt(text: str, rules: Sequence[Rule], *, protected: Sequence[str] = ()) -> tuple[str, tuple[str, ...]]:
    """Apply ``rules`` to a draft; return the new text and the ids of the rules that changed it.

    >>> rule = Rule("x", "word", "foo", "bar", "", "test", 1, WholeWords(["foo"]))
    >>> adapt("Foo and foo, not food", [rule])
    ('Bar and bar, not food', ('x',))
    """
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"a unit of {len(text)} characters is too long to adapt (limit {MAX_TEXT_CHARS}); split the paragraph.")
    profile = get_profile(ADAPTED_LANGUAGE)
    folded_terms = [_fold(term, profile) for term in protected if term]
    fired = []
    folded = shielded = None
    for rule in rules:
        if folded is None:  # refolded only after a rule changed the text
            folded = _fold(text, profile)
            shielded = [span for term in folded_terms for span in _spans(folded, term)]
        text, changed = _apply(rule, text, folded, shielded, profile)
        if changed:
            fired.append(rule.id)
            folded = None
    return text, tuple(fired)


def _apply(
    rule: Rule, text: str, folded: str, shielded: list[tuple[int, int]], profile: LanguageProfile
) -> tuple[str, bool]:
    """One rule over ``text``; ``folded`` is its caseless twin, ``shielded`` the protected spans."""
    if rule.kind == "word":
        matches = ((found.start, found.end, None) for found in rule.regex.finditer(folded))
    else:
        matches = ((match.start(), match.end(), match) for match in rule.regex.finditer(text))
    pieces, last, changed = [], 0, False
    for start, end, match in matches:
        if start == end or any(start < stop and begin < end for begin, stop in shielded):
            continue
        original = text[start:end]
        if match is None:
            replacement = _keep_case(rule.replacement, original, profile)
        else:
            replacement = expand(match, rule.replacement)
        if replacement != original:
            pieces += [text[last:start], replacement]
            last, changed = end, True
    return "".join(pieces) + text[last:], changed


def _fold(text: str, profile: LanguageProfile) -> str:
    """Caseless form of the same length as ``text``, so spans found in it index the original."""
    return "".join(folded if len(folded := profile.casefold(char)) == 1 else char for char in text)


def _spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], haystack.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return spans


def _keep_case(replacement: str, original: str, profile: LanguageProfile) -> str:
    """Raise the replacement to the original's case: all capitals, or a capital first letter."""
    letters = [char for char in original if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return _upper(replacement, profile)
    if original[:1].isupper():
        return _upper(replacement[:1], profile) + replacement[1:]
    return replacement


def _upper(text: str, profile: LanguageProfile) -> str:
    return (text.translate(TURKIC_UPPER) if profile.turkic_casing else text).upper()


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_RULES_BYTES:
            raise GlossaryError(f"{path}: larger than {MAX_RULES_BYTES // 1024} KiB; a rule file should hold a few hundred rules at most.")
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 (byte {exc.start}); save the file as UTF-8.") from exc
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror}); check the file and its permissions.") from exc


def _cells(line: str, where: str) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader([line]))]
    except csv.Error as exc:
        raise GlossaryError(f"{where}: not a CSV row ({exc}); fix the quoting.") from exc


def _header(row: list[str], where: str) -> tuple[str, ...]:
    if sorted(row) != sorted(RULE_COLUMNS):
        raise GlossaryError(f"{where}: the header must name exactly the columns {', '.join(RULE_COLUMNS)}.")
    return tuple(row)


def _rule(cells: dict[str, str], line: int, where: str, profile: LanguageProfile) -> Rule:
    for column in ("id", "pattern", "source"):
        if not cells[column]:
            raise GlossaryError(f"{where}: empty {column!r}; every rule needs an id, a pattern and the source documenting it.")
    if cells["kind"] not in RULE_KINDS:
        raise GlossaryError(f"{where}: kind {cells['kind']!r} is not one of {', '.join(RULE_KINDS)}.")
    if len(cells["pattern"]) > MAX_PATTERN_CHARS:
        raise GlossaryError(f"{where}: pattern longer than {MAX_PATTERN_CHARS} characters; split the rule.")
    if cells["kind"] == "word":
        regex = _word_regex(cells["pattern"], where, profile)
    else:
        regex = _checked_regex(cells["pattern"], cells["replacement"], where)
    return Rule(line=line, regex=regex, **cells)


def _word_regex(pattern: str, where: str, profile: LanguageProfile) -> WholeWords:
    if not WORD_PATTERN.match(pattern) or not any(char.isalpha() for char in pattern):
        raise GlossaryError(f"{where}: a word rule takes letters, spaces, hyphens and apostrophes only; use kind 'regex'.")
    words = f"[{SPACE}]+".join(escape(_fold(word, profile)) for word in pattern.split())
    return WholeWords([words], literal=False)


def _checked_regex(pattern: str, replacement: str, where: str):
    try:
        regex = compile_linear(to_re2(pattern))
    except PatternError as exc:
        raise GlossaryError(f"{where}: the pattern does not compile for RE2, the linear-time engine rules run on ({exc}); "
                            "lookarounds, backreferences and \\b are not available.") from exc
    if regex.fullmatch(""):
        raise GlossaryError(f"{where}: the pattern matches empty text; make it match at least one character.")
    for name, number in GROUP_REFERENCE.findall(replacement):
        known = (number and int(number) <= regex.groups) or (name.isdigit() and int(name) <= regex.groups) or name in regex.groupindex
        if not known:
            raise GlossaryError(f"{where}: the replacement refers to group {name or number}, which the pattern does not have.")
    return regex

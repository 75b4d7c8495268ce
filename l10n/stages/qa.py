"""Quality checks on translations: small named functions registered in ``CHECKS``.

Each check takes ``(source, target, profile)`` and returns a one-line problem
or None.  The list of check ideas follows Translate Toolkit's pofilter tests
(names and ideas only: its code is GPL and is neither copied nor imported).
Language facts (digit sets, script, the langdetect code, distinctive letters)
come from the LanguageProfile, never from ``if lang == ...``.  Findings are
data: critical and functional ones block publishing, cosmetic ones are shown.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import polib

from ..core import number_words
from ..core.languages import PROFILES, WESTERN_DIGITS, LanguageProfile, language_name
from ..core.spelling import normalise
from ..core.records import Finding, Severity
from .catalog import link_labels, written_in
from .markdown_in import AUTOLINK_EMAIL, AUTOLINK_URI, CODE_SPAN, FOOTNOTE_REFERENCE, link_label, reference_links
from .pofiles import read_catalog
from .read import load_language_profiles
from .terms.check import check_terms
from .terms.names import STOPWORDS

CheckFunction = Callable[[str, str, LanguageProfile], "str | None"]

BLOCKING = frozenset({Severity.CRITICAL, Severity.FUNCTIONAL})

# printf (%s, %d, %(name)s, %1$s; no space flag so "50% of" is prose), {name}/{0}, ⟦T0⟧ tokens.
PLACEHOLDER = re.compile(
    r"%(?:\(\w+\)|\d+\$)?[-+#0]*\d*(?:\.\d+)?[sdifgeExXcr]"
    r"|\{(?:[A-Za-z_][\w.]*|\d*)\}"
    r"|⟦[^⟦⟧]*⟧"
)
# An e-mail address is tried from the start of a run only, and its parts never give back what they took
# (possessive): a long run without "@" (a pasted dashed line, digits) is read once, not from every position.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
URL_TRAILING = ".,;:!?)]}'’،؛؟"   # the sentence's punctuation after an address, English or Arabic-script
# A Markdown link's target: an inline address ``](address`` (bare or in <…>) or a full reference ``][label]``
# (shortcut ``[label]`` and collapsed ``[label][]`` ones need the article's definitions: ``reference_links``).
LINK_TARGET = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]+))|\]\[([^\[\]]+)\]")
# An autolink (``<https://…>``, ``<desk@example.com>``): a link only in its angle brackets.
AUTOLINK = re.compile(f"{AUTOLINK_URI}|{AUTOLINK_EMAIL}")
# What a translator keeps as written in Markdown: a code span, a link's address or reference label, a footnote reference.
KEPT_MARKUP = re.compile(f"{CODE_SPAN}|{LINK_TARGET.pattern}|{FOOTNOTE_REFERENCE}", re.DOTALL)  # code span first: its \1 is group 1
NUMBER_SEPARATORS = ".,٫٬\u00a0\u202f"
# A 12-hour time in English copy ("3:30 p.m.", "11 a.m."), and a time on a translation's 24-hour clock ("15.30", "15:30").
_TWELVE_HOUR = re.compile(r"(?<![\d.,:])(\d{1,2})(?::(\d{2}))?\s?([ap])\.?\s?m\b", re.IGNORECASE)
_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2})[:.](\d{2})(?![\d.,:]?\d)")
ARABIC_THOUSANDS, ARABIC_DECIMAL = "٬", "٫"
LETTERS_BY_SCRIPT = {
    "Arab": re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f]"),
    "Latn": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
# Two words or more of a script other than the English copy's, one space (or ZWNJ, a comma) apart: a quote or title.
_ARABIC_WORD = r"[\u0620-\u064a\u064b-\u065f\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u0640\u200c]+"
# Only in quotation marks: a gloss in brackets ("the PMF (الحشد الشعبي)") is one the translation need not repeat.
_RUNS = {"Arab": re.compile(f"[\"“«„‘']\\s*({_ARABIC_WORD}(?:[ \u00a0،]+{_ARABIC_WORD})+)")}
NAME = re.compile(r"\b[A-Z][\w'’.-]*\w")     # a capitalised word past the first: a name, in English
MEMORY_FACTS = "memory_facts"
BRACKET_PAIRS = {"(": ")", "[": "]", "{": "}"}
OPENING_QUOTES, CLOSING_QUOTES, STRAIGHT_QUOTE = "“«„‹", "”»›", '"'

MIN_WORDS_TO_DETECT = 5        # langdetect and the letter test guess wildly on shorter texts
MIN_LETTERS_TO_DETECT = 25
MIN_SOURCE_FOR_LENGTH = 20     # ratios of very short strings mean nothing
LENGTH_RATIO_BOUNDS = (0.3, 3.0)
MIN_LATIN_WORDS_UNTRANSLATED = 3  # a few names kept in Latin are normal in Arabic script


@dataclass(frozen=True)
class Check:
    """A registered check: the function, how bad a failure is, and a title from its docstring."""

    function: CheckFunction
    severity: Severity
    reads_link_labels: bool = False     # also given the entry's reference labels (``catalog.link_labels``)

    @property
    def title(self) -> str:
        return (self.function.__doc__ or self.function.__name__).strip().splitlines()[0]


def numbers(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Numbers of the source missing from the translation.

    Digits may be Western or any set in the profile; group and decimal
    separators are normalised, so 1,500 matches ١٬٥٠٠, 1.500 and 1500.

    >>> from l10n.core.languages import get_profile
    >>> numbers("On March 29, 1,500 left", "29 Mart'ta 1.500 kişi ayrıldı", get_profile("tk")) is None
    True
    """
    missing = missing_numbers(source, target, profile)[1]
    if missing:
        return f"number{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing from the translation"
    return None


def missing_numbers(source: str, target: str, profile: LanguageProfile) -> tuple[int, list[str]]:
    """(how many numbers the source has, those the translation lacks), each target number used once.

    >>> from l10n.core.languages import get_profile
    >>> missing_numbers("3 of 40 left on March 29", "غادر ٣ من ٤٠", get_profile("ar"))
    (3, ['29'])
    """
    target = _source_clock_times(source, _western_digits(_mask(target), profile))
    available = [_target_readings(token) for token in _number_tokens(target, profile)]
    wanted_values = [_source_value(token) for token in _number_tokens(_mask(source), None)]
    missing = []
    for wanted in wanted_values:
        found = next((i for i, readings in enumerate(available) if wanted in readings), None)
        if found is None:
            missing.append(wanted)
        else:
            del available[found]
    return len(wanted_values), missing


def placeholders(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Placeholders (%s, %(name)s, {name}, ⟦T0⟧) lost, added or changed."""
    wanted, got = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(target))
    if wanted == got:
        return None
    problems = [f"{token} missing" for token in sorted((wanted - got).elements())]
    problems += [f"{token} not in the source" for token in sorted((got - wanted).elements())]
    return "placeholder " + ", ".join(problems)


def urls(source: str, target: str, profile: LanguageProfile) -> str | None:
    """URLs and e-mail addresses not kept verbatim."""
    missing = Counter(_urls(source)) - Counter(_urls(target))
    if missing:
        return "not kept verbatim: " + ", ".join(sorted(missing.elements()))
    return None


def links(source: str, target: str, profile: LanguageProfile, labels: Collection[str] = ()) -> str | None:
    """Markdown link addresses, reference labels and autolinks lost or changed (web addresses are the ``urls`` check's).

    ``labels`` are the reference labels the article defines and the unit links with: only with
    them is ``[r]`` or ``[r][]`` a link rather than text, so a translated ``[sic]`` is never a finding.

    >>> from l10n.core.languages import get_profile
    >>> links("Read [the report].", "اقرأ [التقرير].", get_profile("ar"), ["the report"])
    'Markdown link target lost or changed: [the report]'
    >>> links("He [sic] said.", "قال [كذا].", get_profile("ar")) is None
    True
    """
    missing = Counter(_link_targets(source, labels)) - Counter(_link_targets(target, labels))
    if missing:
        return "Markdown link target lost or changed: " + ", ".join(sorted(missing.elements()))
    return None


def untranslated(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Translation left in English: identical to the source, or mostly Latin letters in another script."""
    if target.strip() == source.strip() and len(LATIN_WORD.findall(source)) >= 2:
        return "translation is identical to the source"
    if profile.script == "Latn":
        return None
    text = _mask(target)
    latin = len(LETTERS_BY_SCRIPT["Latn"].findall(text))
    native = len(LETTERS_BY_SCRIPT[profile.script].findall(text))
    if latin > native and len(LATIN_WORD.findall(text)) >= MIN_LATIN_WORDS_UNTRANSLATED:
        return f"mostly Latin letters ({latin} of {latin + native}); translate the English left in it"
    return None


def wrong_language(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Translation that reads as another language.

    Only texts long enough are judged, and not those already reported as untranslated.
    """
    text = _mask(target)
    letters = sum(char.isalpha() for char in text)
    if len(text.split()) < MIN_WORDS_TO_DETECT or letters < MIN_LETTERS_TO_DETECT:
        return None
    if untranslated(source, target, profile) is not None:
        return None
    if profile.detect_code:
        detected = _detect_language(text)
        if detected != profile.detect_code:
            return f"reads as {language_name(detected)}, not {profile.name}"
        return None
    if profile.distinctive_letters and not set(text) & set(profile.distinctive_letters):
        return f"reads as Arabic, not {profile.name}: none of {' '.join(profile.distinctive_letters)}"
    return None


def kept_text(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Words in the translation's own language quoted in the English source, not kept as written.

    An English story quoting a slogan or a statement in Arabic (``"لا للإرهاب"``) carries it as written
    into the Arabic text; a model drops or garbles it, and no other check sees the loss.  Two words or
    more in the target's script after a quotation mark count, when they are in its language (a Sorani
    letter among them for Sorani, none for Arabic); compared in the spelling term matching uses
    (``core.spelling.normalise``).  A gloss in brackets is left out (the translation need not repeat
    it), and a Latin-script target cannot tell a quote from the English around it.
    """
    runs = [run for run in _RUNS[profile.script].findall(source) if _in_language(run, profile)] if profile.script in _RUNS else []
    if not runs:   # the common case: an English source quoting nothing in the target's script
        return None
    written = " ".join(normalise(target, profile).split())
    missing = next((run for run in runs if " ".join(normalise(run, profile).split()) not in written), None)
    return f"the source's {profile.name} words «{missing}» are not in the translation; keep them as written" if missing else None


def _in_language(text: str, profile: LanguageProfile) -> bool:
    """Whether ``text`` (in ``profile``'s script) is in its language: one of its distinctive letters, or none of
    another language of that script's."""
    if profile.distinctive_letters:
        return bool(set(text) & set(profile.distinctive_letters))
    return not set(text) & {letter for other in PROFILES.values() if other.script == profile.script
                            for letter in other.distinctive_letters}


def brackets(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Brackets or quotes left open or closed twice, where the source balances them."""
    problems = []
    for opening, closing in BRACKET_PAIRS.items():
        if _bracket_balance(target, opening, closing) != _bracket_balance(source, opening, closing):
            problems.append(f"{opening}{closing}")
    if _quote_balance(target) != _quote_balance(source):
        problems.append("quotes")
    if problems:
        return "unbalanced " + ", ".join(problems) + " compared with the source"
    return None


def length(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Translation suspiciously shorter or longer than the source."""
    if len(source.strip()) < MIN_SOURCE_FOR_LENGTH:
        return None
    ratio = len(target.strip()) / len(source.strip())
    low, high = LENGTH_RATIO_BOUNDS
    if ratio < low or ratio > high:
        return f"translation is {ratio:.2f} times the length of the source; check nothing is missing or added"
    return None


def whitespace(source: str, target: str, profile: LanguageProfile) -> str | None:
    """Translation made only of spaces (an empty one is simply untranslated)."""
    if target and not target.strip():
        return "translation is only whitespace; empty it or translate it"
    return None


CHECKS: dict[str, Check] = {
    "placeholders": Check(placeholders, Severity.CRITICAL),
    "untranslated": Check(untranslated, Severity.CRITICAL),
    "wrong_language": Check(wrong_language, Severity.CRITICAL),
    "numbers": Check(numbers, Severity.FUNCTIONAL),
    "urls": Check(urls, Severity.FUNCTIONAL),
    "links": Check(links, Severity.FUNCTIONAL, reads_link_labels=True),
    "kept_text": Check(kept_text, Severity.FUNCTIONAL),
    "brackets": Check(brackets, Severity.FUNCTIONAL),
    "whitespace": Check(whitespace, Severity.FUNCTIONAL),
    "length": Check(length, Severity.COSMETIC),
}


def check_entry(source: str, target: str, profile: LanguageProfile, glossary=None,
                checks: Collection[str] | None = None, *, labels: Collection[str] = ()) -> list[Finding]:
    """Every problem of one translation; an empty target is untranslated, not wrong.

    ``checks`` limits the run to some CHECKS names (and "glossary"); None runs them all.
    ``labels``: the reference labels the unit links with (``catalog.link_labels`` of its entry).
    """
    if not target:
        return []
    names = CHECKS if target.strip() else ("whitespace",)  # blank text: nothing else to judge
    findings = []
    for name in names:
        if checks is not None and name not in checks:
            continue
        check = CHECKS[name]
        if check.reads_link_labels:
            message = check.function(source, target, profile, labels)
        else:
            message = check.function(source, target, profile)
        if message is not None:
            findings.append(Finding(name, check.severity, message, source, profile.code))
    if glossary is not None and (checks is None or "glossary" in checks):
        findings.extend(check_terms(source, target, profile, glossary))
    return findings


def check_prefill(source: str, target: str, profile: LanguageProfile, glossary=None, *,
                  match_source: str | None = None, labels: Collection[str] = ()) -> list[Finding]:
    """Every problem of a translation filled in without the engine (memory match, glossary rendering).

    The same checks as a draft gets, plus ``changed_facts`` when the text was
    reviewed for another source (``match_source``, a fuzzy memory match).
    """
    findings = check_entry(source, target, profile, glossary, labels=labels)
    if match_source is not None and match_source != source:
        findings += changed_facts(match_source, source, profile, glossary) or stated_numbers(source, target, profile)
    return findings


def changed_facts(match_source: str, source: str, profile: LanguageProfile, glossary=None) -> list[Finding]:
    """Numbers, names and glossary terms in which a memory match's source differs from the unit it fills.

    A 98% match can change the facts (another year, another town); its reviewed
    translation then states the old ones, so the difference is a finding.

    >>> from l10n.core.languages import get_profile
    >>> [f.message for f in changed_facts("It opened in 2003.", "It opened in 2004.", get_profile("ar"))]
    ['the memory match was reviewed for a source with 2003 where this unit has 2004; correct the translation']
    """
    def numbers_of(text: str) -> Counter:
        return _source_numbers(text)

    def names_of(text: str) -> Counter:   # the first word too: "Kirkuk governor…" is a name; "The", "Five" are not
        return Counter(name for name in NAME.findall(text)
                       if name.lower() not in STOPWORDS and not number_words.values(name, number_words.ENGLISH))

    def terms_of(text: str) -> Counter:
        return Counter(hit.term.forms[0] for hit in glossary.find(text)) if glossary is not None else Counter()

    old, new = [], []
    for facts in (numbers_of, names_of, terms_of):
        before, after = facts(match_source), facts(source)
        old += sorted((before - after).elements())
        new += sorted((after - before).elements())
    if not old and not new:
        return []
    message = (f"the memory match was reviewed for a source with {', '.join(old) or 'no such detail'} "
               f"where this unit has {', '.join(new) or 'none'}; correct the translation")
    return [Finding(MEMORY_FACTS, Severity.FUNCTIONAL, message, source, profile.code)]


def stated_numbers(source: str, target: str, profile: LanguageProfile) -> list[Finding]:
    """A memory match's translation that states another number than the unit it fills, in digits or words.

    Only a number the translation states (digits, or the target's number words)
    and the source lacks counts, so a number the translation spells in a way the
    tables do not know ("one of them" as أحدهم) is never a finding by itself.

    >>> from l10n.core.languages import get_profile
    >>> [f.message for f in stated_numbers("Five members resigned.", "استقال أربعة أعضاء.", get_profile("ar"))]
    ['the memory match states 4 where this unit has 5; correct the translation']
    """
    wanted = _source_numbers(source)
    stated = Counter(_source_value(token) for token in _number_tokens(_mask(target), profile))
    stated += number_words.target_values(_mask(target), profile.code)
    missing, extra = sorted((wanted - stated).elements()), sorted((stated - wanted).elements())
    if not (missing and extra):
        return []
    message = f"the memory match states {', '.join(extra)} where this unit has {', '.join(missing)}; correct the translation"
    return [Finding(MEMORY_FACTS, Severity.FUNCTIONAL, message, source, profile.code)]


def _source_numbers(text: str) -> Counter:
    """An English text's numbers: digits and number words ("five", "twenty-one", "two hundred") alike."""
    masked = _mask(text)
    return Counter(_source_value(token) for token in _number_tokens(masked, None)) + number_words.values(masked, number_words.ENGLISH)


def flag_notes(findings: Iterable[Finding]) -> list[str]:
    """The ``FLAG`` comment lines for the findings a reviewer must act on (cosmetic ones are left out)."""
    return [f"FLAG {finding.check}: {finding.message}" for finding in findings if finding.severity is not Severity.COSMETIC]


def check_catalog(path: Path, *, glossary=None, checks: Collection[str] | None = None) -> list[Finding]:
    """Check every translated entry of a PO file (drafts included; empty and obsolete ones skipped)."""
    catalog = read_catalog(path)
    profile = written_in(path, catalog)
    findings = []
    for entry in catalog:
        if entry.obsolete:
            continue
        for source, target in _pairs(entry):
            for finding in check_entry(source, target, profile, glossary, checks, labels=link_labels(entry)):
                findings.append(_located(finding, path, entry, profile.code))
    return findings


def check_catalogs(paths: Iterable[Path], *, glossary=None, checks: Collection[str] | None = None) -> list[Finding]:
    """Check several PO files, in the order given (``l10n glossary check`` passes checks=("glossary",))."""
    return [finding for path in paths for finding in check_catalog(Path(path), glossary=glossary, checks=checks)]


def is_error(finding: Finding) -> bool:
    """Critical and functional findings block publishing and make ``l10n check`` fail."""
    return finding.severity in BLOCKING


def findings_as_json(findings: Sequence[Finding]) -> str:
    """The findings as a JSON list of objects, for ``l10n check --format json``."""
    records = [{**asdict(finding), "severity": finding.severity.value} for finding in findings]
    return json.dumps(records, ensure_ascii=False, indent=2)


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry; plural forms after the first pair with msgid_plural."""
    if entry.msgid_plural:
        return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


def _located(finding: Finding, path: Path, entry: polib.POEntry, lang: str) -> Finding:
    return Finding(finding.check, finding.severity, finding.message, entry.msgid, lang, str(path), entry.msgctxt)


def _mask(text: str) -> str:
    """The text with URLs, placeholders, Markdown link targets and code spans blanked, so their digits and letters
    (kept as written, not translated) are not judged."""
    return PLACEHOLDER.sub(" ", URL.sub(" ", KEPT_MARKUP.sub(" ", text)))


def _urls(text: str) -> list[str]:
    return [match.rstrip(URL_TRAILING) for match in URL.findall(text)]


def _link_targets(text: str, labels: Collection[str] = ()) -> list[str]:
    """Inline link addresses that are not web addresses, reference labels as CommonMark matches them, and autolinks.

    A label in ``labels`` (defined by the article) counts where markdown-it makes a link of it,
    whatever the form; any other ``[text][label]`` is taken for a link, as without definitions.

    >>> _link_targets("See [the annex](<annex 1.pdf>), [the site](https://a.b) and [the report][Full  Report].")
    ['annex 1.pdf', '[full report]']
    >>> _link_targets("See [r], [the annex][] and `[r]`.", ["r", "the annex"])
    ['[r]', '[the annex]']
    """
    defined = {link_label(label) for label in labels}
    targets = [f"[{label}]" for label in reference_links(text, defined)] + AUTOLINK.findall(text)
    for match in LINK_TARGET.finditer(text):
        address = match.group(1) if match.group(1) is not None else match.group(2)
        if address is None:
            label = link_label(match.group(3))
            if label not in defined:
                targets.append(f"[{label}]")
        elif not URL.match(address):
            targets.append(address)
    return targets


def _number_tokens(text: str, profile: LanguageProfile | None) -> list[str]:
    """Numbers in ``text`` with their separators, digits turned Western (Western only for the source)."""
    digit_sets = profile.digits if profile else (WESTERN_DIGITS,)
    digit = "[" + "".join(re.escape(d) for digits in digit_sets for d in digits) + "]"
    pattern = f"{digit}+(?:[{NUMBER_SEPARATORS}]{digit}+)*"
    return [_western_digits(token, profile) for token in re.findall(pattern, text)]


def _western_digits(text: str, profile: LanguageProfile | None) -> str:
    digit_sets = profile.digits if profile else (WESTERN_DIGITS,)
    return text.translate({ord(d): WESTERN_DIGITS[i] for digits in digit_sets for i, d in enumerate(digits)})


def _source_clock_times(source: str, target: str) -> str:
    """``target`` (Western digits) with each 12-hour time of the source it states on the 24-hour clock written as
    the source writes it: "3:30 p.m." may be "15.30" or "15:30" in a translation, as "5 p.m." may be "17.00"
    (a bare "17" may be a count: it is left alone).

    >>> _source_clock_times("It starts at 3:30 p.m. on day 2.", "Saat 15.30'da, 2. gün")
    "Saat 3:30'da, 2. gün"
    """
    stated: dict[tuple[int, str], list[str]] = {}  # (hour on the 24-hour clock, minutes) -> the source's times, in order
    for time in _TWELVE_HOUR.finditer(_mask(source)):
        hour = int(time.group(1)) % 12 + 12 * (time.group(3).lower() == "p")
        stated.setdefault((hour, time.group(2) or "00"), []).append(time.group(1) + (f":{time.group(2)}" if time.group(2) else ""))
    for times in stated.values():
        times.reverse()  # popped from the end: the first time first

    def as_the_source_writes_it(clock: re.Match) -> str:
        times = stated.get((int(clock.group(1)), clock.group(2)))
        return times.pop() if times else clock.group()

    return _CLOCK.sub(as_the_source_writes_it, target) if stated else target  # one pass: linear in both texts


def _source_value(token: str) -> str:
    """An English number normalised: ',' groups thousands, '.' marks decimals."""
    return _normalise(token.replace(",", ""), ".")


def _target_readings(token: str) -> set[str]:
    """Every value a target number may mean: its last separator is a decimal mark or a group mark."""
    token = token.replace(ARABIC_THOUSANDS, ",").replace(ARABIC_DECIMAL, ".")
    groups = re.split(f"[{NUMBER_SEPARATORS}]", token)
    readings = {"".join(groups)} if all(len(group) == 3 for group in groups[1:]) else set()
    if len(groups) > 1:
        readings.add(_normalise("".join(groups[:-1]) + "." + groups[-1], "."))
    return readings


def _normalise(number: str, decimal: str) -> str:
    whole, _, fraction = number.partition(decimal)
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _bracket_balance(text: str, opening: str, closing: str) -> tuple[int, int]:
    """(unclosed openings, closings without an opening) for one bracket kind."""
    depth = stray = 0
    for char in text:
        if char == opening:
            depth += 1
        elif char == closing:
            if depth:
                depth -= 1
            else:
                stray += 1
    return depth, stray


def _quote_balance(text: str) -> int:
    """Quotations left open, whatever the style: typographic opened minus closed, plus an odd straight quote."""
    opened = sum(text.count(q) for q in OPENING_QUOTES)
    closed = sum(text.count(q) for q in CLOSING_QUOTES)
    return opened - closed + text.count(STRAIGHT_QUOTE) % 2


def _detect_language(text: str) -> str:
    """langdetect's best guess (``langdetect.detect``), made deterministic; '' when it has no guess.

    langdetect averages seven seeded random trials; ``_langdetect_top`` stops once the trials left
    cannot change which language comes first, so the answer is langdetect's own for less work.
    """
    from langdetect import DetectorFactory, detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    load_language_profiles()
    DetectorFactory.seed = 0
    detector = detector_factory._factory.create()
    detector.append(text)
    try:
        return _langdetect_top(detector)
    except LangDetectException:
        return ""


def _langdetect_top(detector) -> str:
    """``detector.detect()``, its trials run as langdetect runs them (same seed, draws and arithmetic) until the leader is settled.

    After each trial every language's average has gained ``trial probability / trials`` (a trial's
    probabilities are normalised, so at most 1 each); a leader ahead of every other language by more
    than the trials left could add, and above langdetect's reporting threshold, stays first.  The
    languages' probabilities are a numpy row: each step multiplies and adds them one by one, as
    langdetect's list does (IEEE doubles both), and the sum that normalises them is Python's own.
    """
    import numpy
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    detector.cleaning_text()
    ngrams = detector._extract_ngrams()
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    langlist, trials = detector.langlist, detector.n_trial
    rows = [_row(ngram) for ngram in ngrams]
    average = numpy.zeros(len(langlist))
    detector.random.seed(detector.seed)
    step, choice, add = numpy.empty(len(langlist)), detector.random.choice, numpy.add  # one buffer: no array made per draw
    for trial in range(trials):
        prob = numpy.array(detector._init_probability(), dtype=float)
        weight = (detector.alpha + detector.random.gauss(0.0, 1.0) * detector.ALPHA_WIDTH) / detector.BASE_FREQ
        i = 0
        while True:
            prob *= add(weight, choice(rows), out=step)
            if i % 5 == 0 and (_normalise_prob(prob) > detector.CONV_THRESHOLD or i >= detector.ITERATION_LIMIT):
                break
            i += 1
        average += prob / trials
        leader = int(average.argmax())
        runner_up = max((p for index, p in enumerate(average.tolist()) if index != leader), default=0.0)
        if average[leader] > detector.PROB_THRESHOLD and average[leader] - runner_up > (trials - trial - 1) / trials + 1e-9:
            return langlist[leader]
    ranked = detector._sort_probability(average.tolist())
    return ranked[0].lang if ranked else detector.UNKNOWN_LANG


@lru_cache(maxsize=1 << 15)  # a row is 55 doubles: at most about 18 MB
def _row(ngram: str):
    """langdetect's table row of ``ngram`` as a numpy array (``load_language_profiles`` has installed the table)."""
    import numpy
    from langdetect import detector_factory

    return numpy.array(detector_factory._factory.word_lang_prob_map[ngram], dtype=float)


def _normalise_prob(prob) -> float:
    """langdetect's ``_normalize_prob`` on a numpy row: each divided by the sum (Python's ``sum``, in langdetect's
    order), the largest returned."""
    values = prob.tolist()
    total = sum(values)
    if not total:
        raise ZeroDivisionError("float division by zero")  # as langdetect's own would
    prob /= total
    return max(values) / total  # the largest quotient: dividing by a positive total keeps the order, rounding too

"""Plain records shared by the stages: no I/O and no third-party imports here.

Data flows one way: read -> segment (Article of Units) -> memory (MemoryMatch)
-> terms (EngineRequest) -> engine (Hypothesis) -> terms (Draft, TermHit) -> adapt -> qa
(Finding) -> catalog.  Publishing reads catalogs back into an Article's layout.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path


class Severity(str, enum.Enum):
    """How bad a Finding is, in the order of Translate Toolkit's pofilter categories."""

    CRITICAL = "critical"      # wrong meaning/term, lost placeholder: blocks publishing
    FUNCTIONAL = "functional"  # numbers, URLs, brackets: blocks publishing
    COSMETIC = "cosmetic"      # length ratio, spacing: reported only


class Origin(str, enum.Enum):
    """Where a draft's text came from; written into the entry's comments."""

    MEMORY = "memory"    # translation memory, exact or fuzzy
    ENGINE = "engine"    # machine translation by an Argos package
    ADAPTED = "adapted"  # machine translation through a pivot, then adapted (tk via tr)
    GLOSSARY = "glossary"  # the whole unit is one glossary term


def unit_id(source: str) -> str:
    """Stable short id for a source segment: equal text, equal id (duplicates share an entry).

    >>> unit_id("Hello  world") == unit_id("Hello world")
    True
    """
    normalised = " ".join(source.split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable segment of an article.

    ``start``/``end`` index ``Article.text``, so an article is rebuilt by
    replacing each unit's span with its translation and keeping what lies between.
    """

    kind: str        # "title" | "caption" | "credit" | "byline" | "body"; Markdown adds "heading" | "list item" | "quote" | "table cell" | "footnote" | "image"
    source: str      # exactly Article.text[start:end], less the Article.markers inside it
    start: int
    end: int
    paragraph: int   # index of the block (blank-line separated) the unit is in
    line: int        # 1-based line of the source file where the unit starts

    @property
    def id(self) -> str:
        return unit_id(self.source)


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the source that is not translated (boilerplate such as share links)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A segmented source article: its text, ordered units and the boilerplate dropped."""

    slug: str
    source_path: str       # as given (relative to the project where possible), for #: references
    text: str              # the decoded source text, unchanged
    units: tuple[Unit, ...]
    dropped: tuple[Span, ...] = ()
    markup: str = "text"   # "text" | "markdown": how the layout between units is written
    markers: tuple[Span, ...] = ()   # a Markdown quote's ">" opening a line inside a unit: layout, not in its source


@dataclass(frozen=True)
class Term:
    """A glossary entry: English forms, the approved rendering per language, what is forbidden."""

    id: str
    forms: tuple[str, ...]                       # English forms and variants, in the desk's order (first: main form)
    targets: dict[str, str]                      # lang -> approved term
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> other attested spellings, accepted
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    do_not_translate: bool = False               # keep the English form in every language
    case_sensitive: bool = False                 # acronyms (ISF, IS) match only in capitals
    bracketed_acronym: str = "drop"              # "Iraqi Security Forces (ISF)": drop | keep the "(ISF)" in drafts
    construct: dict[str, str] = field(default_factory=dict)  # lang -> form before a genitive (مجلس محافظة), accepted
    note: str = ""
    origin: str = ""                             # where the renderings come from
    line: int = 0                                # line in the glossary file, for messages


@dataclass(frozen=True, slots=True)
class TermHit:
    """A Term found in a unit's source, and what became of it in one language's draft."""

    term: Term
    start: int
    end: int
    form: str              # the source text matched
    outcome: str = ""      # "kept" | "forced" | "missing" once the draft is checked


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A translation the memory holds for a unit in one language."""

    source: str
    target: str
    score: float           # 0-100 similarity of normalised sources
    exact: bool
    origin: str            # article slug (and date) the translation was reviewed in


@dataclass(frozen=True, slots=True)
class EngineRequest:
    """One segment for the machine-translation engine.

    ``target_prefix`` forces the draft to start with that text (hard constraint),
    or with ``prefix_bias`` > 0, only favours it (CTranslate2 ``prefix_bias_beta``).
    """

    source: str
    target_prefix: str = ""
    n_best: int = 1
    prefix_bias: float = 0.0
    with_alignment: bool = False   # ask for Hypothesis.alignment (costs the attention, so only when needed)
    max_length: int = 0            # at most this many target tokens (0: the engine's own limit)


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One draft the engine proposes for a request, best first in its list.

    ``alignment``, when the request asked for it and the engine could tell,
    holds for each whitespace-separated word of ``text`` the index of the
    whitespace-separated word of the request's source it attends to most (the
    model's alignment head, pieces summed into words); None otherwise.
    ``confidence`` gives, per word, the share of that word's attention on the
    source word it is aligned to: low where the head is flat, spread over
    neighbours or parked on the end of the sentence; None when the engine
    cannot tell (the alignment is then taken as it is).
    """

    text: str
    alignment: tuple[int, ...] | None = None
    confidence: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a draft or a translation: data, never an exception."""

    check: str
    severity: Severity
    message: str
    msgid: str = ""
    lang: str = ""
    path: str = ""         # the PO file, when checking files
    msgctxt: str | None = None  # the entry's context: with msgid, which entry of the file (l10n writes none)


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed translation of one unit in one language, with its provenance."""

    source: str
    lang: str
    text: str
    origin: Origin
    engine_id: str = ""                    # package name and version, or memory origin
    fuzzy: bool = True                     # every machine draft needs review
    notes: tuple[str, ...] = ()            # extra comment lines (match score, adaptation rules)
    term_hits: tuple[TermHit, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class LanguageReport:
    """What one run did for one language of one article."""

    lang: str
    units: int
    drafted: int = 0
    reused: int = 0
    flagged: int = 0                       # entries awaiting review with an l10n FLAG, counted in the file after the run
    redrafted: int = 0                     # l10n drafts made again (engine or memory) because their source or their glossary terms changed; not in drafted/reused
    changed: int = 0                       # kept translator text whose source changed: fuzzy, with the previous source, for review
    empty: int = 0
    kept: int = 0                          # entries already translated, left alone
    path: Path | None = None
    notice: str = ""                       # e.g. which package is missing and how to get it


@dataclass(frozen=True, slots=True)
class ArticleInputs:
    """What a run read for one article and what it left in its catalogs, as digests taken when read or written.

    ``glossary`` maps each glossary-folder file to its SHA-256 as the run read it
    (one entry ``""`` when a file changed while it was being read); ``catalogs``
    maps each catalog path to the SHA-256 of the bytes the run left there (None:
    left as someone else saved it, so the next run looks again).
    """

    path: str                                       # the article as given
    name: str                                       # its catalog name
    article: str                                    # SHA-256 of the bytes drafted
    glossary: tuple[tuple[str, str | None], ...]
    catalogs: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class ArticleFailure:
    """An article a run over several could not translate; the others went on."""

    path: str              # the article as given
    reason: str            # the error's one-line message (it names the file)
    exit_code: int         # the error's own exit code (errors.ExitCode), e.g. 3 for a non-English article


@dataclass(frozen=True, slots=True)
class Report:
    """What ``translate`` did: per article and language, plus every file written."""

    articles: tuple[str, ...]
    languages: tuple[LanguageReport, ...]
    written: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()
    notices: tuple[str, ...] = ()
    failures: tuple[ArticleFailure, ...] = ()
    inputs: tuple[ArticleInputs, ...] = ()         # per article translated: what was read and written

    def totals(self) -> LanguageReport:
        """Every row's counts summed (lang ``all``): what the run changed across its catalogs."""
        counted = ("units", "drafted", "reused", "flagged", "empty", "kept", "redrafted", "changed")
        return LanguageReport(lang="all", **{name: sum(getattr(row, name) for row in self.languages) for name in counted})

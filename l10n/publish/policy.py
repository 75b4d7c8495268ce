"""Which languages may be published, and which text each unit gets.

po4a's rule is the anchor (a translation is produced only when enough of it is
done), made stricter for a newsroom:

* By default a language is published only when every unit of the article is
  reviewed (translated and not fuzzy) and ``l10n check`` reports no error
  (critical or functional finding) on the catalog.
* With ``min_reviewed`` (a percentage of the article's distinct units), a
  language at or above it is published with each unreviewed unit filled from
  the English source or from its draft (``fill``), and every filled unit is
  marked visibly by the renderers.  A draft that is empty falls back to the
  source.  QA errors still block when they concern text that would be
  published (a reviewed translation, or a draft used as fill) or the catalog
  as a whole.

Everything here is pure: the catalog entries and QA findings are inputs.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polib

from ..core.records import Finding
from ..stages.catalog import EntryState, entry_state
from ..stages.qa import is_error

FILLS = ("source", "draft")


class State(str, enum.Enum):
    """What a published unit shows: its reviewed translation, or a marked fill."""

    REVIEWED = "reviewed"
    SOURCE = "source"    # unreviewed: the English source shown instead
    DRAFT = "draft"      # unreviewed: the translator's draft shown as is


@dataclass(frozen=True, slots=True)
class Blocker:
    """One reason a language cannot be published: where (catalog:line and msgid) and why."""

    entry: str
    reason: str


@dataclass(frozen=True, slots=True)
class Choice:
    """The text published for one source sentence, and whether it was reviewed."""

    text: str
    state: State


@dataclass(frozen=True)
class Plan:
    """The decision for one language of one article."""

    lang: str
    units: int                      # distinct source sentences of the article
    reviewed: int
    choices: Mapping[str, Choice]   # source sentence -> published text (empty when blocked)
    blockers: tuple[Blocker, ...]

    @property
    def completeness(self) -> float:
        """Percentage of the article's distinct units that are reviewed, to one decimal."""
        return round(100.0 * self.reviewed / self.units, 1) if self.units else 100.0

    @property
    def publishable(self) -> bool:
        return not self.blockers

    @property
    def filled(self) -> tuple[str, ...]:
        """Sources of the units published without review."""
        return tuple(source for source, choice in self.choices.items() if choice.state is not State.REVIEWED)


def plan_language(
    lang: str,
    sources: Sequence[str],
    entries: Mapping[str, polib.POEntry],
    findings: Sequence[Finding],
    *,
    catalog: str,
    min_reviewed: float | None = None,
    fill: str = "source",
) -> Plan:
    """Decide whether ``lang`` is publishable and what each unit shows.

    ``entries`` maps each source to its unit's entry (``catalog.unit_entries``); ``catalog``
    names the file in blocker entries (``locales/ar/LC_MESSAGES/x.po:42``).  A finding on an
    entry with a msgctxt is about another message, which is not published.
    """
    distinct = list(dict.fromkeys(sources))
    reviewed = {source for source in distinct if _is_reviewed(entries.get(source))}
    choices: dict[str, Choice] = {}
    unreviewed: list[Blocker] = []
    for source in distinct:
        entry = entries.get(source)
        if source in reviewed:
            choices[source] = Choice(entry.msgstr, State.REVIEWED)
            continue
        unreviewed.append(Blocker(_where(catalog, source, entry), _why_unreviewed(entry)))
        if fill == "draft" and entry is not None and entry.msgstr.strip():
            choices[source] = Choice(entry.msgstr, State.DRAFT)
        else:
            choices[source] = Choice(source, State.SOURCE)
    blockers = _threshold_blockers(catalog, len(reviewed), len(distinct), unreviewed, min_reviewed)
    published = {source for source, choice in choices.items() if choice.state is not State.SOURCE}
    blockers += [
        Blocker(_where(catalog, finding.msgid, entries.get(finding.msgid)), f"{finding.check}: {finding.message}")
        for finding in findings
        if is_error(finding) and finding.msgctxt is None and (finding.msgid in published or not finding.msgid)
    ]
    return Plan(lang, len(distinct), len(reviewed), choices if not blockers else {}, tuple(blockers))


def missing_catalog_plan(lang: str, sources: Sequence[str], catalog: str) -> Plan:
    """A language with no catalog yet: blocked, nothing reviewed."""
    reason = "no catalog for this article; run `l10n translate` and have it reviewed"
    return Plan(lang, len(set(sources)), 0, {}, (Blocker(catalog, reason),))


def _is_reviewed(entry: polib.POEntry | None) -> bool:
    return entry is not None and entry_state(entry) is EntryState.REVIEWED


def _why_unreviewed(entry: polib.POEntry | None) -> str:
    if entry is None:
        return "missing from the catalog; run `l10n translate` to add it"
    if entry_state(entry) is EntryState.EMPTY:
        return "not translated"
    return "fuzzy: the draft is not reviewed"


def _threshold_blockers(
    catalog: str, reviewed: int, units: int, unreviewed: list[Blocker], min_reviewed: float | None
) -> list[Blocker]:
    if min_reviewed is None:
        return list(unreviewed)
    if units and 100.0 * reviewed / units < min_reviewed:
        share = f"{100.0 * reviewed / units:.1f}% reviewed ({reviewed} of {units} units)"
        return [Blocker(catalog, f"{share}, below the {min_reviewed:g}% minimum"), *unreviewed]
    return []


def _where(catalog: str, msgid: str, entry: polib.POEntry | None) -> str:
    """``catalog[:line] “start of msgid…”``: enough for a translator to find the entry."""
    location = f"{catalog}:{entry.linenum}" if entry is not None and entry.linenum else catalog
    if not msgid:
        return location
    short = msgid if len(msgid) <= 60 else msgid[:59].rstrip() + "…"
    return f"{location} “{short}”"

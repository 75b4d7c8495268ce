"""Property: whatever editors and translators do between runs, human work in a catalog survives.

Article edits (add, change, delete sentences) and translator edits (review,
accept, edit a draft, comment, a msgcat re-save that rewraps and drops custom
flags) are interleaved with pipeline runs.  After every run: each text a human
wrote and each translator comment is still in the catalog (active or obsolete),
an entry reviewed for a sentence still present is unchanged, the file passes
``msgfmt --check`` (write_catalog checks) and holds what l10n would write (in
GNU's layout, or an editor's when a run had nothing to change), and an
immediate re-run leaves the file byte-identical.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.core.languages import get_profile
from l10n.core.records import Article, Draft, Origin, Unit
from l10n.stages.catalog import EntryState, apply_draft, build_template, entry_state, needs_draft, refresh_comments
from l10n.stages.pofiles import read_catalog, render_catalog, update_catalog, write_catalog

WORDS = ["the", "coalition", "base", "withdrew", "from", "Kirkuk", "forces", "today", "800", "ISF", "“plan”", "—"]
COMMENTS = ["checked", "Checked with the desk: K1 is the local name, never 'Kirkuk Air Base' in our copy, per the style guide.", "two\nlines"]

sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6).map(lambda words: " ".join(words).capitalize() + ".")
article_edit = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 20), sentences),
    st.tuples(st.just("change"), st.integers(0, 20), st.integers(0, 20), st.sampled_from(WORDS)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
)
translator_edit = st.one_of(
    st.tuples(st.just("review"), st.integers(0, 20)),
    st.tuples(st.just("accept"), st.integers(0, 20)),
    st.tuples(st.just("edit"), st.integers(0, 20)),
    st.tuples(st.just("comment"), st.integers(0, 20), st.sampled_from(COMMENTS)),
    st.tuples(st.just("resave"),),
)
steps = st.lists(st.one_of(article_edit, translator_edit), min_size=1, max_size=5)


@dataclass
class HumanWork:
    """What translators did, to check against every later catalog."""

    texts: set[str] = field(default_factory=set)          # every msgstr a human wrote or reviewed
    comments: set[str] = field(default_factory=set)       # every translator comment
    reviewed: dict[str, str] = field(default_factory=dict)  # msgid -> text, while the sentence stays
    counter: int = 0


def to_article(lines: list[str]) -> Article:
    text, units = "", []
    for index, sentence in enumerate(lines):
        start = len(text)
        text += sentence + "\n"
        units.append(Unit(kind="title" if index == 0 else "body", source=sentence, start=start, end=start + len(sentence), paragraph=index, line=index + 1))
    return Article(slug="story", source_path="story.txt", text=text, units=tuple(units))


def pipeline_run(root: Path, lines: list[str]) -> Path:
    template = build_template([to_article(lines)])
    write_catalog(template, root / "story.pot")
    path = root / "ar" / "LC_MESSAGES" / "story.po"
    catalog = update_catalog(template, path, get_profile("ar"))
    for entry in catalog:
        if needs_draft(entry):
            apply_draft(entry, Draft(source=entry.msgid, lang="ar", text=f"MT({entry.msgid})", origin=Origin.ENGINE, engine_id="fake 1"))
    refresh_comments(catalog, glossary_notes=lambda source: ["glossary: ISF → قوات الأمن العراقية"] if "ISF" in source else [])
    return write_catalog(catalog, path)


def edit_article(lines: list[str], edit: tuple) -> list[str]:
    lines = list(lines)
    if edit[0] == "add":
        lines.insert(edit[1] % (len(lines) + 1), edit[2])
    elif edit[0] == "change" and lines:
        words = lines[edit[1] % len(lines)].rstrip(".").split()
        words[edit[2] % len(words)] = edit[3]
        lines[edit[1] % len(lines)] = " ".join(words).capitalize() + "."
    elif edit[0] == "delete" and len(lines) > 1:
        del lines[edit[1] % len(lines)]
    return lines


def edit_catalog(path: Path, edit: tuple, work: HumanWork) -> None:
    if edit[0] == "resave":
        subprocess.run(["msgcat", "--width=30", "-o", str(path), str(path)], check=True)
        return
    catalog = read_catalog(path)
    active = [entry for entry in catalog if not entry.obsolete]
    entry = active[edit[1] % len(active)]
    machine = entry_state(entry) is EntryState.EMPTY or (entry.fuzzy and entry.msgstr not in work.texts)
    if edit[0] == "review" and machine:
        work.counter += 1
        entry.msgstr = f"R{work.counter}"
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = None
    elif edit[0] == "accept" and entry.fuzzy and entry.msgstr:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.flags.append("no-wrap")  # a custom flag; the next resave may drop it
    elif edit[0] == "edit" and machine and entry.msgstr:
        work.counter += 1
        entry.msgstr = f"H{work.counter}"
    elif edit[0] == "comment" and not entry.tcomment:
        entry.tcomment = edit[2]
        work.comments.add(edit[2])
    else:
        return
    if entry_state(entry) is EntryState.REVIEWED:
        work.reviewed[entry.msgid] = entry.msgstr
    if entry_state(entry) is EntryState.REVIEWED or not entry.msgstr.startswith("MT("):
        work.texts.add(entry.msgstr)
    catalog.save(str(path))


def check_human_work(path: Path, lines: list[str], work: HumanWork) -> None:
    text = path.read_text(encoding="utf-8")
    catalog = read_catalog(path)
    # what l10n would write: in GNU's layout, or in an editor's when only the layout differs (a run leaves that alone)
    assert render_catalog(catalog) == subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True, check=True).stdout
    assert work.texts <= {entry.msgstr for entry in catalog}
    assert work.comments <= {entry.tcomment for entry in catalog}
    active = {entry.msgid: entry for entry in catalog if not entry.obsolete}
    for msgid, reviewed in work.reviewed.items():
        assert active[msgid].msgstr == reviewed and entry_state(active[msgid]) is EntryState.REVIEWED


@pytest.mark.stress
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(sentences, min_size=1, max_size=4), actions=steps)
def test_human_work_survives_any_sequence_of_edits_and_runs(initial, actions):
    with tempfile.TemporaryDirectory() as tmp:
        root, lines, work = Path(tmp), list(initial), HumanWork()
        path = pipeline_run(root, lines)
        for action in actions:
            if action[0] in ("add", "change", "delete"):
                lines = edit_article(lines, action)
                work.reviewed = {msgid: text for msgid, text in work.reviewed.items() if msgid in lines}
                pipeline_run(root, lines)
                check_human_work(path, lines, work)
            else:
                edit_catalog(path, action, work)
        pipeline_run(root, lines)
        check_human_work(path, lines, work)
        settled = path.read_bytes()
        pipeline_run(root, lines)
        assert path.read_bytes() == settled
        assert not any(needs_draft(entry) for entry in polib.pofile(str(path)))

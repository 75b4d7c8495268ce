"""Catalogs: template structure, headers, msgfmt validity, round trips, msgmerge semantics, bad files."""

from __future__ import annotations

import codecs
import re
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.core.languages import get_profile
from l10n.core.records import Article, Draft, Origin, Unit
from l10n.errors import CatalogError
from l10n.stages.catalog import EntryState, apply_draft, build_template, entry_state, needs_draft, read_comment, refresh_comments
from l10n.stages.pofiles import read_catalog, render_catalog, update_catalog, write_catalog

TK_NOTE = get_profile("tk").label


def make_article(blocks: list[tuple[str, str]], slug: str = "k1", source_path: str = "articles/k1.txt") -> Article:
    """An Article with one unit per (kind, sentence), each in its own paragraph two lines apart."""
    text, units = "", []
    for index, (kind, sentence) in enumerate(blocks):
        start = len(text)
        text += sentence + "\n\n"
        units.append(Unit(kind=kind, source=sentence, start=start, end=start + len(sentence), paragraph=index, line=2 * index + 1))
    return Article(slug=slug, source_path=source_path, text=text, units=tuple(units))


V1 = [
    ("title", "US-led coalition withdrew from two military bases"),
    ("caption", "Kirkuk, a US soldier at the K1 military base. Photo: KirkukNow"),
    ("body", "The coalition handed the K1 base to the Iraqi Security Forces (ISF)."),
    ("body", "The statement says the relocation plan had long been discussed."),
    ("body", "Nearly 800 personnel withdrew from Qayyarah."),
    ("body", "The base was built in the late 1970s."),
]


def machine_draft(entry: polib.POEntry, **overrides) -> Draft:
    values = dict(source=entry.msgid, lang="ar", text=f"[ar] {entry.msgid}", origin=Origin.ENGINE, engine_id="translate-en_ar 1.9")
    values.update(overrides)
    return Draft(**values)


def run(root: Path, article: Article, lang: str = "ar", note: str = "") -> Path:
    """One pipeline pass for one language: template, merge, draft what needs it, write."""
    template = build_template([article])
    write_catalog(template, root / f"{article.slug}.pot")
    path = root / lang / "LC_MESSAGES" / f"{article.slug}.po"
    catalog = update_catalog(template, path, get_profile(lang), note=note)
    for entry in catalog:
        if needs_draft(entry):
            apply_draft(entry, machine_draft(entry, lang=lang))
    refresh_comments(catalog, glossary_notes=glossary_hints)
    return write_catalog(catalog, path)


def glossary_hints(source: str) -> list[str]:
    return ["glossary: ISF → قوات الأمن العراقية"] if "ISF" in source else []


def by_msgid(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in read_catalog(path) if not entry.obsolete}


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def without_dates(text: str) -> str:
    return re.sub(r'"(PO-Revision-Date|POT-Creation-Date): .*\\n"\n', "", text)


# --- template -----------------------------------------------------------------


def test_template_has_one_entry_per_sentence_with_roles_and_references():
    article = make_article([*V1, ("body", V1[2][1])])
    template = build_template([article], project_name="kirkuknow")
    assert [entry.msgid for entry in template] == [sentence for _, sentence in V1]
    shared = template.find(V1[2][1])
    assert shared.occurrences == [("articles/k1.txt", "5"), ("articles/k1.txt", "13")]
    assert shared.comment == "role: body, paragraph 3\nrole: body, paragraph 7"
    assert template.find(V1[0][1]).comment == "role: title"
    assert template.find(V1[1][1]).comment == "role: caption"
    assert all(entry.msgctxt is None and entry.msgstr == "" for entry in template)
    assert template.metadata["Project-Id-Version"] == "kirkuknow"
    assert template.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert template.metadata["Content-Transfer-Encoding"] == "8bit"
    assert template.metadata["MIME-Version"] == "1.0"
    assert template.metadata["X-Generator"].startswith("l10n ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", template.metadata["POT-Creation-Date"])


def test_template_is_deterministic_except_dates():
    article = make_article(V1)
    assert without_dates(render_catalog(build_template([article]))) == without_dates(render_catalog(build_template([article])))


@pytest.mark.parametrize("lang", ["ar", "ckb", "tk"])
def test_new_catalog_headers_follow_the_profile(tmp_path, lang):
    note = TK_NOTE if lang == "tk" else ""
    path = run(tmp_path, make_article(V1), lang, note=note)
    msgfmt_check(path)
    msgfmt_check(tmp_path / "k1.pot")
    catalog = read_catalog(path)
    profile = get_profile(lang)
    assert catalog.metadata["Language"] == {"ar": "ar", "ckb": "ckb", "tk": "tr"}[lang]
    assert catalog.metadata["Plural-Forms"] == profile.plural_forms
    if lang == "tk":  # Turkmen-oriented output is Turkish text: Turkish tag, CLDR's two Turkish forms
        assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert catalog.metadata["Language-Team"] == profile.name
    assert catalog.metadata["Last-Translator"]
    assert catalog.metadata["PO-Revision-Date"]
    if note:
        assert catalog.metadata["X-L10n-Note"] == note
        assert note in catalog.header
    else:
        assert "X-L10n-Note" not in catalog.metadata
    assert all(entry_state(entry) is EntryState.DRAFT for entry in catalog)


def test_written_catalogs_round_trip_through_polib(tmp_path):
    path = run(tmp_path, make_article(V1))
    text = path.read_text(encoding="utf-8")
    assert render_catalog(read_catalog(path)) == text
    assert render_catalog(polib.pofile(text)) == text


# --- drafts and states --------------------------------------------------------------


def fresh_entry(msgid: str = "The base was built in the late 1970s.") -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr="", comment="role: body, paragraph 6", tcomment="keep me")


def test_entry_states_are_derived_from_flags_and_text():
    entry = fresh_entry()
    assert entry_state(entry) is EntryState.EMPTY and needs_draft(entry)
    apply_draft(entry, machine_draft(entry))
    assert entry_state(entry) is EntryState.DRAFT
    assert not needs_draft(entry)  # our draft, for this very source: keep it
    entry.flags.remove("fuzzy")
    assert entry_state(entry) is EntryState.REVIEWED
    assert EntryState.EMPTY < EntryState.DRAFT < EntryState.REVIEWED


def test_apply_draft_writes_roles_then_provenance_then_notes_and_keeps_translator_comment():
    entry = fresh_entry()
    notes = ("glossary: ISF → قوات الأمن العراقية", "FLAG glossary: ISF → قوات الأمن العراقية missing", "l10n: adapted: no rule fired")
    apply_draft(entry, machine_draft(entry, notes=notes))
    roles, lines = read_comment(entry.comment)
    assert roles == ["role: body, paragraph 6"]
    assert re.fullmatch(r"l10n: draft by engine translate-en_ar 1\.9; source sha1:[0-9a-f]{8}; text sha1:[0-9a-f]{8}", lines[0])
    assert lines[1:] == [
        "l10n: glossary: ISF → قوات الأمن العراقية",
        "l10n: FLAG glossary: ISF → قوات الأمن العراقية missing",
        "l10n: adapted: no rule fired",
    ]
    assert entry.tcomment == "keep me" and entry.flags == ["fuzzy"]
    apply_draft(entry, machine_draft(entry, text="second draft"))
    assert entry.comment.count("l10n: draft by") == 1 and "glossary" not in entry.comment


def test_exact_memory_match_goes_in_reviewed():
    entry = fresh_entry()
    entry.previous_msgid = "An older source."
    apply_draft(entry, machine_draft(entry, origin=Origin.MEMORY, engine_id="k0-earlier", fuzzy=False))
    assert entry_state(entry) is EntryState.REVIEWED and entry.previous_msgid is None
    assert "l10n: draft by memory k0-earlier;" in entry.comment


def test_apply_draft_refuses_reviewed_and_human_text():
    reviewed = fresh_entry()
    reviewed.msgstr = "ترجمة"
    with pytest.raises(ValueError, match="reviewed"):
        apply_draft(reviewed, machine_draft(reviewed))
    human = fresh_entry()
    apply_draft(human, machine_draft(human))
    human.msgstr = "edited by a translator"
    assert not needs_draft(human)
    with pytest.raises(ValueError, match="translator"):
        apply_draft(human, machine_draft(human))
    with pytest.raises(ValueError, match="applied to entry"):
        apply_draft(fresh_entry(), Draft(source="other", lang="ar", text="x", origin=Origin.ENGINE))


def test_refresh_comments_regenerates_hints_and_keeps_the_draft_block():
    catalog = polib.POFile()
    drafted, reviewed = fresh_entry("The ISF took over."), fresh_entry("The ISF left.")
    apply_draft(drafted, machine_draft(drafted, notes=("glossary: ISF → قوات الأمن العراقية", "FLAG numbers: 800 missing")))
    reviewed.msgstr, reviewed.comment = "غادرت", "role: body, paragraph 6\nl10n: glossary: ISF → stale rendering"
    catalog.extend([drafted, reviewed])
    draft_block = drafted.comment.split("\n")[1:]
    refresh_comments(catalog, glossary_notes=lambda source: ["glossary: ISF → قوات الأمن العراقية"])
    assert drafted.comment.split("\n") == ["role: body, paragraph 6", *draft_block]
    assert reviewed.comment == "role: body, paragraph 6\nl10n: glossary: ISF → قوات الأمن العراقية"
    refresh_comments(catalog, glossary_notes=lambda source: [])
    assert drafted.comment.split("\n") == ["role: body, paragraph 6", *draft_block]
    assert reviewed.comment == "role: body, paragraph 6"
    assert drafted.tcomment == reviewed.tcomment == "keep me"


# --- merging ------------------------------------------------------------------


LONG_COMMENT = "Checked with the Kirkuk desk: the base is called K1 locally, never 'Kirkuk Air Base' in our copy."


def translator_pass(path: Path) -> None:
    """Review the title and caption (one unchanged, one edited), comment, and edit one draft leaving it fuzzy."""
    catalog = read_catalog(path)
    title, caption = catalog.find(V1[0][1]), catalog.find(V1[1][1])
    title.flags.remove("fuzzy")
    caption.flags.remove("fuzzy")
    caption.msgstr = "كركوك، جندي أمريكي في قاعدة K1 العسكرية. الصورة: كركوك ناو"
    caption.tcomment = LONG_COMMENT
    edited = catalog.find(V1[4][1])
    edited.msgstr = "انسحب نحو 800 عنصر من القيارة"
    edited.tcomment = "checked numbers"
    removed = catalog.find(V1[5][1])
    removed.flags.remove("fuzzy")
    removed.msgstr = "بنيت القاعدة في أواخر السبعينيات"
    catalog.save(str(path))


def entry_block(path: Path, msgid: str) -> str:
    """The entry's lines except regenerated #. comments, as they are in the file."""
    block = str(read_catalog(path).find(msgid))
    return "\n".join(line for line in block.splitlines() if not line.startswith("#."))


def test_merge_keeps_reviewed_work_and_follows_msgmerge(tmp_path):
    path = run(tmp_path, make_article(V1))
    translator_pass(path)
    reviewed_before = {msgid: entry_block(path, msgid) for msgid in (V1[0][1], V1[1][1])}
    v2 = list(V1)
    v2[3] = ("body", "The statement says the relocation plan had been discussed for months.")
    v2[4] = ("body", "Nearly 800 personnel withdrew from the Qayyarah base.")
    v2[5] = ("body", "Markets in Mosul reopened on Sunday.")
    run(tmp_path, make_article(v2))
    msgfmt_check(path)
    for msgid, block in reviewed_before.items():
        assert entry_block(path, msgid) == block
    entries = by_msgid(path)
    redrafted = entries[v2[3][1]]
    assert redrafted.msgstr == f"[ar] {v2[3][1]}" and redrafted.fuzzy
    assert redrafted.previous_msgid == V1[3][1]
    kept = entries[v2[4][1]]
    assert kept.msgstr == "انسحب نحو 800 عنصر من القيارة" and kept.fuzzy and kept.tcomment == "checked numbers"
    assert kept.previous_msgid == V1[4][1]
    assert entries[v2[5][1]].msgstr == f"[ar] {v2[5][1]}"
    obsolete = [entry for entry in read_catalog(path) if entry.obsolete]
    assert [(entry.msgid, entry.msgstr) for entry in obsolete] == [(V1[5][1], "بنيت القاعدة في أواخر السبعينيات")]
    assert LONG_COMMENT + "\n" in path.read_text(encoding="utf-8")


def test_unchanged_rerun_is_byte_identical(tmp_path):
    article = make_article(V1)
    path = run(tmp_path, article)
    translator_pass(path)
    run(tmp_path, article)
    pot_before, po_before = (tmp_path / "k1.pot").read_bytes(), path.read_bytes()
    template = build_template([article])
    write_catalog(template, tmp_path / "k1.pot")
    catalog = update_catalog(template, path, get_profile("ar"))
    assert not any(needs_draft(entry) for entry in catalog)
    write_catalog(catalog, path)
    assert (tmp_path / "k1.pot").read_bytes() == pot_before
    assert path.read_bytes() == po_before


def test_poedit_like_resave_keeps_behaviour(tmp_path):
    path = run(tmp_path, make_article(V1))
    translator_pass(path)
    catalog = read_catalog(path)
    catalog.find(V1[2][1]).flags.append("no-wrap")
    catalog.save(str(path))
    subprocess.run(["msgcat", "--width=40", "-o", str(path), str(path)], check=True)
    text = path.read_text(encoding="utf-8").replace(", no-wrap", "")
    path.write_text(text, encoding="utf-8")
    v2 = list(V1)
    v2[3] = ("body", "The statement says the relocation plan had been discussed for months.")
    v2[4] = ("body", "Nearly 800 personnel withdrew from the Qayyarah base.")
    run(tmp_path, make_article(v2))
    entries = by_msgid(path)
    assert entries[V1[1][1]].tcomment == LONG_COMMENT and not entries[V1[1][1]].fuzzy
    assert entries[v2[3][1]].msgstr == f"[ar] {v2[3][1]}"
    assert entries[v2[4][1]].msgstr == "انسحب نحو 800 عنصر من القيارة"
    assert render_catalog(read_catalog(path)) == path.read_text(encoding="utf-8")


def test_a_reviewed_translation_whose_source_changed_is_kept_fuzzy(tmp_path):
    path = run(tmp_path, make_article(V1))
    translator_pass(path)
    v2 = list(V1)
    v2[0] = ("title", "US-led coalition withdrew from two Iraqi military bases")
    run(tmp_path, make_article(v2))
    entry = by_msgid(path)[v2[0][1]]
    assert entry.fuzzy and entry.msgstr == f"[ar] {V1[0][1]}" and entry.previous_msgid == V1[0][1]
    assert "l10n: draft by" not in entry.comment and not needs_draft(entry)


def test_a_sentence_removed_then_restored_gets_its_reviewed_translation_back(tmp_path):
    path = run(tmp_path, make_article(V1))
    translator_pass(path)
    run(tmp_path, make_article(V1[:5]))
    run(tmp_path, make_article(V1))
    entry = by_msgid(path)[V1[5][1]]
    assert entry_state(entry) is EntryState.REVIEWED and entry.msgstr == "بنيت القاعدة في أواخر السبعينيات"


def test_an_obsolete_entry_keeps_its_previous_msgid_through_later_runs(tmp_path):
    path = run(tmp_path, make_article(V1))
    translator_pass(path)
    v2 = list(V1)
    v2[4] = ("body", "Nearly 800 personnel withdrew from the Qayyarah base.")
    run(tmp_path, make_article(v2))
    run(tmp_path, make_article(v2[:4]))  # the changed unit leaves the article: msgmerge writes its #| as #~|
    previous = f'#~| msgid "{V1[4][1]}"\n#~ msgid "{v2[4][1]}"\n'
    assert previous in path.read_text(encoding="utf-8")
    v3 = v2[:4]
    v3[3] = ("body", "The statement says the relocation plan had been discussed for months.")
    run(tmp_path, make_article(v3))
    text = path.read_text(encoding="utf-8")
    assert previous in text
    msgfmt_check(path)
    assert subprocess.run(["msgcat", "-o", "-", str(path)], capture_output=True, text=True, check=True).stdout == text


# --- bad files ----------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
BAD_FILES = {
    "truncated": (HEADER + '\nmsgid "abc"\nmsgstr "de', 9),
    "missing-msgstr": (HEADER + '\nmsgid "abc"\n', 8),
    "duplicate": (HEADER + '\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 11),
    "no-charset": ('msgid ""\nmsgstr ""\n"MIME-Version: 1.0\\n"\n\nmsgid "a"\nmsgstr "b"\n', 1),
    "bad-plural-forms": (HEADER + '"Plural-Forms: nplurals=2; plural=(n != ;\\n"\n\nmsgid "a"\nmsgstr "b"\n', 2),
    "plural-count": (HEADER + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\nmsgstr[2] "d"\n', 2),
    "garbage": (HEADER + "\nhello world\n", 8),
    "no-header": ('msgid "a"\nmsgstr "b"\n', None),
    "empty": ("", None),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_malformed_catalogs_raise_catalog_error_naming_the_file(tmp_path, name):
    text, line = BAD_FILES[name]
    path = tmp_path / f"{name}.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "bytes.po"
    path.write_bytes(HEADER.encode() + b'\nmsgid "a"\nmsgstr "\xff\xfe"\n')
    with pytest.raises(CatalogError, match=rf"^{re.escape(str(path))}:9: "):
        read_catalog(path)



def test_a_byte_order_mark_is_named_not_called_a_syntax_error(tmp_path):
    """Notepad saves UTF-8 with a BOM, which msgfmt rejects as a syntax error at 1:2: the line says what to save instead."""
    path = tmp_path / "bom.po"
    path.write_bytes(codecs.BOM_UTF8 + HEADER.encode() + '\nmsgid "a"\nmsgstr "ب"\n'.encode())
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert str(caught.value) == (f"{path}:1: starts with a byte order mark (BOM), which GNU gettext rejects; "
                                 "save it as UTF-8 without BOM, then run again.")

def test_a_merge_conflict_is_named_not_called_a_missing_msgstr(tmp_path):
    """`git pull` of a catalog two desks edited leaves <<<<<<< … >>>>>>> lines; msgfmt said "missing 'msgstr'
    section", which sent the desk looking for a lost translation: the line says it is a conflict to resolve."""
    path = tmp_path / "conflict.po"
    path.write_text(HEADER + '\nmsgid "a"\n<<<<<<< HEAD\nmsgstr "ب"\n=======\nmsgstr "ت"\n>>>>>>> desk-b\n',
                    encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert str(caught.value) == (f"{path}:9: an unresolved merge conflict (the lines <<<<<<<, ======= and >>>>>>> "
                                 "git leaves); keep the right translation of each conflict and delete those lines, "
                                 "then run again.")


def test_missing_catalog_and_broken_existing_catalog(tmp_path):
    with pytest.raises(CatalogError, match="no such catalog"):
        read_catalog(tmp_path / "absent.po")
    broken = tmp_path / "ar" / "LC_MESSAGES" / "k1.po"
    broken.parent.mkdir(parents=True)
    broken.write_text(BAD_FILES["truncated"][0], encoding="utf-8")
    with pytest.raises(CatalogError, match=re.escape(str(broken))):
        update_catalog(build_template([make_article(V1)]), broken, get_profile("ar"))


def test_write_refuses_a_catalog_msgfmt_rejects(tmp_path):
    catalog = update_catalog(build_template([make_article(V1)]), None, get_profile("ar"))
    catalog.append(polib.POEntry(msgid="ends with a newline\n", msgstr="لا"))
    target = tmp_path / "bad.po"
    with pytest.raises(CatalogError, match=r"this is a bug"):
        write_catalog(catalog, target)
    assert not target.exists()

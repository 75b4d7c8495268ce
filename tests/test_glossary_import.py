"""`l10n glossary import` merges a TBX file into the desk's glossary without removing or demoting what the desk approved.

glossary/terms.csv is the master: an imported rendering that differs from the approved one becomes an accepted
variant and a notice names both; the import neither forbids what the desk accepts nor accepts what it forbids.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import l10n
from l10n import cli
from l10n.stages.terms import export_tbx, read_glossary
from l10n.stages.terms.tbxfile import parse_tbx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A project holding the desk's glossary, as `l10n init` leaves it."""
    root = tmp_path / "desk"
    root.mkdir()
    (root / "l10n.toml").write_text('targets = ["ar", "ckb", "tk"]\npackages_dir = "none"\n', encoding="utf-8")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    monkeypatch.chdir(root)
    return root


def tbx(*entries: str) -> bytes:
    """A TBX v3 file of ``entries``, each ``id: lang=term[/status], ...`` (status: preferred, admitted, deprecated)."""
    sections = []
    for entry in entries:
        entry_id, _, terms = entry.partition(": ")
        by_lang: dict[str, list[str]] = {}
        for item in terms.split(", "):
            lang, _, text = item.partition("=")
            text, _, status = text.partition("/")
            note = f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>' if status else ""
            by_lang.setdefault(lang, []).append(f"<termSec><term>{text}</term>{note}</termSec>")
        langs = "".join(f'<langSec xml:lang="{lang}">{"".join(secs)}</langSec>' for lang, secs in by_lang.items())
        sections.append(f'<conceptEntry id="{entry_id}">{langs}</conceptEntry>')
    return ('<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
            f'<text><body>{"".join(sections)}</body></text></tbx>\n').encode("utf-8")


def row(desk: Path, term_id: str) -> dict[str, str]:
    import csv

    with open(desk / "glossary" / "terms.csv", encoding="utf-8", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["id"] == term_id)


def import_file(desk: Path, data: bytes):
    (desk / "in.tbx").write_bytes(data)
    return l10n.import_glossary("in.tbx")


def test_an_imported_rendering_never_replaces_the_desks_approved_one(desk):
    merged = import_file(desk, tbx("kirkuk: en=Kirkuk, ckb=کەرکووکی نوێ"))
    assert row(desk, "kirkuk")["ckb"] == "کەرکووک | کەرکوک | کەرکووکی نوێ"
    assert row(desk, "kirkuk")["ar"] == "كركوك" and row(desk, "kirkuk")["tk"] == "Kerkük"
    [notice] = merged.notices
    assert notice.endswith("terms.csv:7: kirkuk, ckb: kept the approved 'کەرکووک'; the imported 'کەرکووکی نوێ' "
                           "is added as a variant (put it first in the cell to approve it).")


def test_an_entry_matched_by_its_english_form_under_another_id_keeps_the_desk_rendering(desk):
    merged = import_file(desk, tbx("partner-7: en=Nineveh, ar=محافظة نينوى"))
    assert row(desk, "nineveh")["ar"] == "نينوى | محافظة نينوى"
    assert "partner-7" not in (desk / "glossary" / "terms.csv").read_text(encoding="utf-8")
    [notice] = merged.notices
    assert "nineveh (imported entry 'partner-7'), ar: kept the approved 'نينوى'; the imported 'محافظة نينوى' is added" in notice


def test_an_entry_whose_english_form_differs_only_in_case_is_the_desks_term(desk):
    """A CAT tool's "nineveh" was added as a second term that the desk's "Nineveh" always won in an article: its
    rendering was never used, and no notice said the two disagreed."""
    merged = import_file(desk, tbx("partner-8: en=nineveh, ar=محافظة نينوى"))
    assert row(desk, "nineveh")["en"] == "Nineveh | Ninewa | Ninawa" and row(desk, "nineveh")["ar"] == "نينوى | محافظة نينوى"
    assert "partner-8" not in (desk / "glossary" / "terms.csv").read_text(encoding="utf-8")
    assert len(merged.notices) == 1 and "nineveh (imported entry 'partner-8'), ar: kept the approved 'نينوى'" in merged.notices[0]


def test_a_preferred_rendering_the_desk_has_as_a_variant_stays_a_variant(desk):
    before = (desk / "glossary" / "terms.csv").read_bytes()
    merged = import_file(desk, tbx("kirkuk: en=Kirkuk, ckb=کەرکوک/preferred, ckb=کەرکووک/admitted"))
    assert (desk / "glossary" / "terms.csv").read_bytes() == before
    assert [n.split(": ", 1)[1] for n in merged.notices] == [
        "kirkuk, ckb: kept the approved 'کەرکووک'; the imported 'کەرکوک' stays a variant (put it first in the cell to approve it)."]


def test_a_language_without_a_desk_rendering_takes_the_imported_one_as_approved_and_variants_add_up(desk):
    merged = import_file(desk, tbx("tal-afar: en=Tal Afar, ckb=تەلەعفەر, ar=تلعفر, ar=تل أعفر/admitted"))
    assert row(desk, "tal-afar")["ckb"] == "تەلەعفەر"
    assert row(desk, "tal-afar")["ar"] == "تلعفر | تل عفر | تل أعفر"
    assert merged.notices == ()


def test_the_import_neither_forbids_what_the_desk_accepts_nor_accepts_what_it_forbids(desk):
    merged = import_file(desk, tbx("kirkuk: en=Kirkuk, ckb=کەرکوک/deprecated, ckb=کەرکووک/preferred, tk=Kirkuk/preferred, "
                                   "tk=Kerkuk/deprecated"))
    kirkuk = row(desk, "kirkuk")
    assert (kirkuk["ckb"], kirkuk["forbidden_ckb"]) == ("کەرکووک | کەرکوک", "كركوك")
    assert (kirkuk["tk"], kirkuk["forbidden_tk"]) == ("Kerkük", "Kirkuk | Kerkuk")
    assert [n.split(": ", 1)[1] for n in merged.notices] == [
        "kirkuk, ckb: the import forbids 'کەرکوک', which the glossary accepts; it stays accepted.",
        "kirkuk, tk: the imported 'Kirkuk' is forbidden in the glossary; not added.",
    ]


def test_a_spelling_that_differs_only_in_tatweel_or_harakat_is_the_desks_own_to_the_import(desk):
    """terms.csv refuses a forbidden spelling the term accepts as the checks read it; an import that forbade كـركوك
    beside the accepted كركوك made such a file and was refused whole, the other entries with it."""
    before = row(desk, "kirkuk")
    merged = import_file(desk, tbx("kirkuk: en=Kirkuk, ar=كـركوك/deprecated", "mosul: en=Mosul, ar=مَوْصِل/deprecated",
                                   "basra: en=Basra, ar=البصرة"))
    assert row(desk, "kirkuk") == before and row(desk, "basra")["ar"] == "البصرة"
    assert [n.split(": ", 1)[1] for n in merged.notices] == [
        "kirkuk, ar: the import forbids 'كـركوك', which the glossary accepts; it stays accepted."]
    assert row(desk, "mosul")["forbidden_ar"] == "مَوْصِل"


def test_entries_with_no_term_in_a_desk_language_are_named(desk):
    """A French-only entry became a term with no rendering, silently: it matched in articles and changed no draft."""
    merged = import_file(desk, tbx("partner-1: en=Basra, fr=Bassora", "partner-2: en=Amerli", "partner-3: en=Ranya, ckb=ڕانیە"))
    assert row(desk, "partner-1")["ar"] == "" and row(desk, "partner-3")["ckb"] == "ڕانیە"
    assert [n.split(": ", 1)[1] for n in merged.notices] == [
        "2 of its 3 entries have no term in ar, ckb, tk and add only their English forms: partner-1, partner-2; give their "
        "renderings in terms.csv, or mark them do_not_translate."]


def test_the_desks_construct_form_note_and_origin_stay(tmp_path):
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    desk_csv = ("id,en,ar,forbidden_ar,construct_ar,do_not_translate,case_sensitive,note,origin\n"
                "provincial-council,provincial council,مجلس المحافظة,,مجلس محافظة,,,desk note,ar: Alsumaria\n")
    (glossary / "terms.csv").write_text(desk_csv, encoding="utf-8")
    (tmp_path / "in.tbx").write_bytes(tbx("pc: en=provincial council, ar=مجلس المحافظة").replace(
        b'<langSec xml:lang="ar">', '<descrip type="definition">partner note</descrip><admin type="source">partner</admin>'
        '<langSec xml:lang="ar"><descrip type="constructForm">مجالس محافظة</descrip>'.encode()))
    merged = l10n.import_glossary(tmp_path / "in.tbx", root=tmp_path)
    assert (glossary / "terms.csv").read_text(encoding="utf-8") == desk_csv
    assert [n.split(": ", 1)[1] for n in merged.notices] == [
        "provincial-council (imported entry 'pc'), ar: kept the construct form 'مجلس محافظة'; the imported 'مجالس محافظة' is not taken."]


def test_a_term_marked_preferred_is_the_approved_one_wherever_the_file_lists_it():
    [term] = parse_tbx(tbx("k: en=Kirkuk, ckb=کەرکوک/admitted, ckb=کەرکووک/preferred, ckb=كەركووک")).terms
    assert (term.targets, term.variants) == ({"ckb": "کەرکووک"}, {"ckb": ("کەرکوک", "كەركووک")})


def test_a_conflicting_import_exits_0_and_a_second_one_writes_nothing(desk):
    (desk / "in.tbx").write_bytes(tbx("kirkuk: en=Kirkuk, ckb=کەرکووکی نوێ"))
    assert cli.main(["glossary", "import", "in.tbx"]) == 0
    once = (desk / "glossary" / "terms.csv").read_bytes()
    assert cli.main(["glossary", "import", "in.tbx"]) == 0
    assert (desk / "glossary" / "terms.csv").read_bytes() == once


def test_the_command_prints_one_line_per_conflict_on_stderr(desk, capsys):
    (desk / "in.tbx").write_bytes(tbx("kirkuk: en=Kirkuk, ckb=کەرکووکی نوێ", "partner-7: en=Nineveh, ar=محافظة نينوى"))
    assert cli.main(["glossary", "import", "in.tbx"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "kirkuk, ckb: kept the approved" in err[0] and "nineveh (imported entry 'partner-7'), ar:" in err[1]


def test_export_then_import_of_the_desk_glossary_is_byte_identical_and_quiet(desk):
    before = (desk / "glossary" / "terms.csv").read_bytes()
    assert cli.main(["glossary", "export", "out.tbx"]) == 0
    assert cli.main(["glossary", "import", "out.tbx"]) == 0
    assert (desk / "glossary" / "terms.csv").read_bytes() == before
    assert l10n.import_glossary("out.tbx").notices == ()
    assert read_glossary(desk / "glossary").terms == read_glossary(ROOT / "glossary").terms


def test_export_then_import_into_an_empty_glossary_gives_the_same_terms(tmp_path):
    export_tbx(ROOT / "glossary", tmp_path / "out.tbx")
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    l10n.import_glossary(tmp_path / "out.tbx", root=tmp_path)
    assert (tmp_path / "glossary" / "terms.csv").read_bytes() == (ROOT / "glossary" / "terms.csv").read_bytes()


def test_a_large_import_looks_each_entry_up_once_instead_of_scanning_every_term(desk, monkeypatch):
    """Each entry was compared with every term before it: 3,000 entries took half a minute, the 20 MiB a TBX may
    have (some 90,000) hours. Counted, not timed: the English forms keyed stay linear in the entries."""
    from l10n.stages.terms import store

    keyed = []
    monkeypatch.setattr(store, "form_key", lambda form, case_sensitive=False: keyed.append(form) or form.casefold())
    entries = [f"place-{i}: en=Place{i} City, ar=مكان{i}" for i in range(1500)]
    merged = import_file(desk, tbx(*entries))
    terms = len(read_glossary(desk / "glossary"))
    assert len(merged) == terms and row(desk, "place-1499")["ar"] == "مكان1499"
    assert len(keyed) < 10 * terms, len(keyed)

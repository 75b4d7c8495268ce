"""Glossary files: CSV and TBX round trips, malformed and hostile files, the starter glossary, hints and checks."""

import csv
import re
from pathlib import Path

import polib
import pytest

from l10n.core.languages import get_profile
from l10n.core.records import Severity, Term
from l10n.errors import CatalogError, GlossaryError
from l10n.stages.qa import check_catalogs
from l10n.stages.terms import (
    Glossary,
    accepted_renderings,
    check_terms,
    export_tbx,
    glossary_hints,
    import_tbx,
    read_glossary,
    read_tbx,
    write_glossary,
    write_tbx,
)
from l10n.stages.terms.csvfile import parse_csv, render_csv
from l10n.stages.terms.tbxfile import parse_tbx, render_tbx

STARTER = Path(__file__).resolve().parent.parent / "glossary"
HEADER = "id,en,ar,ckb,tk,forbidden_ar,forbidden_ckb,forbidden_tk,do_not_translate,case_sensitive,note,origin\n"

SAMPLE = Glossary(
    (
        Term(
            id="isf",
            forms=("Iraqi Security Forces", "ISF"),
            targets={"ar": "قوات الأمن العراقية", "tk": "Irak Güvenlik Güçleri"},
            variants={"ar": ("قوات الامن العراقية", "القوات الأمنية العراقية")},
            forbidden={"ar": ("الجيش", "قوات أمنية")},
            note="army and police",
            origin="ar: Xinhua Arabic",
        ),
        Term(id="k1", forms=("K1",), targets={}, do_not_translate=True, case_sensitive=True),
        Term(id="formula", forms=("=cmd' /C calc'!A0", "+SUM(A1)"), targets={"ckb": "@risk", "ar": "-minus"}, note="=HYPERLINK()"),
    ),
    languages=("ar", "ckb", "tk"),
)


def comparable(glossary):
    return [(t.id, t.forms, t.targets, t.variants, t.forbidden, t.do_not_translate, t.case_sensitive, t.note, t.origin) for t in glossary.terms]


def test_csv_round_trip_keeps_every_field():
    assert comparable(parse_csv(render_csv(SAMPLE))) == comparable(SAMPLE)


def test_writing_csv_neutralises_formula_cells():
    text = render_csv(SAMPLE)
    for line in text.splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_tbx_round_trip_keeps_every_field():
    assert comparable(parse_tbx(render_tbx(SAMPLE))) == comparable(SAMPLE)


def test_files_round_trip_through_tbx(tmp_path):
    write_glossary(SAMPLE, tmp_path / "a")
    export_tbx(tmp_path / "a", tmp_path / "out.tbx")
    merged = import_tbx(tmp_path / "out.tbx", tmp_path / "b")
    assert comparable(merged) == comparable(SAMPLE)
    assert comparable(read_glossary(tmp_path / "b")) == comparable(SAMPLE)


def test_import_merges_into_the_existing_csv(tmp_path):
    write_glossary(Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك"}),), ("ar", "tk")), tmp_path)
    tbx = render_tbx(Glossary((Term(id="x", forms=("Kirkuk",), targets={"tk": "Kerkük"}), Term(id="iraq", forms=("Iraq",), targets={"tk": "Irak"}))))
    (tmp_path / "in.tbx").write_bytes(tbx)
    merged = import_tbx(tmp_path / "in.tbx", tmp_path)
    assert [(t.id, t.targets) for t in merged.terms] == [("kirkuk", {"ar": "كركوك", "tk": "Kerkük"}), ("iraq", {"tk": "Irak"})]


def test_tbx_v2_termentry_is_read():
    data = b"""<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
 <termEntry id="c1"><descrip type="definition">A city</descrip>
  <langSet xml:lang="en"><tig><term>Kirkuk</term></tig></langSet>
  <langSet xml:lang="ckb"><ntig><termGrp><term>\xda\xa9\xdb\x95\xd8\xb1\xda\xa9\xd9\x88\xd9\x88\xda\xa9</term></termGrp></ntig></langSet>
  <langSet xml:lang="tr-TR"><tig><term>Kerkuk</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
 </termEntry></body></text></martif>"""
    (term,) = parse_tbx(data).terms
    assert (term.forms, term.targets, term.note) == (("Kirkuk",), {"ckb": "کەرکووک"}, "A city")


def test_absent_glossary_is_empty(tmp_path):
    glossary = read_glossary(tmp_path / "nowhere")
    assert len(glossary) == 0 and glossary.find("ISF in Kirkuk") == []


def test_bom_is_accepted(tmp_path):
    (tmp_path / "terms.csv").write_bytes(("\ufeff" + HEADER + "k,Kirkuk,كركوك,,,,,,,,,\n").encode())
    assert read_glossary(tmp_path).terms[0].targets == {"ar": "كركوك"}


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("k,Kirkuk,كركوك,,\n", 2, "cells where the header has"),
        ("k,Kirkuk,,,,,,,,,,\nm,,,,,,,,,,,\n", 3, "empty English form"),
        ("k,Kirkuk | ,,,,,,,,,,\n", 2, "empty English form"),
        ("k,Kirkuk,,,,,,,,,,\nk,Mosul,,,,,,,,,,\n", 3, "already used on line 2"),
        ("k,Kirkuk,,,,,,,,,,\nm,Kirkuk,,,,,,,,,,\n", 3, "already on line 2"),
        ("k,Kirkuk,,,,,,,,,,\nm,kirkuk,,,,,,,,,,\n", 3, "already on line 2 as 'Kirkuk', which matches in any case"),
        ("k,Kirkuk,,,,,,,maybe,,,\n", 2, "do_not_translate"),
        ('k,Kirkuk,=cmd|\' /C calc\'!A0,,,,,,,,,\n', 2, "spreadsheet formula"),
        ("k,Kirkuk,,,,,,,,,@SUM(1),\n", 2, "spreadsheet formula"),
        ('\n\nk,"Kirkuk\nand more",,,,,,,,,,\nm,-Mosul,,,,,,,,,,\n', 6, "spreadsheet formula"),
        ('k,Kirkuk,"كركوك,,,,,,,,,\nm,Mosul,الموصل,,,,,,,,,\nn,Nineveh,نينوى,,,,,,,,,\n', 2, "malformed CSV"),  # a quote left open
        ('k,Kirkuk,"كركوك"ي,,,,,,,,,\n', 2, "malformed CSV"),
    ],
)
def test_malformed_rows_name_the_file_and_line(tmp_path, body, line, words):
    (tmp_path / "terms.csv").write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        read_glossary(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'terms.csv'}:{line}: ") and words in message
    assert "\n" not in message


def test_a_quote_left_open_is_refused_and_glossary_add_writes_nothing(tmp_path, monkeypatch):
    """A stray quote read every later row into one cell: Mosul and Nineveh were no terms, and `glossary add` wrote that back."""
    from l10n import cli
    from l10n.errors import ExitCode

    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    before = 'id,en,ar\nk,Kirkuk,"كركوك\nm,Mosul,الموصل\nn,Nineveh,نينوى\n'.encode()
    (tmp_path / "glossary" / "terms.csv").write_bytes(before)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["glossary", "add", "Basra", "--ar", "البصرة"]) == ExitCode.DATA_FILE
    assert (tmp_path / "glossary" / "terms.csv").read_bytes() == before


def test_invisible_characters_a_paste_leaves_at_a_cells_edges_are_not_part_of_the_term():
    """A form ending in a direction mark (copied from a bidi page) silently never matched, and a rendering
    wrapped in embedding marks would have put them into every draft; a Sorani ZWNJ inside a word stays."""
    glossary = parse_csv("id,en,ar,ckb\n"
                         "basra,Basra\u200f,\u202bالبصرة\u202c,\n"
                         "kirkuk,\u200bKirkuk | Kerkuk\ufeff,كركوك,کە\u200cرکووک\u200e\n")
    assert [hit.term.id for hit in glossary.find("Basra and Kirkuk.")] == ["basra", "kirkuk"]
    assert [term.forms for term in glossary.terms] == [("Basra",), ("Kirkuk", "Kerkuk")]
    assert glossary.terms[0].targets == {"ar": "البصرة"} and glossary.terms[1].targets["ckb"] == "کە\u200cرکووک"
    tbx = b"""<tbx><text><body><conceptEntry id="basra"><langSec xml:lang="en"><termSec><term>\xe2\x80\x8fBasra</term>
    </termSec></langSec></conceptEntry></body></text></tbx>"""
    assert parse_tbx(tbx).terms[0].forms == ("Basra",)


def test_a_glossary_of_thousands_of_terms_finds_each_one(tmp_path):
    """RE2 could not compile one set of 5,000 forms: `l10n translate` stopped with an internal error (exit 70)."""
    rows = "".join(f"t{i},Place{i} City,مكان{i}\n" for i in range(5000))
    (tmp_path / "terms.csv").write_text("id,en,ar\n" + rows + "kirkuk,Kirkuk,كركوك\n", encoding="utf-8")
    glossary = read_glossary(tmp_path)
    found = glossary.find("From Place1 City to Place4999 city, Place7 and Kirkuk.")
    assert [(hit.form, hit.term.id) for hit in found] == [
        ("Place1 City", "t1"), ("Place4999 city", "t4999"), ("Kirkuk", "kirkuk")]


def test_a_glossary_too_large_to_match_is_refused_at_load_and_never_imported(tmp_path):
    """Past RE2's size limit (some 25,000 forms) the first article stopped with an internal error, and an import
    wrote such a glossary."""
    rows = "".join(f"t{i},Place{i} City,مكان{i}\n" for i in range(30_000))
    (tmp_path / "terms.csv").write_text("id,en,ar\n" + rows, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"terms\.csv: its 30000 English forms are more than one pattern can match"):
        read_glossary(tmp_path)
    (tmp_path / "terms.csv").write_text("id,en,ar\n", encoding="utf-8")
    write_tbx(parse_csv("id,en,ar\n" + rows), tmp_path / "big.tbx")
    with pytest.raises(GlossaryError, match="more than one pattern can match"):
        import_tbx(tmp_path / "big.tbx", tmp_path)
    assert (tmp_path / "terms.csv").read_text(encoding="utf-8") == "id,en,ar\n"


def test_unknown_language_column_is_named(tmp_path):
    (tmp_path / "terms.csv").write_text("id,en,fr\nk,Kirkuk,Kirkouk\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"terms\.csv:1: unknown column 'fr'"):
        read_glossary(tmp_path)


def test_apostrophe_escaped_formula_reads_literally():
    glossary = parse_csv("en,note\nKirkuk,'=not a formula\n")
    assert glossary.terms[0].note == "=not a formula"


def test_not_utf8_names_the_line(tmp_path):
    (tmp_path / "terms.csv").write_bytes(HEADER.encode() + "k,Kirkuk,كركوك,,,,,,,,,\n".encode("utf-8") + b"m,Mosul,\xe3\xf5\n")
    with pytest.raises(GlossaryError, match=r"terms\.csv:3: not UTF-8"):
        read_glossary(tmp_path)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&lol3;</term></termSec></langSec></conceptEntry></body></text></tbx>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_hostile_tbx_is_refused_in_one_line(tmp_path, data):
    (tmp_path / "evil.tbx").write_bytes(data)
    with pytest.raises(GlossaryError) as info:
        read_tbx(tmp_path / "evil.tbx")
    assert str(info.value).startswith(str(tmp_path / "evil.tbx")) and "\n" not in str(info.value)


def test_broken_tbx_names_the_line(tmp_path):
    (tmp_path / "bad.tbx").write_bytes(b"<tbx>\n<text>\n<body></text></tbx>")
    with pytest.raises(GlossaryError, match=r"bad\.tbx:3: not well-formed XML"):
        read_tbx(tmp_path / "bad.tbx")


@pytest.mark.parametrize(("data", "words"), [
    (b'<?xml version="1.0"?><xliff version="1.2"><file><body><trans-unit id="1"><source>Kirkuk</source>'
     b'<target>\xd9\x83\xd8\xb1\xd9\x83\xd9\x88\xd9\x83</target></trans-unit></body></file></xliff>',
     "not a TBX file (its root element is <xliff>, not <tbx> or <martif>)"),
    (b'<tbx><text><body><conceptEntry id="k"><langSec xml:lang="eng"><termSec><term>Kirkuk</term></termSec></langSec>'
     b'</conceptEntry></body></text></tbx>', "none of its 1 entries has an English term"),
], ids=["xliff", "no-english"])
def test_a_file_that_gives_no_terms_is_refused_not_merged_as_nothing(tmp_path, data, words):
    """An XLIFF given by mistake, or a TBX whose English side is tagged "eng": 'merged … into the glossary', exit 0,
    and nothing had changed."""
    write_glossary(SAMPLE, tmp_path)
    before = (tmp_path / "terms.csv").read_bytes()
    (tmp_path / "in.tbx").write_bytes(data)
    with pytest.raises(GlossaryError, match=re.escape(f"{tmp_path / 'in.tbx'}: {words}")):
        import_tbx(tmp_path / "in.tbx", tmp_path)
    assert (tmp_path / "terms.csv").read_bytes() == before
    assert len(parse_tbx(b"<tbx><text><body/></text></tbx>")) == 0   # an empty glossary's export is no error


def test_entries_without_an_english_term_are_named_when_the_rest_import(tmp_path):
    """Before: a TBX whose few entries lacked their English side imported the others and said nothing of those."""
    write_glossary(SAMPLE, tmp_path)
    (tmp_path / "in.tbx").write_bytes(
        b'<tbx><text><body>'
        b'<conceptEntry id="basra"><langSec xml:lang="en"><termSec><term>Basra</term></termSec></langSec>'
        b'<langSec xml:lang="ar"><termSec><term>\xd8\xa7\xd9\x84\xd8\xa8\xd8\xb5\xd8\xb1\xd8\xa9</term></termSec></langSec></conceptEntry>'
        b'<conceptEntry id="zakho"><langSec xml:lang="ar"><termSec><term>\xd8\xb2\xd8\xa7\xd8\xae\xd9\x88</term></termSec></langSec></conceptEntry>'
        b'<conceptEntry><langSec xml:lang="eng"><termSec><term>Duhok</term></termSec></langSec></conceptEntry>'
        b'</body></text></tbx>')
    merged = import_tbx(tmp_path / "in.tbx", tmp_path)
    assert any(term.id == "basra" for term in merged.terms)
    assert merged.notices[-1] == (f"{tmp_path / 'in.tbx'}: 2 of its 3 entries have no English term (xml:lang \"en\") and "
                                  "were skipped: zakho, #3; add their English side to import them.")


def test_failed_import_leaves_the_csv_unchanged(tmp_path):
    write_glossary(SAMPLE, tmp_path)
    before = (tmp_path / "terms.csv").read_bytes()
    (tmp_path / "evil.tbx").write_bytes(XXE)
    with pytest.raises(GlossaryError):
        import_tbx(tmp_path / "evil.tbx", tmp_path)
    assert (tmp_path / "terms.csv").read_bytes() == before


# --- the starter glossary -------------------------------------------------------

ARABIC_ONLY = re.compile("[\u0643\u064a\u0649\u0629]")      # ك ي ى ة: Arabic letters Sorani does not use
SORANI_ONLY = re.compile("[\u06a9\u06cc\u06d5\u06c6\u06ce\u0695\u06b5\u06c6\u067e\u0686\u0698\u06af\u06a4]")


def test_starter_glossary_covers_the_desk_terms():
    glossary = read_glossary(STARTER)
    assert glossary.languages == ("ar", "ckb", "tk")
    ids = {term.id for term in glossary.terms}
    assert {"isf", "peshmerga", "pmf", "k1", "qayyarah", "kirkuk", "nineveh", "iraq", "baghdad", "erbil", "mosul",
            "iran", "suleimani", "muhandis", "irgc", "parliament", "coronavirus", "isis", "us-coalition"} <= ids
    assert all(term.origin for term in glossary.terms)


BEAT = {
    "provinces and districts": {"kirkuk", "nineveh", "salahaddin", "diyala", "hawija", "daquq", "dibis", "tuz-khurmatu",
                                "tal-afar", "sinjar", "makhmour", "qayyarah", "hamdaniya", "tikrit", "samarra", "baiji",
                                "balad", "shirqat", "baqubah", "khanaqin", "muqdadiya", "jalawla"},
    "Kurdistan Region": {"kurdistan-region", "erbil", "sulaimani", "duhok", "halabja", "zakho"},
    "forces and armed groups": {"isf", "peshmerga", "pmf", "cts", "federal-police", "isis", "pkk", "asayish", "irgc",
                                "quds-force"},
    "parties": {"kdp", "puk", "gorran", "itf"},
    "parliaments and governments": {"parliament", "krg", "kurdistan-parliament", "provincial-council"},
}


@pytest.mark.parametrize("area", sorted(BEAT))
def test_starter_glossary_covers_the_beat(area):
    assert BEAT[area] <= {term.id for term in read_glossary(STARTER).terms}


def test_every_rendering_cites_a_source_for_its_language():
    for term in read_glossary(STARTER).terms:
        for lang in term.targets:
            assert f"{lang}: " in term.origin and f"{lang}: left blank" not in term.origin, (term.id, lang)


def test_starter_glossary_scripts():
    for term in read_glossary(STARTER).terms:
        ar, ckb, tk = (term.targets.get(lang, "") for lang in ("ar", "ckb", "tk"))
        if not term.do_not_translate:
            assert ar, term.id
            for text in accepted_renderings(term, "ar"):
                assert re.fullmatch(r"[\u0600-\u06ff ]+", text) and not SORANI_ONLY.search(text), (term.id, text)
            for text in accepted_renderings(term, "ckb"):
                assert re.fullmatch(r"[\u0600-\u06ff ]+", text) and not ARABIC_ONLY.search(text), (term.id, text)
            for text in accepted_renderings(term, "tk"):
                assert re.fullmatch(r"[A-Za-zÇçĞğİıÖöŞşÜü' -]+", text), (term.id, text)
        for lang, blank in (("ckb", not ckb), ("tk", not tk)):
            if blank:
                assert f"{lang}: left blank" in term.origin, (term.id, lang)


def test_sample_article_terms_are_found():
    glossary = read_glossary(STARTER)
    text = (STARTER.parent / "examples" / "k1-qayyarah-withdrawal.txt").read_text(encoding="utf-8")
    found = {hit.term.id for hit in glossary.find(text)}
    assert {"us-coalition", "kirkuk", "nineveh", "k1", "qayyarah", "isf", "coronavirus", "iraq", "isis",
            "peshmerga", "parliament", "suleimani", "irgc", "muhandis", "pmf", "coalition"} <= found


# --- hints and checks ---------------------------------------------------------


def test_hints_name_the_form_and_approved_term():
    assert glossary_hints("The ISF's base in K1", "ar", SAMPLE) == [
        "glossary: ISF → قوات الأمن العراقية; army and police",
        "glossary: K1 → K1 (keep as written)",
    ]
    assert glossary_hints("The ISF's base", "ckb", SAMPLE) == []


def test_check_terms_reports_missing_and_forbidden():
    ar = get_profile("ar")
    assert check_terms("The ISF left", "غادرت قوات الأمن العراقية", ar, SAMPLE) == []
    findings = check_terms("The ISF left", "غادرت قوات أمنية", ar, SAMPLE)
    assert [f.severity for f in findings] == [Severity.CRITICAL, Severity.CRITICAL]
    assert "missing" in findings[0].message and "forbidden" in findings[1].message
    assert check_terms("The ISF left", "", ar, SAMPLE) == []


def test_a_term_the_source_does_not_mention_named_in_the_translation_is_reported():
    """A model (or a translator copying from another story) names a glossary term the source does not have."""
    tk, desk = get_profile("tk"), read_glossary(STARTER)
    source = "Qassem Soleimani said that the Hashd al-Shaabi repaired 40 fighters near Kirkuk."
    named = check_terms(source, "Kasım Süleymani, Haşdi Şabi Abu Mahdi Al Muhandis Kerkük yakınında onardı.", tk, desk)
    assert [f.message.split(" names")[0] for f in named] == ["'Abu Mahdi Al Muhandis'"], named
    assert named[0].severity is Severity.CRITICAL and "does not mention" in named[0].message
    # the source's own terms, under another form, and a form whose words begin the source's ("Iraq" in "Iraqi") are not
    assert check_terms("The PMF and Iraqi forces met.", "Haşdi Şabi (Hashd al-Shaabi) ve Iraq güçleri.", tk, desk) == []
    assert check_terms(source, "Kasım Süleymani, Haşdi Şabi Kerkük yakınında onardı.", tk, desk) == []


def test_forbidden_inside_the_approved_term_or_a_copied_name_is_not_reported():
    glossary = Glossary((Term(id="k", forms=("Kirkuk",), targets={"tk": "Kerkük"}, forbidden={"tk": ("Kirkuk",)}),))
    tk = get_profile("tk")
    assert check_terms("Kirkuk. Photo: KirkukNow", "Kerkük. Fotoğraf: KirkukNow", tk, glossary) == []
    assert len(check_terms("Kirkuk. Photo: KirkukNow", "Kirkuk. Fotoğraf: KirkukNow", tk, glossary)) == 2


def write_po(path, language, pairs):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    if language:
        catalog.metadata["Language"] = language
    for msgid, msgstr in pairs:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))


def test_check_catalogs_reports_per_file_and_entry(tmp_path):
    by_header = tmp_path / "a.po"
    by_path = tmp_path / "locales" / "ar" / "LC_MESSAGES" / "b.po"
    write_po(by_header, "tk", [("The ISF left", "Irak Güvenlik Güçleri çekildi"), ("K1 base", "üs"), ("ISF", "")])
    write_po(by_path, "", [("The ISF left", "غادر الجيش")])
    findings = check_catalogs([by_header, by_path], glossary=SAMPLE, checks=("glossary",))
    assert [(Path(f.path).name, f.msgid, f.lang) for f in findings] == [
        ("a.po", "K1 base", "tk"),
        ("b.po", "The ISF left", "ar"),
        ("b.po", "The ISF left", "ar"),
    ]


def test_check_catalogs_without_language_is_an_error(tmp_path):
    write_po(tmp_path / "x.po", "", [("ISF", "x")])
    with pytest.raises(CatalogError, match="x.po: no known target language"):
        check_catalogs([tmp_path / "x.po"], glossary=SAMPLE, checks=("glossary",))

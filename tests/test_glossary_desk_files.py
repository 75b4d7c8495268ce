"""terms.csv as a desk really saves it: from Excel, LibreOffice or Google Sheets, and through a git merge."""

import pytest

from l10n import cli
from l10n.errors import ExitCode, GlossaryError, UsageError
from l10n.stages.terms import read_glossary
from l10n.stages.terms.csvfile import parse_csv
from l10n.stages.terms.store import add_term
from l10n.core.records import Term

HEADER = "id,en,ar,ckb,tk,forbidden_ar,forbidden_ckb,forbidden_tk,do_not_translate,case_sensitive,note,origin"
KIRKUK = "kirkuk,Kirkuk,كركوك,کەرکووک,Kerkük,,,,,,the province,ar: Xinhua Arabic"
ISF = "isf,Iraqi Security Forces | ISF,قوات الأمن العراقية,,,,,,,,,"


def refusal(tmp_path, data) -> str:
    """The one line reading ``data`` as terms.csv is refused with."""
    (tmp_path / "terms.csv").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(GlossaryError) as info:
        read_glossary(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    return message.removeprefix(str(tmp_path / "terms.csv"))


def test_excel_bom_and_crlf_are_read():
    glossary = parse_csv("\ufeff" + "\r\n".join((HEADER, KIRKUK, ISF)) + "\r\n")
    assert [term.id for term in glossary.terms] == ["kirkuk", "isf"] and glossary.terms[0].origin == "ar: Xinhua Arabic"


def test_a_file_separated_by_semicolons_is_refused_saying_so(tmp_path):
    """European Excel saves "CSV" with ';': the whole header was one unknown column 'id;en;ar;…'."""
    text = "\n".join(line.replace(",", ";") for line in (HEADER, KIRKUK)) + "\n"
    assert refusal(tmp_path, text) == (":1: the cells are separated by ';', not commas (a spreadsheet set to another "
                                       "region saves CSV so); save the file as 'CSV UTF-8 (comma-delimited)'.")
    assert "separated by tabs" in refusal(tmp_path, "\n".join(line.replace(",", "\t") for line in (HEADER, KIRKUK)))


def test_utf16_and_windows_code_page_files_say_how_to_save_them(tmp_path):
    unicode_text = "\n".join(line.replace(",", "\t") for line in (HEADER, KIRKUK)).encode("utf-16")
    assert refusal(tmp_path, unicode_text).startswith(":1: not UTF-8 but UTF-16 (what a spreadsheet saves as \"Unicode Text\")")
    assert refusal(tmp_path, (HEADER + "\n" + KIRKUK + "\n").encode("cp1256", "replace")).startswith(
        ":2: not UTF-8 (a spreadsheet's plain \"CSV\" is in the Windows code page, such as Arabic 1256); "
        "save the glossary as 'CSV UTF-8 (comma-delimited)'")


def test_empty_columns_a_spreadsheet_adds_and_a_header_typed_in_capitals_are_read():
    """Trailing empty columns were "unknown column ''", a row with two more empty cells a ragged row, "EN" unknown."""
    trailing = parse_csv("\n".join((HEADER + ",,", KIRKUK + ",,", ISF + ",,", ",,,,,,,,,,,,,")) + "\n")
    ragged = parse_csv("\n".join((HEADER, KIRKUK + ",,", ISF)) + "\n")
    capitals = parse_csv("\n".join((" ID , EN ,Ar" + HEADER.removeprefix("id,en,ar"), KIRKUK, ISF)) + "\n")
    for glossary in (trailing, ragged, capitals):
        assert [(term.id, term.forms, term.targets.get("ar"), term.note) for term in glossary.terms] == [
            ("kirkuk", ("Kirkuk",), "كركوك", "the province"), ("isf", ("Iraqi Security Forces", "ISF"), "قوات الأمن العراقية", "")]


def test_a_cell_under_a_column_with_no_name_is_refused_not_dropped(tmp_path):
    message = refusal(tmp_path, "\n".join((HEADER + ",", KIRKUK + ",approved by Hana", ISF + ",")) + "\n")
    assert message == (":2: the cell 'approved by Hana' is in a column with no name in the header; "
                       "name the column or move the cell into one.")
    assert ":2: 13 cells where the header has 12" in refusal(tmp_path, "\n".join((HEADER, KIRKUK + ",approved")) + "\n")


def test_an_unknown_column_says_what_to_do(tmp_path):
    """l10n rewrites terms.csv on add and import without columns it does not know, so it refuses them, and says how to keep them."""
    message = refusal(tmp_path, "\n".join((HEADER + ",status", KIRKUK + ",checked")) + "\n")
    assert message.startswith(":1: unknown column 'status'; rename it to a glossary column (id, en, the languages ar, ckb, tk,")
    assert message.endswith("or move what it holds into the note column.")


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_git_merge_conflict_markers_are_named_with_their_line(tmp_path, side):
    """`<<<<<<< HEAD` was "1 cells where the header has 12", `=======` a spreadsheet formula."""
    rows = [HEADER, "<<<<<<< HEAD", KIRKUK, "=======", KIRKUK.replace("the province", "a province"), ">>>>>>> desk-b", ISF]
    if side == "theirs":
        rows = [HEADER, KIRKUK, "=======", ISF]
    message = refusal(tmp_path, "\r\n".join(rows) + "\r\n")
    assert message == (f":{2 if side == 'ours' else 3}: a git merge conflict is left in the file "
                       f"({'<<<<<<< HEAD' if side == 'ours' else '======='!r}); keep the rows each term should have, "
                       "delete the <<<<<<< ======= >>>>>>> lines, and commit.")


def test_a_note_that_merely_mentions_a_marker_is_read():
    assert parse_csv(HEADER + "\n" + KIRKUK.replace("the province", '"see\n======= below"') + "\n").terms[0].note == "see\n======= below"


@pytest.mark.parametrize("forbidden", ["كركوك", "كـركوك", "كَرْكوك"])
def test_a_forbidden_spelling_the_term_also_accepts_is_refused(tmp_path, forbidden):
    """It was read, and never flagged: the approved rendering's words are not searched for forbidden ones."""
    row = KIRKUK.replace("Kerkük,,", f"Kerkük,{forbidden},")
    assert refusal(tmp_path, HEADER + "\n" + row + "\n") == (
        f":2: forbidden_ar {forbidden!r} is also accepted in ar (as 'كركوك'), so it would never be flagged; "
        "remove it from one of the two cells.")
    variant = "kirkuk,Kirkuk,,کەرکووک | کەرکوک,,,كەركوك,,,,,"   # Arabic-keyboard ك and ي read as Sorani ک and ی
    assert "forbidden_ckb 'كەركوك' is also accepted in ckb (as 'کەرکوک')" in refusal(tmp_path, HEADER + "\n" + variant + "\n")
    assert parse_csv(HEADER + "\nkirkuk,Kirkuk,,پێشمەرگە,,,پيشمەرگە,,,,,\n").terms[0].forbidden == {"ckb": ("پيشمەرگە",)}


def test_glossary_add_names_the_form_that_is_already_a_term(tmp_path):
    """`glossary add "Kirkuk Province" Kirkuk` said "'Kirkuk Province' is already the term 'kirkuk'"."""
    (tmp_path / "terms.csv").write_text(HEADER + "\n" + KIRKUK + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"terms\.csv:2: 'Kirkuk' is already the term 'kirkuk'; edit that row"):
        add_term(tmp_path, Term(id="kirkuk-province", forms=("Kirkuk Province", "Kirkuk"), targets={"ar": "محافظة كركوك"}))
    with pytest.raises(UsageError, match=r"terms\.csv:2: the id 'kirkuk' is taken; edit that row"):
        add_term(tmp_path, Term(id="kirkuk", forms=("Kirkuk Province",), targets={"ar": "محافظة كركوك"}))


def test_forms_with_brackets_plus_signs_and_dots_are_found_as_written():
    glossary = parse_csv(HEADER + "\ncpp,C++,سي++,,,,,,,,,\npmf,(PMF),الحشد,,,,,,,,,\nus,U.S.,الولايات المتحدة,,,,,,,,,\n" + ISF
                         + "\nisfu,ISF units,وحدات,,,,,,,,,\n")
    found = glossary.find("C++ code, the (PMF), the U.S. army, ISF units and ISF. PMF and US stay.")
    assert [(hit.term.id, hit.form) for hit in found] == [
        ("cpp", "C++"), ("pmf", "(PMF)"), ("us", "U.S."), ("isfu", "ISF units"), ("isf", "ISF")]


def test_translate_stops_on_a_merge_conflict_in_the_glossary_with_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.csv").write_text("\n".join((HEADER, "<<<<<<< HEAD", KIRKUK, "=======", ">>>>>>> b")) + "\n",
                                                     encoding="utf-8")
    (tmp_path / "story.txt").write_text("Troops left Kirkuk on Monday.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["translate", "story.txt", "-q"]) == ExitCode.DATA_FILE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "terms.csv:2: a git merge conflict is left in the file" in err[0]
    assert not (tmp_path / "locales").exists()


@pytest.mark.parametrize(("bom", "ending"), [("\ufeff", "\r\n"), ("", "\r\n"), ("\ufeff", "\n")])
def test_glossary_add_to_a_file_excel_saved_changes_one_line(tmp_path, bom, ending):
    """A file with Excel's byte order mark and CRLF endings was written back without the mark and with LF: every
    line of it changed in git for one added term."""
    before = (bom + ending.join((HEADER, KIRKUK, ISF.replace(",,,,,,,,,", ',,,,,,,,"the army, the police",'))) + ending).encode()
    (tmp_path / "terms.csv").write_bytes(before)
    add_term(tmp_path, Term(id="basra", forms=("Basra",), targets={"ar": "البصرة"}))
    assert (tmp_path / "terms.csv").read_bytes() == before + f"basra,Basra,البصرة,,,,,,,,,{ending}".encode()
    assert [term.id for term in read_glossary(tmp_path).terms] == ["kirkuk", "isf", "basra"]


def test_forms_that_differ_only_in_a_hyphen_or_an_apostrophe_are_one_form(tmp_path):
    """"US led coalition" in one term and "US-led coalition" in another both claimed "US led coalition" (the
    first in sorting order won, unsaid), and "Kirkuk’s council" beside "Kirkuk's council" was never found at all."""
    assert refusal(tmp_path, "id,en,ar\nled,US-led coalition,أ\nus-led,US led coalition,ب\n") == (
        ":3: the form 'US led coalition' is already on line 2 as 'US-led coalition', which matches the same words "
        "(a hyphen as a space, ’ as '); keep each form in one term.")
    assert "already on line 2 as \"Kirkuk's council\"" in refusal(
        tmp_path, "id,en,ar\na,Kirkuk's council,أ\nb,Kirkuk’s council,ب\n")
    glossary = parse_csv("id,en,ar\ntal-afar,Tal Afar,تلعفر\nled,US-led coalition,التحالف\n")
    found = glossary.find("Tal-Afar, Tal Afar, the US led coalition and the US-led coalition.")
    assert [hit.term.id for hit in found] == ["tal-afar", "tal-afar", "led", "led"]


def test_a_run_says_when_a_target_language_has_no_rendering_in_the_glossary(tmp_path, monkeypatch, capsys):
    """Before: a spreadsheet edit that dropped the ckb column left Sorani drafts without approved terms, unsaid."""
    (tmp_path / "l10n.toml").write_text('targets = ["ar", "ckb"]\n', encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.csv").write_text("id,en,ar,note\nkirkuk,Kirkuk,كركوك,\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Council meets in Kirkuk\n\nThe council met on Monday.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    assert cli.main(["translate", "story.txt", "-q"]) == 0
    err = capsys.readouterr().err
    assert ("terms.csv: no term has a ckb rendering, so the Central Kurdish (Sorani) drafts carry no approved terms; "
            "add a ckb column.") in err
    assert "no term has a ar rendering" not in err


@pytest.mark.parametrize("cell", ["-", "—", "کەرکووک | —"])
def test_a_dash_for_no_rendering_is_refused_saying_to_leave_the_cell_empty(tmp_path, cell):
    """Before: '-' was refused as a formula with advice to write '-, which made '-' the approved rendering; '—' (what
    Word and Sheets turn '--' into) was read as one: enforcement would write a dash into every Sorani draft."""
    message = refusal(tmp_path, f"{HEADER}\nkirkuk,Kirkuk,كركوك,{cell},Kerkük,,,,,,,\n")
    assert message == (":2: the 'ckb' cell holds " + repr(cell.split("|")[-1].strip()) + ", no word; leave it empty "
                       "where there is none (a dash would be written into drafts as the term).")

"""terms.csv as a desk really saves it: from Excel, LibreOffice or Google Sheets, and through a git merge."""

import pytest

from l10n import cli
from l10n.errors import ExitCode, GlossaryError
from l10n.stages.terms import read_glossary
from l10n.stages.terms.csvfile import parse_csv

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

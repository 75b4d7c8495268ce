"""Inputs that are not articles are refused with a hint (issue 21, item 8), and glossary files that would lose data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from l10n import cli
from l10n.errors import ExitCode
from l10n.stages.terms import read_glossary

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
PO_TEXT = '# Arabic translation\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Council meets"\nmsgstr ""\n'
HTML_TEXT = ("<!DOCTYPE html>\n<html><head><title>Council reopens Kirkuk bridge</title></head>\n<body><p>The provincial "
             "council reopened the old bridge on Monday after repairs.</p></body></html>\n")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    root = tmp_path / "desk"
    root.mkdir()
    (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("name, text, hint", [
    ("story.po", PO_TEXT, "gettext catalog"),
    ("story.pot", PO_TEXT, "gettext catalog"),
    ("catalog-saved-as.txt", PO_TEXT, "gettext catalog"),
    ("page.html", HTML_TEXT, "HTML page"),
    ("page.htm", HTML_TEXT, "HTML page"),
    ("page-saved-as.md", HTML_TEXT, "HTML page"),
])
def test_a_catalog_or_a_page_is_refused_with_a_hint(desk, name, text, hint, capsys):
    (desk / name).write_text(text, encoding="utf-8")
    assert cli.main(["translate", name, "-q"]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and hint in err and name in err, err
    assert not (desk / "locales").exists()


def test_an_article_mentioning_html_and_msgid_is_still_an_article(desk, capsys):
    (desk / "story.txt").write_text("Council reopens Kirkuk bridge\n\nThe <html> tag and msgid \"x\" appear in this story "
                                    "about the provincial council, which reopened the bridge on Monday.\n", encoding="utf-8")
    assert cli.main(["translate", "story.txt", "-q"]) == 0


def test_a_repeated_glossary_column_is_one_line_exit_4(desk, capsys):
    (desk / "glossary").mkdir()
    (desk / "glossary/terms.csv").write_text("id,en,ar,ar,origin\nkirkuk,Kirkuk,كركوك,كركوك2,test\n", encoding="utf-8")
    shutil.copy(SAMPLE, desk / SAMPLE.name)
    assert cli.main(["translate", SAMPLE.name, "-q"]) == ExitCode.DATA_FILE
    err = capsys.readouterr().err.strip()
    assert err.endswith("terms.csv:1: the column 'ar' appears twice; keep one and merge their cells.")


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="kirkuk">
  <langSec xml:lang="en"><termSec><term>Kirkuk</term></termSec></langSec>
  <langSec xml:lang="tr"><termSec><term>Kerkük</term></termSec></langSec>
</conceptEntry>
</body></text></tbx>
"""


def test_a_tbx_to_import_that_is_not_there_is_named_as_a_wrong_path(desk, capsys):
    """Before: exit 11, "cannot be read (No such file or directory); check the file and its permissions"."""
    (desk / "folder.tbx").mkdir()
    for name, what in (("missing.tbx", "no such file"), ("folder.tbx", "a folder, not a TBX file")):
        assert cli.main(["glossary", "import", name]) == ExitCode.INPUT
        assert capsys.readouterr().err == f"l10n: {name}: {what}; give the path of a .tbx file.\n"


def test_tbx_terms_tagged_tr_fill_the_tk_column_and_export_back(desk, capsys):
    (desk / "terms.tbx").write_text(TBX, encoding="utf-8")
    assert cli.main(["glossary", "import", "terms.tbx"]) == 0
    [term] = read_glossary(desk / "glossary").terms
    assert term.targets == {"tk": "Kerkük"}
    assert cli.main(["glossary", "export", "out.tbx"]) == 0
    assert 'xml:lang="tk"' in (desk / "out.tbx").read_text(encoding="utf-8")
    assert cli.main(["glossary", "import", "out.tbx"]) == 0          # and back: nothing changes
    assert read_glossary(desk / "glossary").terms == (term,)

"""A catalog's charset: the header is believed only where that cannot garble a translation.

A UTF-8 catalog whose header names another charset (an editor or a hand edit changed it) is
refused in one line, by every command, before any file is touched: read as Latin-1 its Arabic
would be mojibake, and the next run would write that back as UTF-8 over the translator's work.
A catalog really saved in another charset (CP1256 from an old Windows tool, ISO-8859-9) is
read as such and written back in UTF-8, with a notice; bytes the declared charset turns into
control characters, or a charset Python cannot read, are refused too.
"""

from __future__ import annotations

import subprocess

import polib
import pytest

from helpers import BASE, copying_engine, make_project, msgfmt_ok, write_article
from l10n import cli
from l10n.errors import CatalogError, ExitCode
from l10n.pipeline import translate
from l10n.stages.pofiles import edit_catalog, read_catalog

REVIEWED = "قوات التحالف تسلّم قاعدة K1"      # CP1256 has every letter of it
REVIEWED_2 = "بدأ التحالف الانسحاب من قاعدتي K1 والقيارة"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A project whose Arabic catalog holds two reviewed translations, in UTF-8, as l10n wrote it."""
    project = make_project(tmp_path / "desk")
    article = write_article(project.root, BASE)
    translate(project, [article], engine_factory=copying_engine())
    path = project.catalog_path("story", "ar")
    po = polib.pofile(str(path), wrapwidth=0)
    for entry, text in zip(po, (REVIEWED, REVIEWED_2)):
        entry.msgstr, entry.flags = text, []
    po.save(str(path))
    subprocess.run(["msgcat", str(path), "-o", str(path)], check=True)
    monkeypatch.chdir(project.root)
    return project, article, path


def relabel(path, charset: str) -> None:
    """The header changed to name ``charset``, the bytes left as they are."""
    path.write_bytes(path.read_bytes().replace(b"charset=UTF-8", f"charset={charset}".encode()))


def convert(path, charset: str) -> None:
    """The catalog really saved in ``charset``, by GNU gettext's own converter."""
    subprocess.run(["msgconv", "-t", charset, "-o", str(path), str(path)], check=True)


def files(project) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(project.locales_dir.rglob("*")) if p.is_file()}


def content_type_line(path) -> int:
    return next(n for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if line.startswith(b'"Content-Type:'))


# --- UTF-8 under another charset's name: refused, nothing changed ------------------------------------


@pytest.mark.parametrize("charset", ["ISO-8859-1", "CP1256", "CHARSET"])
def test_a_utf8_catalog_whose_header_names_another_charset_is_refused_naming_the_line(desk, charset):
    _project, _article, path = desk
    relabel(path, charset)
    assert msgfmt_ok(path)  # gettext takes the header's word: it would compile the mojibake
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{content_type_line(path)}: the header says charset={charset} but the text is UTF-8")
    assert "set 'charset=UTF-8'" in message and "\n" not in message


@pytest.mark.parametrize("command", [
    ["translate", "story.txt", "-q"],
    ["status"],
    ["check"],
    ["approve", "story.txt", "--lang", "ar", "--clean"],
    ["publish", "story.txt"],
])
def test_every_command_refuses_it_in_one_line_and_changes_no_byte(desk, capsys, command):
    project, _article, path = desk
    relabel(path, "ISO-8859-1")
    before = files(project)
    assert cli.main(command) == ExitCode.DATA_FILE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "charset=ISO-8859-1" in err and "charset=UTF-8" in err and "story.po" in err
    assert files(project) == before
    assert REVIEWED.encode("utf-8") in path.read_bytes()


def test_once_the_header_says_utf8_again_the_run_goes_on_with_the_translations_intact(desk):
    project, article, path = desk
    relabel(path, "ISO-8859-1")
    with pytest.raises(CatalogError):
        translate(project, [article], engine_factory=copying_engine())
    relabel_back = path.read_bytes().replace(b"charset=ISO-8859-1", b"charset=UTF-8")
    path.write_bytes(relabel_back)
    translate(project, [article], engine_factory=copying_engine())
    assert [e.msgstr for e in read_catalog(path)][:2] == [REVIEWED, REVIEWED_2]


# --- really another charset: read as such, written back in UTF-8 ------------------------------------


def test_a_catalog_really_in_cp1256_is_read_as_such_and_written_back_in_utf8_with_a_notice(desk, capsys):
    project, article, path = desk
    convert(path, "CP1256")
    assert b"charset=CP1256" in path.read_bytes() and REVIEWED.encode("cp1256") in path.read_bytes()
    assert [e.msgstr for e in read_catalog(path)][:2] == [REVIEWED, REVIEWED_2]
    before = path.read_bytes()
    assert cli.main(["status"]) == ExitCode.OK and path.read_bytes() == before  # reading converts nothing
    report = translate(project, [article], engine_factory=copying_engine())
    assert report.notices == (f"{path}: converted from CP1256 to UTF-8, the charset l10n writes; every translation reads as before.",)
    data = path.read_bytes()
    assert b"charset=UTF-8" in data and REVIEWED.encode("utf-8") in data and msgfmt_ok(path)
    assert [e.msgstr for e in read_catalog(path)][:2] == [REVIEWED, REVIEWED_2]
    assert translate(project, [article], engine_factory=copying_engine()).notices == ()
    assert path.read_bytes() == data


def test_a_turkish_catalog_in_iso_8859_9_is_read_as_turkish(tmp_path):
    path = tmp_path / "tr.po"
    text = 'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=ISO-8859-9\\n"\n\nmsgid "a"\nmsgstr "Şırnak üssü, Iğdır"\n'
    path.write_bytes(text.encode("iso-8859-9"))
    assert read_catalog(path)[0].msgstr == "Şırnak üssü, Iğdır"


def test_an_edit_saved_into_a_cp1256_catalog_is_written_in_utf8_and_says_so(desk):
    """``l10n review`` and ``l10n approve`` save through here: the text they write is UTF-8, so the header must say so."""
    _project, _article, path = desk
    convert(path, "CP1256")

    def edit(snapshot):
        po = read_catalog(snapshot)
        po[2].msgstr, po[2].flags = "قال محافظ كركوك", []
        return po

    saved = edit_catalog(path, edit)
    assert saved.written and "converted from CP1256 to UTF-8" in saved.notice
    assert b"charset=UTF-8" in path.read_bytes() and msgfmt_ok(path)
    assert [e.msgstr for e in read_catalog(path)][:3] == [REVIEWED, REVIEWED_2, "قال محافظ كركوك"]


# --- refused: what the declared charset cannot read sensibly ---------------------------------------


HEADER = 'msgid ""\nmsgstr ""\n"Language: ckb\\n"\n"Content-Type: text/plain; charset={}\\n"\n\n'


@pytest.mark.parametrize("name, charset, text, refusal", [
    # Windows Arabic bytes labelled ISO-8859-1
    ("ckb.po", "ISO-8859-1", 'msgstr "گوند"'.encode("cp1256"), "read as ISO-8859-1 the text holds control characters"),
    # a charset Python has no codec for: the line says how to convert it
    ("ka.po", "GEORGIAN-PS", b'msgstr "\xe0\xe1"', "l10n cannot read charset GEORGIAN-PS; convert the file to UTF-8"),
])
def test_text_the_declared_charset_cannot_read_sensibly_is_refused(tmp_path, name, charset, text, refusal):
    path = tmp_path / name
    path.write_bytes(HEADER.format(charset).encode() + b'msgid "a"\n' + text + b"\n")
    assert msgfmt_ok(path)
    with pytest.raises(CatalogError, match=rf"^{path}:4: {refusal}"):
        read_catalog(path)


def test_ascii_text_reads_the_same_under_any_charset(tmp_path):
    path = tmp_path / "ascii.po"
    path.write_bytes(HEADER.format("CHARSET").encode() + b'msgid "a"\nmsgstr "K1"\n')
    assert read_catalog(path)[0].msgstr == "K1"

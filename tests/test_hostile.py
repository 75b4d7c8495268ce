"""Hostile input through the real CLI: one line, the right exit code, no traceback, nothing written.

``CASES`` is one table of bad inputs, each planted in a copy of a translated
project (stand-in packages, catalogs and a memory already there) and fed to
the command that reads it.  Every file of the project is snapshotted (bytes and
mtime) before and after; only ``.l10n/lock`` may appear.
``scripts/hostile_table.py`` runs the same table and prints it as Markdown.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import stat
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from l10n import cli
from l10n.files.paths import slugify

ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "k1-qayyarah-withdrawal.txt"
SLUG = "a"
ALLOWED_NEW = {".l10n/lock"}
TERMS_HEADER = "id,en,ar,ckb,tk,forbidden_ar,forbidden_ckb,forbidden_tk,do_not_translate,case_sensitive,note,origin\n"
RULES_HEADER = "id,kind,pattern,replacement,note,source\n"
FRENCH = ("Le gouvernement irakien a annoncé mardi que les forces de la coalition quitteraient la base "
          "aérienne avant la fin du mois, selon un communiqué publié par le ministère de la Défense.\n")
ARABIC = "أعلنت الحكومة العراقية يوم الثلاثاء أن قوات التحالف ستغادر القاعدة الجوية قبل نهاية الشهر الجاري.\n"
SORANI = "حکوومەتی عێراق ڕایگەیاند کە هێزەکانی هاوپەیمانی پێش کۆتایی مانگ بنکە ئاسمانییەکە جێدەهێڵن و دەڕۆن.\n"
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec>
</conceptEntry></body></text></tbx>
"""
LAUGHS = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
) + b"]>\n<tbx><text><body><conceptEntry><langSec xml:lang=\"en\"><termSec><term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>\n"


@dataclass(frozen=True)
class Case:
    """One bad input: ``plant(root)`` puts it in the project and returns the CLI arguments."""

    id: str
    what: str                            # the input, as the table shows it
    plant: Callable[[Path], list[str]]
    exit_code: int
    says: str                            # a regex the one line must match (it names the file)


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stderr: str
    stdout: str
    changed: tuple[str, ...]


# --- building the project ---------------------------------------------------------------


def make_project(root: Path, packages: Path) -> Path:
    """A translated project: l10n.toml, article a.txt, catalogs drafted by the stand-in packages, a memory.

    ``packages/`` links each stand-in package, so `models install` writes inside the project.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "packages").mkdir()
    for package in sorted(Path(packages).iterdir()):
        (root / "packages" / package.name).symlink_to(package, target_is_directory=True)
    (root / "l10n.toml").write_text('packages_dir = "packages"\n', encoding="utf-8")
    shutil.copy(ARTICLE, root / f"{SLUG}.txt")
    shutil.copytree(ARTICLE.parents[1] / "glossary", root / "glossary")
    with contextlib.chdir(root), _captured() as (out, err):
        code = cli.main(["translate", f"{SLUG}.txt", "-q"])
    assert code == 0, err.getvalue()
    _review_everything(root)
    with contextlib.chdir(root), _captured() as (out, err):  # settles the memory on the reviewed catalog
        assert cli.main(["translate", f"{SLUG}.txt", "-q"]) == 0, err.getvalue()
    return root


def _review_everything(root: Path) -> None:
    """Mark the Arabic catalog reviewed, so publish has something to publish."""
    import polib

    path = root / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    path.write_text(str(po), encoding="utf-8")


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` (links not followed): (kind, bytes or link target, mtime)."""
    seen: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                seen[rel] = ("link", os.readlink(path), info.st_mtime_ns)
            elif stat.S_ISREG(info.st_mode):
                seen[rel] = ("file", path.read_bytes(), info.st_mtime_ns)
            elif stat.S_ISDIR(info.st_mode):
                seen[rel] = ("dir",)
            else:
                seen[rel] = ("special", stat.S_IFMT(info.st_mode))
    return seen


def changed_paths(before: dict[str, tuple], after: dict[str, tuple]) -> tuple[str, ...]:
    """Paths added, removed or modified, ignoring what a run may create (the lock and its folder)."""
    names = set(before) | set(after)
    return tuple(sorted(n for n in names if before.get(n) != after.get(n) and not (n in ALLOWED_NEW and n not in before)))


@contextlib.contextmanager
def _captured():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def run_case(case: Case, root: Path) -> Outcome:
    """Plant ``case`` in the project at ``root``, run the CLI there, report what happened."""
    args = case.plant(root)
    before = snapshot(root)
    with contextlib.chdir(root), _captured() as (out, err):
        code = cli.main(args)
    return Outcome(code, err.getvalue(), out.getvalue(), changed_paths(before, snapshot(root)))


# --- planting bad input ------------------------------------------------------------------


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _edited(path: Path) -> None:
    """The article with a sentence more: due at the next run, so the run reads what it depends on."""
    path.write_text(path.read_text(encoding="utf-8") + "\nThe council met again on Tuesday.\n", encoding="utf-8")


def article(name: str, data: bytes | str) -> Callable[[Path], list[str]]:
    return lambda root: (_write(root, name, data), ["translate", name, "-q"])[1]


def sparse_article(size: int) -> Callable[[Path], list[str]]:
    def plant(root: Path) -> list[str]:
        with open(root / "huge.txt", "wb") as handle:
            handle.truncate(size)
        return ["translate", "huge.txt", "-q"]

    return plant


def fifo_article(root: Path) -> list[str]:
    os.mkfifo(root / "pipe.txt")
    return ["translate", "pipe.txt", "-q"]


def glossary(data: bytes | str) -> Callable[[Path], list[str]]:
    return lambda root: (_write(root, "glossary/terms.csv", data), ["translate", f"{SLUG}.txt", "-q"])[1]


def rules(data: str) -> Callable[[Path], list[str]]:
    """Adaptation rules are read when tk is drafted through en→tr: change the article so tk needs drafts."""

    def plant(root: Path) -> list[str]:
        (root / "packages" / "translate-en_mul").unlink()  # so tk is drafted through en→tr and adapted
        _write(root, "glossary/tk-adaptation.csv", data)
        _write(root, "b.txt", "The minister visited Kirkuk on Tuesday and met the governor of the province.\n")
        return ["translate", "b.txt", "-q", "--lang", "tk"]

    return plant


def catalog(lang: str, data: bytes | str, *command: str) -> Callable[[Path], list[str]]:
    """Replace ``lang``'s catalog of the article and run ``command`` (default: translate)."""

    def plant(root: Path) -> list[str]:
        path = _write(root, f"locales/{lang}/LC_MESSAGES/{SLUG}.po", data)
        rel = path.relative_to(root).as_posix()
        return [part.replace("{po}", rel) for part in command] or ["translate", f"{SLUG}.txt", "-q"]

    return plant


def tbx(data: bytes) -> Callable[[Path], list[str]]:
    return lambda root: (_write(root, "in.tbx", data), ["glossary", "import", "in.tbx"])[1]


def config(data: bytes | str) -> Callable[[Path], list[str]]:
    return lambda root: (_write(root, "l10n.toml", data), ["translate", f"{SLUG}.txt", "-q"])[1]


def archive(build: Callable[[Path, Path], None]) -> Callable[[Path], list[str]]:
    """A .argosmodel made by ``build(path, a real package folder)``, installed with `models install`."""

    def plant(root: Path) -> list[str]:
        build(root / "pkg.argosmodel", (root / "packages" / "translate-en_ar").resolve())
        return ["models", "install", "pkg.argosmodel"]

    return plant


def _zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)


def _package_members(package: Path, folder: str = "translate-en_xx", replaced: dict[str, bytes | None] | None = None) -> dict[str, bytes]:
    """The files of a real package under ``folder``; ``replaced`` swaps (or, with None, drops) some."""
    members = {f"{folder}/{p.relative_to(package).as_posix()}": p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}
    for name, data in (replaced or {}).items():
        key = f"{folder}/{name}"
        if data is None:
            members.pop(key)
        else:
            members[key] = data
    return members


def _with_declared_sizes(path: Path, size: int) -> None:
    """Rewrite every central-directory entry's uncompressed size: a bomb that lies about what it holds."""
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into("<I", data, start + 24, size)
        start += 4
    path.write_bytes(bytes(data))


def _bomb_declared(path: Path, package: Path) -> None:
    _zip(path, {f"translate-en_xx/blob{i}": b"\0" * 1024 for i in range(3)})
    _with_declared_sizes(path, 3 * 1024**3)


def _bomb_lying(path: Path, package: Path) -> None:
    members = _package_members(package)
    members["translate-en_xx/model/blob"] = b"\0" * (20 * 1024**2)
    _zip(path, members)
    _with_declared_sizes(path, 1000)


def _outside_occurrence(root: Path) -> list[str]:
    """A POT whose source reference climbs out of the project: publish must not follow it."""
    import polib

    outside = root.parent / f"{root.name}-outside.txt"
    outside.write_bytes(ARTICLE.read_bytes())
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    pot.append(polib.POEntry(msgid="x", msgstr="", occurrences=[(f"../{outside.name}", "1")]))
    _write(root, "locales/evil.pot", str(pot))
    return ["publish", "evil"]


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ar\\n"\n'
PLURALS = '"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\\n"\n'




CASES: list[Case] = [
    # articles (l10n translate)
    Case("article-empty", "article: empty file", article("empty.txt", b""), 3, r"^l10n: empty\.txt: the article is empty"),
    Case("article-blank", "article: only spaces and newlines", article("blank.txt", " \n\t\n\r\n"), 3, r"^l10n: blank\.txt: the article is empty"),
    Case("article-binary", "article: PNG image renamed .txt", article("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), 3, r"^l10n: photo\.txt: .*binary"),
    Case("article-nul", "article: English text with one NUL byte", article("nul.txt", "The army left the base.\0 It rained.\n"), 3, r"^l10n: nul\.txt: .*NUL"),
    Case("article-utf16", "article: UTF-16 (Notepad 'Unicode')", article("utf16.txt", ARTICLE.read_text(encoding="utf-8").encode("utf-16")), 3, r"^l10n: utf16\.txt: this is UTF-16 text.*re-save it as UTF-8"),
    Case("article-cp1256", "article: Arabic in Windows-1256", article("cp1256.txt", ARABIC.encode("cp1256")), 3, r"^l10n: cp1256\.txt: not valid UTF-8"),
    Case("article-latin1", "article: English with Latin-1 'café'", article("latin1.txt", "The café near the base closed.\n".encode("latin-1")), 3, r"^l10n: latin1\.txt: not valid UTF-8 \(byte 7\)"),
    Case("article-controls", "article: mostly control characters", article("controls.txt", "\x01\x02\x03\x1b[0m" * 200), 3, r"^l10n: controls\.txt: .*binary"),
    Case("article-french", "article: French", article("french.txt", FRENCH * 3), 3, r"^l10n: french\.txt: .*French \(fr\), not English"),
    Case("article-arabic", "article: Arabic (UTF-8)", article("arabic.txt", ARABIC * 2), 3, r"^l10n: arabic\.txt: .*Arabic \(ar\), not English"),
    Case("article-sorani", "article: Sorani (UTF-8)", article("sorani.txt", SORANI * 2), 3, r"^l10n: sorani\.txt: .*\(ckb\), not English"),
    Case("article-50mb", "article: 50 MB file (sparse)", sparse_article(50 * 1024**2), 3, r"^l10n: huge\.txt: 50\.0 MiB is larger than"),
    Case("article-missing", "article: path that does not exist", lambda root: ["translate", "nowhere.txt", "-q"], 3, r"^l10n: nowhere\.txt: no such file"),
    Case("article-empty-dir", "article: folder without .txt/.md files", lambda root: ((root / "drafts").mkdir(), ["translate", "drafts", "-q"])[1], 3, r"^l10n: no article files found"),
    Case("article-fifo", "article: a named pipe (would block a reader)", fifo_article, 3, r"^l10n: pipe\.txt: not a regular file"),
    # glossary CSV (read by translate)
    Case("csv-ragged", "terms.csv: row with 3 cells", glossary(TERMS_HEADER + "x,Kirkuk,كركوك\n"), 4, r"^l10n: .*terms\.csv:2: 3 cells where the header has 12"),
    Case("csv-bom-ragged", "terms.csv: BOM + ragged row 3", glossary("\ufeff" + TERMS_HEADER + "k,Kirkuk,كركوك,,,,,,,,,\nx,Erbil\n"), 4, r"^l10n: .*terms\.csv:3: 2 cells"),
    Case("csv-formula-cmd", "terms.csv: cell `=cmd|' /C calc'!A0`", glossary(TERMS_HEADER + "x,\"=cmd|' /C calc'!A0\",a,,,,,,,,,\n"), 4, r"^l10n: .*terms\.csv:2: the 'en' cell starts with '=' and could run as a spreadsheet formula"),
    Case("csv-formula-at", "terms.csv: note cell `@SUM(1+1)*cmd`", glossary(TERMS_HEADER + "x,Kirkuk,كركوك,,,,,,,,@SUM(1+1)*cmd,\n"), 4, r"^l10n: .*terms\.csv:2: the 'note' cell starts with '@'"),
    Case("csv-formula-plus", "terms.csv: target cell `+HYPERLINK(...)`", glossary(TERMS_HEADER + 'x,Kirkuk,"+HYPERLINK(""http://x"")",,,,,,,,,\n'), 4, r"^l10n: .*terms\.csv:2: the 'ar' cell starts with '\+'"),
    Case("csv-unknown-column", "terms.csv: unknown column `fr`", glossary("id,en,fr\nx,Kirkuk,Kirkouk\n"), 4, r"^l10n: .*terms\.csv:1: unknown column 'fr'"),
    Case("csv-no-en", "terms.csv: no `en` column", glossary("id,ar\nx,كركوك\n"), 4, r"^l10n: .*terms\.csv:1: no 'en' column"),
    Case("csv-duplicate-id", "terms.csv: two rows with one id", glossary("id,en,ar\nk,Kirkuk,كركوك\nk,Erbil,أربيل\n"), 4, r"^l10n: .*terms\.csv:3: id 'k' is already used on line 2"),
    Case("csv-bad-flag", "terms.csv: do_not_translate = maybe", glossary("id,en,do_not_translate\nk,Kirkuk,maybe\n"), 4, r"^l10n: .*terms\.csv:2: do_not_translate is 'maybe'"),
    Case("csv-utf16", "terms.csv: saved as UTF-16", glossary(("id,en,ar\nk,Kirkuk,كركوك\n").encode("utf-16")), 4, r"^l10n: .*terms\.csv:\d+: not UTF-8"),
    Case("csv-cp1256", "terms.csv: Windows-1256 (Excel 'CSV')", glossary(("id,en,ar\nk,Kirkuk,كركوك\n").encode("cp1256")), 4, r"^l10n: .*terms\.csv:2: not UTF-8"),
    Case("rules-backreference", "tk-adaptation.csv: regex `(a)\\1` (RE2 has no backreferences)", rules(RULES_HEADER + "r1,regex,(a)\\1,b,n,Ref 2020\n"), 4, r"^l10n: .*tk-adaptation\.csv:2: the pattern does not compile for RE2"),
    Case("rules-bad-regex", "tk-adaptation.csv: regex `([`", rules(RULES_HEADER + "r1,regex,([,b,n,Ref 2020\n"), 4, r"^l10n: .*tk-adaptation\.csv:2: "),
    Case("rules-no-source", "tk-adaptation.csv: rule without source", rules(RULES_HEADER + "r1,word,Irak,Yrak,n,\n"), 4, r"^l10n: .*tk-adaptation\.csv:2: "),
    # PO files: an existing catalog that translate must merge, check, glossary check, tm import
    Case("po-truncated", "ar PO: truncated mid-string (translate)", catalog("ar", PO_HEADER + '\nmsgid "The base"\nmsgstr "القا'), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:\d+: "),
    Case("po-duplicate", "ar PO: duplicate msgid (check)", catalog("ar", PO_HEADER + '\nmsgid "A"\nmsgstr "ا"\n\nmsgid "A"\nmsgstr "ب"\n', "check", "{po}"), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:\d+: duplicate message definition"),
    Case("po-no-charset", "ar PO: header without charset (check)", catalog("ar", 'msgid ""\nmsgstr "Language: ar\\n"\n\nmsgid "A"\nmsgstr "ا"\n', "check", "{po}"), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:1: the header has no charset"),
    Case("po-plural-mismatch", "ar PO: 6 plural forms declared, 2 given (glossary check)", catalog("ar", PO_HEADER + PLURALS + '\nmsgid "one day"\nmsgid_plural "%d days"\nmsgstr[0] "يوم"\nmsgstr[1] "أيام"\n', "glossary", "check", "{po}"), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:\d+: "),
    Case("po-bad-plural-expr", "ar PO: Plural-Forms syntax error (check)", catalog("ar", PO_HEADER.replace('"Language', '"Plural-Forms: nplurals=2; plural=n>>;\\n"\n"Language') + '\nmsgid "A"\nmsgstr "ا"\n', "check", "{po}"), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:\d+: "),
    Case("po-binary", "ckb PO: binary garbage (translate)", catalog("ckb", bytes(range(256)) * 4), 4, r"^l10n: (.*/)?locales/ckb/LC_MESSAGES/a\.po(:\d+)?: "),
    Case("po-latin1-undeclared", "tk PO: Latin-1 bytes, header says UTF-8 (tm import)", catalog("tk", (PO_HEADER + '\nmsgid "A"\nmsgstr "Türkmen"\n').encode("latin-1"), "tm", "import", "{po}"), 4, r"^l10n: (.*/)?locales/tk/LC_MESSAGES/a\.po(:\d+)?: "),
    Case("po-format-mismatch", "ar PO: c-format entry with a wrong placeholder (tm import)", catalog("ar", PO_HEADER + '\n#, c-format\nmsgid "%d units"\nmsgstr "%s وحدة"\n', "tm", "import", "{po}"), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:\d+: "),
    Case("po-missing", "PO path that does not exist (check)", lambda root: ["check", "locales/ar/LC_MESSAGES/gone.po"], 3, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/gone\.po: no such catalog"),
    # TBX (l10n glossary import)
    Case("tbx-xxe", "TBX: external entity file:///etc/passwd", tbx(XXE), 4, r"^l10n: in\.tbx: refused XML entity"),
    Case("tbx-laughs", "TBX: billion laughs", tbx(LAUGHS), 4, r"^l10n: in\.tbx: refused XML entity"),
    Case("tbx-empty", "TBX: empty file", tbx(b""), 4, r"^l10n: in\.tbx:1: not well-formed XML"),
    Case("tbx-malformed", "TBX: not well-formed XML", tbx(b"<tbx><text><body><conceptEntry></body></tbx>"), 4, r"^l10n: in\.tbx:1: not well-formed XML"),
    Case("tbx-binary", "TBX: binary bytes", tbx(bytes(range(256))), 4, r"^l10n: in\.tbx:\d+: not well-formed XML"),
    # model archives (l10n models install)
    Case("zip-dotdot", "archive: member `../../evil.py`", archive(lambda p, pkg: _zip(p, {**_package_members(pkg), "translate-en_xx/../../evil.py": b"x"})), 6, r"^l10n: pkg\.argosmodel: member '.*evil\.py' would unpack outside"),
    Case("zip-absolute", "archive: member `/tmp/evil.py`", archive(lambda p, pkg: _zip(p, {**_package_members(pkg), "/tmp/evil.py": b"x"})), 6, r"^l10n: pkg\.argosmodel: member '/tmp/evil\.py' would unpack outside"),
    Case("zip-backslash", "archive: member `translate-en_xx\\..\\..\\evil`", archive(lambda p, pkg: _zip(p, {**_package_members(pkg), "translate-en_xx\\..\\..\\evil": b"x"})), 6, r"^l10n: pkg\.argosmodel: member .* would unpack outside"),
    Case("zip-symlink", "archive: symlink member -> /etc/passwd", archive(lambda p, pkg: _zip(p, _package_members(pkg), {"translate-en_xx/link": "/etc/passwd"})), 6, r"^l10n: pkg\.argosmodel: member 'translate-en_xx/link' is a symbolic link"),
    Case("zip-bomb-declared", "archive: zip bomb declaring 9 GiB", archive(_bomb_declared), 5, r"^l10n: pkg\.argosmodel: unpacks to 9663676416 bytes"),
    Case("zip-bomb-lying", "archive: 20 MiB of zeros declared as 1000 bytes", archive(_bomb_lying), 5, r"^l10n: pkg\.argosmodel: damaged or unsupported archive"),
    Case("zip-many-members", "archive: 10,001 members", archive(lambda p, pkg: _zip(p, {f"translate-en_xx/f{i}": b"" for i in range(10_001)})), 5, r"^l10n: pkg\.argosmodel: 10001 members"),
    Case("zip-no-metadata", "archive: no metadata.json", archive(lambda p, pkg: _zip(p, _package_members(pkg, replaced={"metadata.json": None}))), 5, r"^l10n: pkg\.argosmodel: no translate-en_xx/metadata\.json"),
    Case("zip-bad-metadata", "archive: metadata.json not JSON", archive(lambda p, pkg: _zip(p, _package_members(pkg, replaced={"metadata.json": b"{nope"}))), 5, r"^l10n: pkg\.argosmodel: metadata\.json is not valid JSON"),
    Case("zip-bad-model", "archive: model.bin CTranslate2 cannot load", archive(lambda p, pkg: _zip(p, _package_members(pkg, replaced={"model/model.bin": b"\0garbage" * 64}))), 5, r"^l10n: pkg\.argosmodel: its model cannot be loaded"),
    Case("zip-no-model", "archive: no model/model.bin", archive(lambda p, pkg: _zip(p, _package_members(pkg, replaced={"model/model.bin": None}))), 5, r"^l10n: pkg\.argosmodel: translate-en_xx: no CTranslate2 model"),
    Case("zip-not-zip", "archive: a text file named .argosmodel", archive(lambda p, pkg: p.write_text("not a zip\n")), 5, r"^l10n: pkg\.argosmodel: not an Argos package \(not a zip archive\)"),
    Case("zip-truncated", "archive: first half of a real package", archive(lambda p, pkg: (_zip(p, _package_members(pkg)), p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]))), 5, r"^l10n: pkg\.argosmodel: not an Argos package"),
    Case("zip-two-tops", "archive: two top-level folders", archive(lambda p, pkg: _zip(p, {**_package_members(pkg), "other/x": b""})), 5, r"^l10n: pkg\.argosmodel: 2 top-level folders"),
    Case("zip-odd-folder", "archive: folder named `-rf;x`", archive(lambda p, pkg: _zip(p, _package_members(pkg, folder="-rf;x"))), 6, r"^l10n: pkg\.argosmodel: package folder name '-rf;x' is not a plain name"),
    # publish
    Case("publish-traversal-slug", "publish: slug `../../etc/passwd`", lambda root: ["publish", "../../etc/passwd"], 3, r"^l10n: \.\./\.\./etc/passwd: no such article file or catalog slug"),
    Case("publish-outside-reference", "publish: POT reference `../outside.txt`", _outside_occurrence, 6, r"^l10n: \.\./.*-outside\.txt: path leaves"),
    Case("publish-truncated-po", "publish: reviewed ar PO truncated", catalog("ar", PO_HEADER + '\nmsgid "The base"\nmsgstr "القا', "publish", f"{SLUG}.txt", "--lang", "ar"), 4, r"^l10n: (.*/)?locales/ar/LC_MESSAGES/a\.po:\d+: "),
    # translation memory
    Case("memory-garbage", "memory.sqlite: random bytes, no SQLite header (translate of an edited article: an unchanged one is skipped unread)", lambda root: (_write(root, ".l10n/memory.sqlite", os.urandom(8192)), _edited(root / f"{SLUG}.txt"), ["translate", f"{SLUG}.txt", "-q"])[2], 4, r"^l10n: .*memory\.sqlite: not an SQLite database, so not a translation memory; .*move this file aside and run `l10n tm rebuild`"),
    Case("memory-foreign-db", "memory.sqlite: some other SQLite database (tm import)", lambda root: (_foreign_db(root / ".l10n" / "memory.sqlite"), ["tm", "import"])[1], 4, r"^l10n: .*memory\.sqlite: the translation memory is damaged"),
    # l10n.toml
    Case("toml-syntax", "l10n.toml: not TOML", config("targets = [ar\n"), 4, r"^l10n: .*l10n\.toml: not valid TOML"),
    Case("toml-unknown-key", "l10n.toml: unknown setting", config('packages_dir = "packages"\ntarget = ["ar"]\n'), 4, r"^l10n: .*l10n\.toml: unknown setting 'target'"),
    Case("toml-unknown-lang", "l10n.toml: target `xx`", config('packages_dir = "packages"\ntargets = ["xx"]\n'), 4, r"^l10n: .*l10n\.toml: .*'xx'"),
    Case("toml-targets-string", "l10n.toml: `targets = \"ar\"` (not a list)", config('packages_dir = "packages"\ntargets = "ar"\n'), 4, r"^l10n: .*l10n\.toml: .*targets"),
    Case("toml-source-fr", "l10n.toml: source_language = fr", config('source_language = "fr"\n'), 4, r"^l10n: .*l10n\.toml: source_language = 'fr' should be 'en'"),
    Case("toml-latin1", "l10n.toml: Latin-1 bytes", config('packages_dir = "pack\xe9"\n'.encode("latin-1")), 4, r"^l10n: .*l10n\.toml: not valid TOML"),
    Case("toml-beam-string", "l10n.toml: beam_size = \"four\"", config('packages_dir = "packages"\n[engine]\nbeam_size = "four"\n'), 4, r"^l10n: .*l10n\.toml: .*beam_size"),
    Case("toml-locales-outside", "l10n.toml: locales_dir = \"../elsewhere\"", config('packages_dir = "packages"\nlocales_dir = "../elsewhere"\n'), 6, r"^l10n: .*locales_dir.*leaves"),
]


def _foreign_db(path: Path) -> None:
    import sqlite3

    path.unlink()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.commit()


# --- the test -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def translated_project(tmp_path_factory, standin_packages_dir) -> Path:
    return make_project(tmp_path_factory.mktemp("hostile-base") / "project", standin_packages_dir)


def fresh_copy(base: Path, dest: Path) -> Path:
    """A copy of the base project keeping mtimes and the package links, its memory synced at the new place.

    The memory remembers catalogs by absolute path, so a moved project re-syncs once;
    that happens here, before the snapshot, as it would on the first run after a move.
    """
    from l10n.stages.memory import TranslationMemory

    root = Path(shutil.copytree(base, dest, symlinks=True))
    with TranslationMemory(root / ".l10n" / "memory.sqlite") as tm:
        tm.sync(root / "locales")
    return root


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case.id)
    for case in CASES
])
def test_hostile_input_is_refused_in_one_line_and_changes_nothing(case, translated_project, tmp_path):
    root = fresh_copy(translated_project, tmp_path / "project")
    outcome = run_case(case, root)
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    assert re.search(case.says, lines[0]), lines[0]
    assert outcome.exit_code == case.exit_code, lines[0]
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert outcome.changed == (), outcome.changed
    assert not list(tmp_path.glob("**/evil.py")) and not (tmp_path / "elsewhere").exists()


def test_the_table_has_forty_distinct_inputs():
    assert len({case.id for case in CASES}) == len(CASES) >= 40


# --- names that would make hostile slugs: accepted, but every file lands inside the project ---

HOSTILE_NAMES = [
    "../../x.txt",
    "/etc/passwd",
    "..",
    "a\x00b.txt",
    "tab\tand\nnewline\x1b[31m.txt",
    "x" * 300 + ".txt",
    "ｋ１-ｑａｙｙａｒａｈ.txt",          # fullwidth look-alikes
    "kіrkuk.txt",                       # Cyrillic і
    "kirkuk.txt",
    "ڕووداو.txt",
    "CON.txt",
    "-rf .txt",
    ".hidden.txt",
]


def test_hostile_names_give_safe_distinct_stable_slugs():
    slugs = [slugify(name) for name in HOSTILE_NAMES]
    assert slugs == [slugify(name) for name in HOSTILE_NAMES]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,89}", slug), slug


@pytest.mark.parametrize("name", ["ｋ１ ｑａｙｙａｒａｈ.txt", "kіrkuk.txt", "tab\tbell\a.txt", "y" * 250 + ".txt", "..txt"])
def test_articles_with_hostile_names_write_only_inside_locales(name, tmp_path):
    outer = tmp_path / "outer"
    root = outer / "project"
    (root / "in").mkdir(parents=True)
    (root / "l10n.toml").write_text('targets = ["ar"]\npackages_dir = "none"\n', encoding="utf-8")
    shutil.copy(ARTICLE, root / "in" / name)
    before = snapshot(outer)
    with contextlib.chdir(root), _captured() as (_out, err):
        assert cli.main(["translate", f"in/{name}", "-q"]) == 0, err.getvalue()
    changed = changed_paths(before, snapshot(outer))
    slug = slugify(name)
    expected = {f"project/locales/{slug}.pot", f"project/locales/ar/LC_MESSAGES/{slug}.po"}
    assert expected <= set(changed)
    assert all(path.startswith(("project/locales", "project/.l10n")) for path in changed), changed


# --- output safety: comments and notes cannot break the PO syntax ------------------------

HOSTILE_TEXTS = [
    'line one\nline two',
    '#~ msgid "obsolete"\n#~ msgstr "x"',
    'msgid "injected"\nmsgstr "yes"',
    'quote " and backslash \\ and \\n literal and \\"',
    '\n\nleading and trailing blank lines\n\n',
    'tab\there, carriage\rreturn, form\ffeed',
    '#, fuzzy\n#| msgid "old"',
    'Arabic ، كركوك and Sorani پێشمەرگە ‏with a RLM',
    'unicode line separator\u2028paragraph separator\u2029next line\x85end',
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_comments_notes_and_hints_cannot_break_the_catalog(text, tmp_path):
    """Translator comments, draft notes and glossary hints go through the writer; msgfmt and polib agree on the result."""
    import subprocess

    import polib

    from l10n.core.languages import get_profile
    from l10n.core.records import Draft, Origin
    from l10n.stages.catalog import apply_draft, build_template, refresh_comments
    from l10n.stages.pofiles import read_catalog, update_catalog, write_catalog
    from l10n.stages.segment import segment_article

    profile = get_profile("ar")
    template = build_template([segment_article("Troops left the base.\n\nThe governor spoke.\n", slug="s", source_path="s.txt")])
    path = tmp_path / "ar" / "LC_MESSAGES" / "s.po"
    po = update_catalog(template, None, profile)
    first, second = po[0], po[1]
    apply_draft(first, Draft(source=first.msgid, lang="ar", text="غادرت القوات", origin=Origin.ENGINE, engine_id="x 1", notes=(text,)))
    second.tcomment = text
    refresh_comments(po, glossary_notes=lambda source: [text])
    write_catalog(po, path)  # raises CatalogError if msgfmt --check rejects what we wrote
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    again = read_catalog(path)
    assert len([e for e in again if not e.obsolete]) == 2 and not [e for e in again if e.obsolete]
    assert again.find(second.msgid).tcomment == polib.pofile(str(path)).find(second.msgid).tcomment
    assert again.find(first.msgid).msgstr == "غادرت القوات"
    merged = update_catalog(template, path, profile)
    assert merged.find(second.msgid).tcomment == again.find(second.msgid).tcomment
    assert merged.find(first.msgid).msgstr == "غادرت القوات"

"""Listing, choosing, safely installing, downloading and building Argos packages (l10n/stages/engine/packages.py)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import polib
import pytest

from l10n.core.languages import get_profile, target_profile
from l10n.core.project import Project
from l10n.errors import ModelError, UnsafePathError
from l10n.stages.engine import packages as models
from l10n.stages.engine.packages import PackageInfo

METADATA = {"package_version": "1.0", "argos_version": "1.9", "from_code": "en", "to_code": "ar", "type": "translate"}


def fake_package_dir(root: Path, name: str, **metadata) -> Path:
    """A package folder with the right files; its model is not a real model (fine for listing)."""
    folder = root / name
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "model.bin").write_bytes(b"not a model")
    (folder / "sentencepiece.model").write_bytes(b"not a tokenizer")
    (folder / "metadata.json").write_text(json.dumps({**METADATA, **metadata}), encoding="utf-8")
    return folder


def info(name: str, to_codes: tuple[str, ...], version: str = "1.0", from_code: str = "en") -> PackageInfo:
    return PackageInfo(name=name, from_code=from_code, to_codes=to_codes, version=version, path=Path(name))


def write_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


def package_members(folder: str = "pkg", metadata: dict | None = None) -> list[tuple[str, bytes]]:
    return [
        (f"{folder}/metadata.json", json.dumps(metadata or METADATA).encode()),
        (f"{folder}/model/model.bin", b"garbage"),
        (f"{folder}/sentencepiece.model", b"garbage"),
    ]


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


# -- listing ----------------------------------------------------------------------------------


def test_list_reads_metadata_and_reports_broken_folders_as_problems(tmp_path):
    fake_package_dir(tmp_path, "translate-en_ar", package_version="1.9")
    fake_package_dir(tmp_path, "translate-en_mul", to_code="ckb", to_codes=["ckb", "tk"],
                     source_prefix=">>ckb<<", target_prefix="ckb_Arab")
    (tmp_path / "broken").mkdir()
    (tmp_path / "bad-json").mkdir()
    (tmp_path / "bad-json" / "metadata.json").write_text("{not json", encoding="utf-8")
    fake_package_dir(tmp_path, "no-tokenizer").joinpath("sentencepiece.model").unlink()

    scan = models.scan_packages(tmp_path)

    assert [p.name for p in scan.packages] == ["translate-en_ar", "translate-en_mul"]
    ar, mul = scan.packages
    assert ar.label == "argos translate-en_ar 1.9" and ar.to_codes == ("ar",)
    assert mul.to_codes == ("ckb", "tk") and mul.prefixes_for("tk") == (">>ckb<<", "ckb_Arab")
    assert len(scan.problems) == 3
    assert all("\n" not in line for line in scan.problems)
    assert any("broken" in line and "missing" in line for line in scan.problems)
    assert models.list_packages(tmp_path) == list(scan.packages)


def test_list_of_a_missing_folder_is_empty(tmp_path):
    assert models.scan_packages(tmp_path / "nowhere") == models.PackageScan((), ())


def test_per_target_prefixes_override_the_package_wide_ones(tmp_path):
    fake_package_dir(tmp_path, "mul", to_code="ckb", to_codes=["ckb", "tk"], source_prefix=">>ckb<<",
                     prefixes={"tk": {"source_prefix": ">>tuk<<"}})
    (package,) = models.list_packages(tmp_path)
    assert package.prefixes_for("tk") == (">>tuk<<", "")
    assert package.prefixes_for("ckb") == (">>ckb<<", "")


# -- selection --------------------------------------------------------------------------------


def test_select_prefers_dedicated_then_newer_package():
    packages = [info("mul", ("ar", "ckb")), info("ar-old", ("ar",), "1.0"), info("ar-new", ("ar",), "1.10")]
    assert models.select_package(get_profile("ar"), packages) == (packages[2], "ar")


def test_multilingual_package_serves_a_target_in_its_to_codes():
    mul = info("mul", ("ckb", "tk"))
    assert models.select_package(get_profile("ckb"), [mul, info("ar", ("ar",))]) == (mul, "ckb")


def test_tk_is_drafted_through_en_tr_and_through_en_tk_only_on_the_tk_route():
    tr, tk = info("tr", ("tr",)), info("tk", ("tk",))
    assert models.select_package(get_profile("tk"), [tk, tr]) == (tr, "tr")
    assert models.select_package(get_profile("tk"), [tk]) is None
    assert models.select_package(target_profile("tk", "tk"), [tr, tk]) == (tk, "tk")


def test_ckb_is_never_served_by_another_language_model():
    others = [info("ar", ("ar",)), info("tr", ("tr",)), info("fa", ("fa",)), info("ckb-from-de", ("ckb",), from_code="de")]
    assert models.select_package(get_profile("ckb"), others) is None


def test_missing_notice_is_one_line_naming_the_pair_and_the_fix():
    notice = models.missing_notice(get_profile("ckb"))
    assert "\n" not in notice
    assert "en→ckb" in notice and "l10n models install FILE.argosmodel" in notice and "Model routes and their licences" in notice
    assert "no en→tr package" in models.missing_notice(get_profile("tk"))
    assert "no en→tk package" in models.missing_notice(target_profile("tk", "tk"))


# -- a broken installed package is named, never reported as a missing one ---------------------

BROKEN_AR = {  # what becomes of translate-en_ar/metadata.json, and what the one line then says
    "invalid-json": ("{nope", "metadata.json: not readable JSON"),
    "not-an-object": ("[1, 2]", "metadata.json: metadata is not a JSON object"),
    "no-from-code": (json.dumps({"package_version": "1.0", "to_code": "ar"}), "metadata.json: metadata has no 'from_code'"),
    "no-to-code": (json.dumps({"package_version": "1.0", "from_code": "en"}), "metadata.json: metadata has no valid 'to_code'"),
    "bad-version": (json.dumps({"package_version": "1.²", "from_code": "en", "to_code": "ar"}), "is not a version number"),
    "no-metadata": (None, "metadata.json: missing; this folder is not an Argos package"),
    # to_codes not a list: a number was an internal error in every command that lists packages, a string served 'a' and 'r'
    "to-codes-a-number": (json.dumps({"package_version": "1.0", "from_code": "en", "to_codes": 5}), "has no valid 'to_code'"),
    "to-codes-a-string": (json.dumps({"package_version": "1.0", "from_code": "en", "to_codes": "ar"}), "has no valid 'to_code'"),
}


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != "lock"}


@pytest.fixture
def translated_desk(tmp_path, standin_packages_dir, monkeypatch):
    """A project translated once into ar with a copy of the en→ar stand-in; its article since edited (due again)."""
    from helpers import make_articles_project
    from l10n import cli

    packages = tmp_path / "packages"
    packages.mkdir()
    shutil.copytree(standin_packages_dir / "translate-en_ar", packages / "translate-en_ar")
    root = make_articles_project(tmp_path / "desk", packages)
    (root / "l10n.toml").write_text(f'packages_dir = "{packages}"\ntargets = ["ar"]\n', encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli.main(["translate", "articles/story-0.txt", "-q"]) == 0
    with open(root / "articles" / "story-0.txt", "a", encoding="utf-8") as article:
        article.write("\nThe bridge reopened on Monday after repairs.\n")
    return root


@pytest.mark.parametrize("case", list(BROKEN_AR))
def test_a_broken_package_stops_translate_naming_it_instead_of_the_missing_notice(translated_desk, case, capsys):
    from l10n import cli
    from l10n.errors import ExitCode

    package = translated_desk.parent / "packages" / "translate-en_ar"
    text, says = BROKEN_AR[case]
    if text is None:
        (package / "metadata.json").unlink()
    else:
        (package / "metadata.json").write_text(text, encoding="utf-8")
    capsys.readouterr()
    before = files_under(translated_desk)
    assert cli.main(["translate", "articles/story-0.txt", "-q"]) == ExitCode.MODEL
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"l10n: {package}: this package is broken and no other serves en→ar, so Arabic cannot be drafted: "), err
    assert says in err and "no en→ar package installed" not in err, err
    assert files_under(translated_desk) == before
    assert cli.main(["status"]) == 0 and says in capsys.readouterr().out  # status and models list say the same
    assert cli.main(["models", "list"]) == 0 and f"ar   {package}: this package is broken" in capsys.readouterr().out


def test_a_broken_package_for_another_target_leaves_the_missing_notice(translated_desk, capsys):
    """Its metadata still says it serves en→de: it is not blamed for Arabic; an unserved target keeps its notice."""
    from l10n import cli

    packages = translated_desk.parent / "packages"
    shutil.rmtree(packages / "translate-en_ar")
    fake_package_dir(packages, "translate-en_de", to_code="de", package_version="not a version")
    assert cli.main(["translate", "articles/story-0.txt", "-q"]) == 0
    assert "no en→ar package installed" in capsys.readouterr().err


def test_a_broken_package_beside_a_working_one_stops_nothing(translated_desk, standin_packages_dir, capsys):
    from l10n import cli

    broken = translated_desk.parent / "packages" / "translate-en_ar-2"
    shutil.copytree(standin_packages_dir / "translate-en_ar", broken)
    (broken / "metadata.json").write_text("{nope", encoding="utf-8")
    assert cli.main(["translate", "articles/story-0.txt", "-q"]) == 0
    assert "broken" not in capsys.readouterr().err


def test_eval_of_a_broken_package_named_with_package_says_what_is_wrong(translated_desk, standin_packages_dir, capsys):
    """`l10n eval --package translate-en_ar-2` said "no such installed package" of a folder models list shows."""
    from l10n import cli
    from l10n.errors import ExitCode

    broken = translated_desk.parent / "packages" / "translate-en_ar-2"
    shutil.copytree(standin_packages_dir / "translate-en_ar", broken)
    (broken / "metadata.json").write_text("{nope", encoding="utf-8")
    catalog = polib.pofile(str(translated_desk / "locales/ar/LC_MESSAGES/story-0.po"))
    for entry in catalog:
        entry.flags, entry.msgstr = [], entry.msgstr or "نص مراجع"
    catalog.save()
    capsys.readouterr()
    assert cli.main(["eval", "-q", "--package", "translate-en_ar-2"]) == ExitCode.MODEL
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"l10n: --package 'translate-en_ar-2': this package is broken: {broken / 'metadata.json'}: not "
                          "readable JSON") and len(err.splitlines()) == 1, err


def test_a_packages_folder_that_cannot_be_listed_is_named_not_reported_missing(translated_desk, capsys):
    """A file where the packages folder belongs (root reads a chmod-000 folder, so a file stands in for every
    listing failure): one line naming the folder, exit CANNOT_READ, nothing written; status says it once."""
    from l10n import cli
    from l10n.errors import ExitCode

    packages = translated_desk.parent / "packages"
    shutil.rmtree(packages)
    packages.write_text("not a folder\n", encoding="utf-8")
    capsys.readouterr()
    before = files_under(translated_desk)
    says = f"{packages}: cannot list the packages folder (Not a directory); make it a readable folder"
    assert cli.main(["translate", "articles/story-0.txt", "-q"]) == ExitCode.CANNOT_READ
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"l10n: {says}") and "installed" not in err, err
    assert files_under(translated_desk) == before
    catalog = polib.pofile(str(translated_desk / "locales/ar/LC_MESSAGES/story-0.po"))
    for entry in catalog:
        entry.flags, entry.msgstr = [], entry.msgstr or "نص مراجع"
    catalog.save()
    before = files_under(translated_desk)
    assert cli.main(["eval"]) == ExitCode.CANNOT_READ and capsys.readouterr().err.startswith(f"l10n: {says}")
    assert cli.main(["eval", "--package", "translate-en_ar"]) == ExitCode.CANNOT_READ   # said "installed: none"
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"l10n: {says}") and "installed" not in err, err
    assert files_under(translated_desk) == before
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert out.count(says) == 1 and "no en→ar package installed" not in out, out
    assert cli.main(["models", "remove", "translate-en_ar"]) == ExitCode.CANNOT_READ   # said "installed: none"
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"l10n: {says}") and "installed" not in err, err
    assert packages.read_text(encoding="utf-8") == "not a folder\n"

# -- hostile archives: each refused with one line, packages_dir untouched ----------------------


def symlink_member(name: str) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name)
    member.external_attr = (stat.S_IFLNK | 0o777) << 16
    return member


def lying_sizes(path: Path) -> Path:
    """Rewrite the declared uncompressed size of the archive's first member to 10 bytes."""
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, 10)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    path.write_bytes(bytes(data))
    return path


HOSTILE = {
    "not-a-zip": (lambda p: (p.write_bytes(b"just text"), p)[1], ModelError, "not a zip"),
    "dot-dot": (lambda p: write_zip(p, [*package_members(), ("pkg/../../evil.txt", b"x")]), UnsafePathError, "outside"),
    "absolute": (lambda p: write_zip(p, [*package_members(), ("/tmp/evil.txt", b"x")]), UnsafePathError, "outside"),
    "symlink": (lambda p: write_zip(p, [*package_members(), (symlink_member("pkg/link"), b"/etc/passwd")]),
                UnsafePathError, "symbolic link"),
    "two-folders": (lambda p: write_zip(p, [*package_members("a"), *package_members("b")]), ModelError, "top-level"),
    "top-level-file": (lambda p: write_zip(p, [*package_members(), ("stray.txt", b"x")]), ModelError, "outside the package"),
    "declared-bomb": (lambda p: write_zip(p, [*package_members(), ("pkg/zeros", b"\0" * 200_000)]), ModelError, "zip bomb"),
    "real-bomb": (lambda p: lying_sizes(write_zip(p, [("pkg/zeros", b"\0" * 200_000), *package_members()])),
                  ModelError, "damaged"),
    "too-many-members": (lambda p: write_zip(p, [*package_members(), *((f"pkg/f{i}", b"") for i in range(60))]),
                         ModelError, "members"),
    "no-metadata": (lambda p: write_zip(p, package_members()[1:]), ModelError, "no pkg/metadata.json"),
    "invalid-json": (lambda p: write_zip(p, [("pkg/metadata.json", b"{oops"), *package_members()[1:]]),
                     ModelError, "not valid JSON"),
    "metadata-without-codes": (lambda p: write_zip(p, package_members(metadata={"package_version": "1"})),
                               ModelError, "from_code"),
    "no-model": (lambda p: write_zip(p, [package_members()[0], package_members()[2]]), ModelError, "model/model.bin"),
    "unloadable-model": (lambda p: write_zip(p, package_members()), ModelError, "cannot be loaded"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archive_is_refused_and_changes_nothing(tmp_path, case):
    build, error, phrase = HOSTILE[case]
    packages_dir = tmp_path / "packages"
    fake_package_dir(packages_dir, "translate-en_tr", to_code="tr")
    before = tree(packages_dir)
    archive = build(tmp_path / f"{case}.argosmodel")

    with pytest.raises(error) as caught:
        models.install_archive(archive, packages_dir, max_members=50, max_bytes=100_000)

    message = str(caught.value)
    assert "\n" not in message and phrase in message and str(archive) in message
    assert tree(packages_dir) == before
    assert not (tmp_path / "evil.txt").exists()


# -- happy paths need a real (stand-in) model --------------------------------------------------


@pytest.fixture()
def ar_archive(standin_packages_dir, tmp_path) -> Path:
    return models.build_archive(standin_packages_dir / "translate-en_ar", tmp_path / "translate-en_ar.argosmodel")


def test_install_archive_unpacks_checks_and_lists_the_package(ar_archive, tmp_path):
    packages_dir = tmp_path / "packages"
    installed = models.install_archive(ar_archive, packages_dir)

    assert installed.path == packages_dir / "translate-en_ar" and installed.to_codes == ("ar",)
    assert models.list_packages(packages_dir) == [installed]
    assert tree(packages_dir)[0] == "translate-en_ar"  # no staging folder left behind
    assert not any(name.startswith(".") for name in os.listdir(packages_dir))


def test_install_refuses_to_overwrite_unless_asked(ar_archive, tmp_path):
    packages_dir = tmp_path / "packages"
    models.install_archive(ar_archive, packages_dir)
    marker = packages_dir / "translate-en_ar" / "marker"
    marker.write_text("old", encoding="utf-8")

    with pytest.raises(ModelError, match="--replace"):
        models.install_archive(ar_archive, packages_dir)
    assert marker.exists()

    models.install_archive(ar_archive, packages_dir, replace=True)
    assert not marker.exists()
    assert os.listdir(packages_dir) == ["translate-en_ar"]


# -- the Argos index over loopback --------------------------------------------------------------


@pytest.fixture()
def index_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving ``tmp_path/site``; yields (site dir, base URL)."""
    site = tmp_path / "site"
    site.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def publish(site: Path, base: str, archives: dict[str, Path]) -> str:
    """Write index.json listing each (to_code -> archive) as Argos' index does; return its URL."""
    entries = []
    for to_code, archive in archives.items():
        (site / archive.name).write_bytes(archive.read_bytes())
        entries.append({**METADATA, "to_code": to_code, "package_version": "0.0.1",
                        "links": [f"{base}/missing.argosmodel", f"{base}/{archive.name}"]})
    (site / "index.json").write_text(json.dumps(entries), encoding="utf-8")
    return f"{base}/index.json"


def test_install_from_index_downloads_and_installs_over_loopback(index_server, ar_archive, tmp_path):
    site, base = index_server
    url = publish(site, base, {"ar": ar_archive})
    installed = models.install_from_index("ar", tmp_path / "packages", index_url=url, timeout=5)
    assert installed.to_codes == ("ar",)
    assert models.list_packages(tmp_path / "packages") == [installed]


def test_index_install_for_tk_falls_back_to_en_tr_and_reads_the_env_base_url(
    index_server, standin_packages_dir, tmp_path, monkeypatch
):
    site, base = index_server
    tr_archive = models.build_archive(standin_packages_dir / "translate-en_tr", tmp_path / "tr.argosmodel")
    publish(site, base, {"tr": tr_archive})
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base + "/")
    installed = models.install_from_index("tk", tmp_path / "packages", timeout=5)
    assert installed.to_codes == ("tr",)
    with pytest.raises(ModelError, match="has no en→tk package"):  # the tk route never installs en→tr for tk
        models.install_from_index("tk", tmp_path / "tk-route", timeout=5, tk_route="tk")


def test_index_without_the_target_says_so(index_server, ar_archive, tmp_path):
    site, base = index_server
    url = publish(site, base, {"ar": ar_archive})
    with pytest.raises(ModelError, match="has no en→ckb package"):
        models.install_from_index("ckb", tmp_path / "packages", index_url=url, timeout=5)


def test_offline_index_gives_the_offline_recipe(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ModelError) as caught:
        models.install_from_index("ar", tmp_path / "packages", index_url=f"http://127.0.0.1:{port}/index.json", timeout=2)
    message = str(caught.value)
    assert message.startswith("cannot reach the Argos package index (")
    assert "l10n models install FILE.argosmodel" in message and "\n" not in message


# -- building archives --------------------------------------------------------------------------


def test_build_package_archive_has_one_folder_with_the_argos_layout(standin_packages_dir, tmp_path):
    source = standin_packages_dir / "translate-en_tr"
    out = models.build_package_archive(
        source / "model", source / "sentencepiece.model", tmp_path / "out" / "en_tr.argosmodel",
        from_code="en", to_code="tr", from_name="English", to_name="Turkish", version="1.2",
    )
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        metadata = json.loads(zf.read("translate-en_tr-1_2/metadata.json"))
    assert {n.split("/")[0] for n in names} == {"translate-en_tr-1_2"}
    assert {"translate-en_tr-1_2/model/model.bin", "translate-en_tr-1_2/sentencepiece.model",
            "translate-en_tr-1_2/README.md"} <= set(names)
    assert metadata["to_code"] == "tr" and metadata["package_version"] == "1.2"
    assert os.listdir(tmp_path / "out") == ["en_tr.argosmodel"]


def test_argostranslate_itself_installs_and_loads_our_archive(standin_packages_dir, tmp_path):
    """argostranslate's own installer (run apart: it imports argostranslate.translate) accepts what we build."""
    source = standin_packages_dir / "translate-en_tr"
    out = models.build_package_archive(source / "model", source / "sentencepiece.model", tmp_path / "p.argosmodel",
                                       from_code="en", to_code="tr", version="1.2")
    argos_dir = tmp_path / "argos-packages"
    script = (
        "import sys, argostranslate.package as p\n"
        "p.install_from_path(sys.argv[1])\n"
        "print([(x.from_code, x.to_code, x.package_version) for x in p.get_installed_packages()])\n"
    )
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(argos_dir), "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", script, str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "('en', 'tr', '1.2')" in done.stdout
    assert (argos_dir / "translate-en_tr-1_2" / "model" / "model.bin").is_file()


@pytest.mark.parametrize("setting", ["ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", None])
def test_the_packages_folder_follows_argos_own_rule(tmp_path, monkeypatch, setting):
    """l10n finds packages where argostranslate.settings puts them (asked apart: its settings are fixed at import)."""
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    if setting:
        env[setting] = str(tmp_path / "set-here")
    for name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "SNAP"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    script = "import argostranslate.settings as s; print(s.package_data_dir)"
    argos = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    assert Project(root=tmp_path).argos_packages_dir() == Path(argos)


def test_make_argos_package_script_writes_an_installable_archive(standin_packages_dir, tmp_path):
    source = standin_packages_dir / "translate-en_mul"
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_argos_package.py"
    out = tmp_path / "translate-en_ckb.argosmodel"
    done = subprocess.run(
        [sys.executable, str(script), str(source / "model"), str(source / "sentencepiece.model"), str(out),
         "--to", "ckb", "--to-name", "Central Kurdish", "--source-prefix", ">>ckb<<", "--target-prefix", "ckb_Arab"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    installed = models.install_archive(out, tmp_path / "packages")
    assert (installed.to_codes, installed.prefixes_for("ckb")) == (("ckb",), (">>ckb<<", "ckb_Arab"))
    assert models.select_package(get_profile("ckb"), [installed]) == (installed, "ckb")

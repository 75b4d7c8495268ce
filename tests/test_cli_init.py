"""`l10n init`: a project that starts with the desk's glossary, boilerplate, .gitignore and packages folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from l10n import cli
from l10n.core.languages import get_profile
from l10n.core.project import load_project
from l10n.stages import terms
from l10n.stages.boilerplate import default_boilerplate, load_boilerplate
from l10n.stages.engine.packages import missing_notice

ROOT = Path(__file__).resolve().parents[1]


def l10n(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The CLI in a fresh process (a new shell: only ``env`` is set)."""
    base = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "XDG_DATA_HOME": str(cwd / "xdg")}
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env={**base, **(env or {})}, timeout=60)


def test_init_writes_the_desk_glossary_boilerplate_and_gitignore(tmp_path):
    done = l10n("init", "desk", cwd=tmp_path)
    desk = tmp_path / "desk"
    assert done.returncode == 0, done.stderr
    written = sorted(str(p.relative_to(desk)) for p in desk.rglob("*") if p.is_file())
    assert written == [".gitignore", "glossary/boilerplate.txt", "glossary/terms.csv", "glossary/tk-adaptation.csv", "l10n.toml"]
    assert (desk / "glossary/terms.csv").read_bytes() == (ROOT / "glossary/terms.csv").read_bytes()
    assert len(terms.read_glossary(desk / "glossary").terms) == len(terms.read_glossary(ROOT / "glossary").terms) > 50
    assert load_boilerplate(desk / "glossary") == default_boilerplate()      # the listing parses and changes nothing
    assert "#   share Facebook" in (desk / "glossary/boilerplate.txt").read_text(encoding="utf-8")


def test_the_shipped_glossary_is_the_repository_glossary():
    """l10n/data/template/glossary/terms.csv is a copy: after editing glossary/terms.csv, copy it there."""
    assert (ROOT / "l10n/data/template/glossary/terms.csv").read_bytes() == (ROOT / "glossary/terms.csv").read_bytes()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gitignore_keeps_what_l10n_writes_out_of_git_and_the_desk_work_in(tmp_path):
    assert l10n("init", "--packages-dir", "models", cwd=tmp_path).returncode == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    written = [".l10n/memory.sqlite", "published/story/ar.html", "locales/ar/LC_MESSAGES/story.mo", "models/translate-en_ar/model.bin",
               "bench-out/packages/translate-en_ar/model.bin", ".venv/bin/python"]
    kept = ["locales/ar/LC_MESSAGES/story.po", "locales/story.pot", "glossary/terms.csv", "l10n.toml", "story.txt"]
    for name in written + kept:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    ignored = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", *written, *kept], capture_output=True, text=True).stdout
    assert sorted(ignored.split()) == sorted(written)


def test_empty_glossary_writes_the_columns_only(tmp_path):
    assert l10n("init", "--empty-glossary", cwd=tmp_path).returncode == 0
    header = (ROOT / "glossary/terms.csv").read_text(encoding="utf-8").splitlines()[0]
    assert (tmp_path / "glossary/terms.csv").read_text(encoding="utf-8") == header + "\n"
    assert terms.read_glossary(tmp_path / "glossary").terms == ()


def test_packages_dir_is_recorded_and_found_from_a_new_shell(tmp_path, standin_packages_dir):
    desk = tmp_path / "desk"
    shell = {"ARGOS_PACKAGES_DIR": str(standin_packages_dir)}
    done = l10n("init", "desk", cwd=tmp_path, env=shell)                       # set for one shell: say how to keep it
    assert f"l10n init --packages-dir {standin_packages_dir}" in done.stderr
    assert "no en→ar package" in l10n("models", "list", cwd=desk).stdout      # the next shell does not find them
    done = l10n("init", "--packages-dir", str(standin_packages_dir), cwd=desk)  # an existing project: only that line changes
    assert done.returncode == 0 and "updated l10n.toml" in done.stdout
    config = tomllib.loads((desk / "l10n.toml").read_text(encoding="utf-8"))
    assert config["packages_dir"] == str(standin_packages_dir) and config["engine"]["max_batch_size"] == 32
    assert load_project(desk).argos_packages_dir() == standin_packages_dir
    listed = l10n("models", "list", cwd=desk).stdout
    assert "ar   served by" in listed and "no en→ar package" not in listed
    assert "nothing written" in l10n("init", "--packages-dir", str(standin_packages_dir), cwd=desk).stdout


def test_an_l10n_toml_saved_with_a_byte_order_mark_is_read_and_its_packages_dir_set(tmp_path, monkeypatch, capsys):
    """Windows Notepad's UTF-8 starts with a BOM: every command said "not valid TOML (Invalid statement (at line 1,
    column 1))" of a file that looked right, and `init --packages-dir` refused to touch it."""
    (tmp_path / "l10n.toml").write_bytes('\ufefftargets = ["ar"]\r\nfuzzy_threshold = 80.0\r\n'.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert load_project(tmp_path).fuzzy_threshold == 80.0
    assert cli.main(["init", "--packages-dir", str(tmp_path / "packages")]) == 0
    assert load_project(tmp_path).argos_packages_dir() == tmp_path / "packages"
    assert cli.main(["status"]) == 0 and "not valid TOML" not in capsys.readouterr().err


@pytest.mark.parametrize("config", ['targets = ["ar"\n', 'targets = ["xx"]\n', 'fuzzy_threshold = "high"\n'])
def test_init_on_an_l10n_toml_that_does_not_load_says_what_is_wrong_and_writes_nothing(tmp_path, capsys, config):
    """Before: "… is already a project; nothing written." (exit 0) over a file every other command refused."""
    (tmp_path / "l10n.toml").write_text(config, encoding="utf-8")
    code = cli.main(["init", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code != 0 and out == "" and len(err.splitlines()) == 1 and "l10n.toml" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l10n.toml"]
    with pytest.raises(Exception) as raised:
        load_project(tmp_path)
    assert raised.value.exit_code == code


def test_missing_package_hints_name_only_routes_that_exist():
    ckb = missing_notice(get_profile("ckb"))
    assert "l10n models install ckb" not in ckb and "the Argos index has no en→ckb" in ckb
    assert "`l10n models install ar` fetches en→ar" in missing_notice(get_profile("ar"))
    assert "`l10n models install tk` fetches en→tr" in missing_notice(get_profile("tk"))


def test_status_outside_a_project_prints_no_missing_package_lines(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    assert cli.main(["status"]) == 0
    assert capsys.readouterr().out.splitlines() == ["no catalogs yet: run `l10n translate ARTICLE` first."]
    assert cli.main(["init", "--empty-glossary"]) == 0
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    assert "no en→ar package" in capsys.readouterr().out                    # inside a project the hint is due

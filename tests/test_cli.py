"""The CLI shell: one line per error with the right exit code, fast start, documented commands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer

import l10n
from l10n import cli, errors
from l10n.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]


def _all_error_classes(base=errors.L10nError):
    found = [base]
    for sub in base.__subclasses__():
        found.extend(_all_error_classes(sub))
    return found


@pytest.mark.parametrize("error_class", _all_error_classes(), ids=lambda c: c.__name__)
def test_every_error_is_one_line_with_its_exit_code(error_class, monkeypatch, capsys, tmp_path):
    before = sorted(tmp_path.rglob("*"))

    def fail(*args, **kwargs):
        raise error_class("article.txt: something is wrong; do this instead.")

    monkeypatch.setattr(l10n, "translate_article", fail)
    code = cli.main(["translate", str(tmp_path / "article.txt"), "--quiet"])
    captured = capsys.readouterr()
    assert code == error_class.exit_code != 0
    assert captured.err.strip().splitlines() == ["l10n: article.txt: something is wrong; do this instead."]
    assert "Traceback" not in captured.out + captured.err
    assert sorted(tmp_path.rglob("*")) == before


def test_a_bug_is_one_line_and_exit_70_with_traceback_only_on_debug(monkeypatch, capsys, tmp_path):
    def crash(*args, **kwargs):
        secret = "article text must not leak"  # noqa: F841 - a local that pretty tracebacks would show
        raise RuntimeError("boom")

    monkeypatch.setattr(l10n, "translate_article", crash)
    assert cli.main(["translate", str(tmp_path / "a.txt"), "-q"]) == 70
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "RuntimeError: boom" in err
    assert "article text must not leak" not in err
    assert cli.main(["--debug", "translate", str(tmp_path / "a.txt"), "-q"]) == 70
    assert "Traceback" in capsys.readouterr().err


INTERRUPTED_LINE = "l10n: interrupted; files are either as before or completely written"


def test_ctrl_c_is_one_line_and_exit_interrupted(monkeypatch, capsys, tmp_path):
    """typer catches KeyboardInterrupt and gives back its code silently: main still says what happened."""
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(l10n, "translate_article", interrupt)
    assert cli.main(["translate", str(tmp_path / "a.txt"), "-q"]) == ExitCode.INTERRUPTED
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [INTERRUPTED_LINE] and captured.out == ""


def test_sigint_during_translate_prints_the_interrupted_line(tmp_path):
    """A real Ctrl-C (SIGINT from outside) while the translate command runs: one line on stderr, exit INTERRUPTED."""
    child = (
        "import sys, time\n"
        "import l10n\n"
        "from l10n import cli\n"
        "def drafting(*args, **kwargs):\n"
        "    print('drafting', flush=True)\n"
        "    time.sleep(60)\n"
        "l10n.translate_article = drafting\n"
        "sys.exit(cli.main(['translate', 'a.txt', '-q']))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", child], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "drafting\n"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == ExitCode.INTERRUPTED
    assert err.splitlines() == [INTERRUPTED_LINE] and out == ""


DRAFTING_CHILD = (
    "import sys, time\n"
    "from l10n import cli, pipeline\n"
    "from l10n.stages.engine.fake import FakeEngine\n"
    "def slow(request):\n"
    "    print('drafting', flush=True)\n"
    "    time.sleep(120)\n"
    "    return [request.source]\n"
    "script = slow if sys.argv[1] == 'slow' else None\n"
    "pipeline.load_engine = lambda project, profile: FakeEngine(script, target=profile.code)\n"
    "sys.argv[1:] = ['translate', 'a.txt', '--lang', 'ar', '-q']\n"
    "cli.run()\n"
)


def test_ctrl_c_while_the_model_drafts_exits_at_once_and_leaves_the_files(tmp_path):
    """A model's batch cannot be stopped and may take minutes: Ctrl-C does not wait for it, and changes no file."""
    def translate(model: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", DRAFTING_CHILD, model], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    (tmp_path / "a.txt").write_text("Council reopens the road\n\nThe road opens on Friday.\n", encoding="utf-8")
    assert translate("fast").wait(timeout=60) == 0
    (tmp_path / "a.txt").write_text("Council reopens the road\n\nThe road opens on Saturday.\n", encoding="utf-8")
    files = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    process = translate("slow")
    try:
        assert process.stdout.readline() == "drafting\n"  # the model's batch runs on a drafting thread
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)  # the batch alone takes 120 s
    finally:
        process.kill()
    assert process.returncode == ExitCode.INTERRUPTED
    assert err.splitlines() == [INTERRUPTED_LINE] and out == ""
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == files
    assert translate("fast").wait(timeout=60) == 0  # nothing left locked
    assert "Saturday" in (tmp_path / "locales" / "ar" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")


def test_usage_errors_exit_2(capsys, tmp_path):
    assert cli.main(["translate"]) == 2
    assert cli.main(["no-such-command"]) == 2
    assert cli.main(["translate", "a.txt", "--lang", "xx", "-C", str(tmp_path)]) == 2
    assert cli.main(["status", "--format", "json"]) == 2
    assert cli.main(["models", "install", str(tmp_path / "missing"), "-C", str(tmp_path)]) == 2
    assert cli.main(["-C", str(tmp_path / "missing"), "status"]) == 2           # -C names no folder
    assert cli.main(["translate", "a.txt", "-C", str(tmp_path / "missing")]) == 2
    assert cli.main(["tm", "import", str(tmp_path / "missing.po"), "-C", str(tmp_path)]) == ExitCode.INPUT
    assert sorted(tmp_path.iterdir()) == []


def _every_command_line() -> list[list[str]]:
    command = typer.main.get_command(cli.app)
    lines = [[]]
    for name, sub in command.commands.items():
        lines.append([name])
        lines.extend([name, leaf] for leaf in getattr(sub, "commands", {}))
    return lines


def test_help_is_in_words(capsys):
    pages = {}
    for args in _every_command_line():
        assert cli.main([*args, "--help"]) == 0
        pages[" ".join(args)] = capsys.readouterr().out
    text = "\n".join(pages.values())
    for placeholder in ("%%", "<bool>", "<list[", "<str>", "<int>", "<path>", "<float>", "{"):
        assert placeholder not in text, placeholder
    assert "Usage: l10n translate [OPTIONS] ARTICLE..." in text
    assert "Usage: l10n check [OPTIONS] [PO]..." in text
    assert " --version " in pages[""] and " --debug " in pages[""] and "--project DIR" in pages[""]


def test_version_and_project_before_the_command(capsys, tmp_path):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"l10n {l10n.__version__}"
    assert cli.main(["init", str(tmp_path)]) == 0
    capsys.readouterr()
    assert cli.main(["-C", str(tmp_path), "status"]) == 0
    before = capsys.readouterr().out
    assert cli.main(["status", "-C", str(tmp_path)]) == 0
    assert capsys.readouterr().out == before and "no catalogs yet" in before


def test_help_loads_no_ml_library():
    """Start-up time is scripts/bench_rerun.py's to measure; what keeps it short is importing no ML library."""
    code = (
        "import sys; from l10n.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('ctranslate2', 'sentencepiece', 'torch', 'argostranslate.translate', 'langdetect') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_every_command_has_help_and_is_documented():
    readme = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
    command = typer.main.get_command(cli.app)
    for name, sub in command.commands.items():
        group = getattr(sub, "commands", None)
        for leaf_name, leaf in (group or {name: sub}).items():
            full = f"l10n {name} {leaf_name}" if group else f"l10n {name}"
            assert leaf.help, f"{full} has no help"
            assert full in readme, f"{full} is documented neither in README.md nor in docs/"


@pytest.mark.parametrize(("args", "word"), [(["translate", "", "-q"], "ARTICLE"), (["init", ""], "DIR"),
                                            (["publish", ""], "ARTICLE"), (["check", ""], "PO"),
                                            (["-C", "", "status"], "-C/--project"), (["status", "--project", ""], "-C/--project")],
                         ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_an_empty_path_is_a_usage_error_not_the_current_folder(args, word, capsys, tmp_path, monkeypatch):
    """Before: ``l10n translate "$ARTICLE"`` with the variable unset translated every article of the working folder,
    and ``l10n init ""`` made it a project: an empty argument was taken as ".", the folder one is in."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text("The council met on Monday in Kirkuk.\n", encoding="utf-8")
    assert cli.main(args) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"l10n: '' ({word}): an empty path; name a file or folder (a shell variable left unset?)."]
    assert captured.out == "" and sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def _l10n_into_a_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``l10n ARGS | head -0``: stdout is a pipe whose reader has already gone, so the first line written meets EPIPE."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run([sys.executable, "-m", "l10n.cli", *args], cwd=cwd, stdout=writer, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    finally:
        os.close(writer)


def test_a_reader_that_stops_reading_changes_neither_the_run_nor_its_exit_code(tmp_path):
    """Before: ``l10n status | head -1`` exited 1, which the table calls FINDINGS (typer's own answer to EPIPE),
    and a command stopped at its first unread line.  Now the rest of the output is dropped and the command
    finishes with its own exit code, silently."""
    done = _l10n_into_a_closed_pipe(["init", str(tmp_path)], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "l10n.toml").is_file() and (tmp_path / ".gitignore").is_file()  # init wrote past its first line
    done = _l10n_into_a_closed_pipe(["status"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    done = _l10n_into_a_closed_pipe(["check", "--format", "json"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_terminal_that_cannot_show_arabic_gets_escapes_not_an_internal_error(tmp_path):
    """Before: with a Latin-1 (or any non-UTF-8) terminal, `glossary list` and `status` ended in
    ``l10n: internal error (UnicodeEncodeError …)``, exit 70, after `translate` had written its catalogs."""
    assert cli.main(["init", str(tmp_path)]) == 0
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "l10n.cli", "glossary", "list", "peshmerga"], cwd=tmp_path, env=env,
                          capture_output=True)
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"ar: \\u0627\\u0644\\u0628\\u064a\\u0634" in done.stdout  # البيش…, as Python writes what stderr cannot show


@pytest.mark.parametrize("command", [["check"], ["glossary", "check"], ["tm", "import"]], ids=" ".join)
def test_a_po_file_named_that_is_not_there_is_input_for_every_command(command, capsys, tmp_path):
    """Before: `check` and `glossary check` exited 4 (DATA_FILE: a malformed file) for a mistyped catalog path,
    where `tm import` exited 3 (INPUT), as a mistyped article path does."""
    assert cli.main(["init", str(tmp_path)]) == 0
    capsys.readouterr()
    assert cli.main([*command, str(tmp_path / "locales" / "ar" / "LC_MESSAGES" / "gone.po"), "-C", str(tmp_path)]) == ExitCode.INPUT
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("l10n: ") and "gone.po: no such " in err[0]


def test_help_names_values_by_what_they_are_not_by_the_parameter(capsys):
    """Before: `l10n eval --help` read `[PATHS]...`, `--format FORMAT`, `-o, --output OUTPUT`, and `models install`
    offered `--replace / --no-replace`: the parameter's own name where the other commands say what to give."""
    pages = []
    for args in _every_command_line():
        assert cli.main([*args, "--help"]) == 0
        pages.append(capsys.readouterr().out)
    text = "\n".join(pages)
    for placeholder in ("--format FORMAT", "--output OUTPUT", "[PATHS]", "--no-replace"):
        assert placeholder not in text, placeholder
    assert "Usage: l10n eval [OPTIONS] [ARTICLE|DIR]..." in text and "--format text|json|html" in text


@pytest.mark.parametrize(("args", "line"), [
    (["translate", "-", "-q"], "l10n: - (ARTICLE): articles are read from files, not standard input; "
                               "save the text as a .txt or .md file and name it (a file called - is ./-)."),
    (["glossary", "export", "-"], "l10n: - (OUT.tbx): files are written, not standard output; "
                                  "name the file to write (a file called - is ./-)."),
    (["glossary", "suggest", "-o", "-"], "l10n: - (-o/--output): files are written, not standard output; "
                                         "leave out -o to write to the terminal."),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_dash_is_refused_where_a_desk_would_mean_standard_input_or_output(args, line, capsys, tmp_path, monkeypatch):
    """Before: `glossary export -` and `glossary suggest -o -` wrote a file called "-" into the project, and
    `translate -` said `-: no such file; check the article's path`."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init"]) == 0
    before = sorted(tmp_path.rglob("*"))
    capsys.readouterr()
    assert cli.main(args) == ExitCode.USAGE
    assert capsys.readouterr().err.splitlines() == [line]
    assert sorted(tmp_path.rglob("*")) == before


def test_a_project_option_naming_a_file_says_it_is_a_file(capsys, tmp_path):
    """Before: `-C story.txt` said `no such folder`, though the path is there: it is the article, not the project."""
    (tmp_path / "story.txt").write_text("The council met.\n", encoding="utf-8")
    assert cli.main(["status", "-C", str(tmp_path / "story.txt")]) == ExitCode.USAGE
    assert capsys.readouterr().err.splitlines() == [
        f"l10n: -C {tmp_path / 'story.txt'}: a file, not a folder; give the project's folder (or run l10n inside it)."]


def test_help_as_a_command_shows_the_help_of_the_command_named(capsys):
    """Before: `l10n help` and `l10n help translate` said `No such command 'help'`, exit 2."""
    for args in (["translate"], ["glossary", "add"], []):
        assert cli.main([*args, "--help"]) == 0
        expected = capsys.readouterr().out
        assert cli.main(["help", *args]) == 0
        assert capsys.readouterr().out == expected
    assert cli.main(["help", "translte"]) == ExitCode.USAGE
    assert "did you mean 'translate'?" in capsys.readouterr().err


def test_the_everyday_commands_show_examples_in_their_help(capsys):
    """Before: no help page had an example; an editor had to open the README to see `l10n approve story.txt
    -l ar --unit 3` written out.  Each example must be a command line the command accepts."""
    for name in ("translate", "backfill", "status", "check", "publish", "review", "approve", "eval", "init"):
        assert cli.main([name, "--help"]) == 0
        page = capsys.readouterr().out
        assert "\nExamples:\n" in page, name
        assert all(len(line) <= 80 for line in page.splitlines()), name
        examples = [line.split("#")[0].split() for line in page.split("\nExamples:\n")[1].splitlines() if line.strip()]
        assert examples and all(words[:2] == ["l10n", name] for words in examples), (name, examples)
        command = typer.main.get_command(cli.app).commands[name]
        for words in examples:  # every example parses: its options exist and take what is given
            command.make_context(name, words[2:], resilient_parsing=False)


@pytest.mark.parametrize("command", [["check"], ["glossary", "check"]], ids=" ".join)
def test_a_wrong_format_is_refused_before_any_catalog_is_read(command, monkeypatch, capsys):
    """Before: `check --format xml` read and checked every catalog, then said `use 'text' or 'json'`."""
    def read_them(*args, **kwargs):
        raise AssertionError("catalogs read for a command refused anyway")

    monkeypatch.setattr(l10n, "check_catalogs", read_them)
    monkeypatch.setattr(l10n, "check_glossary", read_them)
    assert cli.main([*command, "--format", "xml"]) == ExitCode.USAGE
    assert capsys.readouterr().err.splitlines() == ["l10n: --format 'xml': use 'text' or 'json'."]


def test_a_model_file_that_is_not_there_is_input_as_a_missing_tbx_is(capsys, tmp_path):
    """Before: `models install gone.argosmodel` exited 5 (MODEL, for packages that are corrupt or hostile) where
    `glossary import gone.tbx` and a mistyped article exit 3 (INPUT)."""
    assert cli.main(["init", str(tmp_path)]) == 0
    capsys.readouterr()
    assert cli.main(["models", "install", str(tmp_path / "gone.argosmodel"), "-C", str(tmp_path)]) == ExitCode.INPUT
    assert capsys.readouterr().err.splitlines() == [
        f"l10n: {tmp_path / 'gone.argosmodel'}: no such file; give the path of a .argosmodel file."]


@pytest.mark.parametrize(("args", "line"), [
    (["translate", "a.txt", "--quite"],
     "l10n: translate: no such option: --quite (possible options: --quiet); see `l10n translate --help`."),
    (["translte"], "l10n: no such command 'translte'; did you mean 'translate'? See `l10n --help`."),
    (["approve", "story.txt"], "l10n: approve: missing option '--lang' / '-l'; see `l10n approve --help`."),
    (["approve", "story.txt", "-l", "ar", "--unit", "x"],
     "l10n: approve: invalid value for '--unit': 'x' is not a valid int; see `l10n approve --help`."),
    (["glossary", "list", "a", "b"], "l10n: glossary list: got unexpected extra argument(s) (b); see `l10n glossary list --help`."),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_usage_error_is_one_line_in_the_words_of_the_others(args, line, capsys):
    """Before: click's own three or four lines (`Usage: …`, `Try 'l10n … --help' for help.`, a blank line,
    `Error: No such option: --quite …`), where every other refusal is one `l10n: …` line."""
    assert cli.main(args) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [line])


def test_l10n_alone_still_shows_the_help(capsys):
    assert cli.main([]) == ExitCode.USAGE
    assert capsys.readouterr().err.startswith("Usage: l10n [OPTIONS] COMMAND [ARGS]...")

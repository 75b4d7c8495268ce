"""Every number in l10n.toml has an upper bound, a path no NUL byte, and targets are read as -l reads them.

Values past the bounds crashed CTranslate2 (intra_threads = 100000: SIGSEGV), ran for minutes or ate
the machine's memory (beam_size = 1000: 5 GB); a NUL byte in a path was an internal error; a target
written twice was drafted twice with a false "saved by someone else" notice.
"""

from __future__ import annotations

import pytest

from l10n import cli
from l10n.commands.runs import translate_changed
from l10n.core.project import load_project
from l10n.errors import ConfigError, ExitCode, UsageError
from l10n.stages.engine.fake import FakeEngine

ARTICLE = "Council reopens Kirkuk bridge\n\nThe provincial council reopened the old bridge on Monday after repairs.\n"
COMMANDS = (["translate", "story.txt", "-q"], ["status"], ["check"])


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A project with one article and no packages (a run drafts nothing), as laid out by `l10n init`."""
    root = tmp_path / "desk"
    (root / "glossary").mkdir(parents=True)
    (root / "story.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def configure(root, targets: str = '["ar"]', engine: str = "") -> None:
    (root / "l10n.toml").write_text(f'targets = {targets}\npackages_dir = "none"\n\n[engine]\n{engine}\n', encoding="utf-8")


def files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != "lock"}


def assert_refused(root, capsys, *fragments: str) -> None:
    """Every command: exit DATA_FILE, one line holding ``fragments``, nothing written."""
    before = files(root)
    for command in COMMANDS:
        assert cli.main(command) == ExitCode.DATA_FILE, command
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert all(fragment in err for fragment in fragments), err
    assert files(root) == before


# --- numbers: an upper bound on each, named in the message --------------------------------

@pytest.mark.parametrize("engine, wanted", [
    ("intra_threads = 100000", "intra_threads = 100000 should be a whole number from 0 to 16"),
    ("intra_threads = 17", "from 0 to 16"),
    ("inter_threads = 20000", "inter_threads = 20000 should be a whole number from 0 to 256"),
    ("inter_threads = 257", "from 0 to 256"),
    ("inter_threads = 9223372036854775807", "from 0 to 256"),
    ("beam_size = 1000000000", "beam_size = 1000000000 should be a whole number from 1 to 16"),
    ("beam_size = 17", "from 1 to 16"),
    ("max_batch_size = 1000000", "max_batch_size = 1000000 should be a whole number from 1 to 256"),
    ("length_penalty = nan", "length_penalty = nan should be a number from 0 to 2"),
    ("length_penalty = inf", "from 0 to 2"),
    ("length_penalty = -1.0", "from 0 to 2"),
])
def test_an_engine_number_past_its_bound_is_one_line_with_the_range(desk, engine, wanted, capsys):
    configure(desk, engine=engine)
    assert_refused(desk, capsys, f"[engine] {engine.split(' = ')[0]} = ", wanted, "fix the value")


def test_the_thread_messages_say_how_many_cores_this_machine_has(desk, capsys):
    configure(desk, engine="intra_threads = 100000")
    assert cli.main(["status"]) == ExitCode.DATA_FILE
    assert " cores)" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["intra_threads = 16", "inter_threads = 256", "beam_size = 16", "max_batch_size = 256",
                                    "length_penalty = 0", "length_penalty = 2.0", "intra_threads = 0\ninter_threads = 0"])
def test_the_bounds_themselves_are_accepted(desk, engine):
    configure(desk, engine=engine)
    key, value = engine.splitlines()[0].split(" = ")
    assert getattr(load_project(desk).engine, key) == float(value)


@pytest.mark.parametrize("option", [["--threads", "257"], ["--batch-size", "257"]])
def test_command_line_sizes_past_the_bound_are_usage_errors(desk, option, capsys):
    configure(desk)
    assert cli.main(["translate", "story.txt", "-q", *option]) == ExitCode.USAGE
    assert "from" in capsys.readouterr().err
    assert not (desk / "locales").exists()


BAD_ENGINE_OPTIONS = [
    (["--threads", "257"], "inter_threads"),
    (["--threads", "-1"], "inter_threads"),
    (["--batch-size", "0"], "max_batch_size"),
    (["--batch-size", "257"], "max_batch_size"),
    (["--device", "tpu"], "device"),
    (["--compute-type", "int3"], "compute_type"),
]


@pytest.mark.parametrize("command, option, key", [
    (command, option, key)
    for command in (["translate", "story.txt", "-q"], ["backfill", ".", "-q"])
    for option, key in BAD_ENGINE_OPTIONS
    if command[0] == "translate" or option[0] != "--threads"  # backfill has no --threads
])
def test_a_bad_engine_option_is_one_line_naming_the_option_as_typed(desk, command, option, key, capsys):
    """The message names what the user typed (--threads), not the l10n.toml key it sets (inter_threads)."""
    configure(desk)
    before = files(desk)
    assert cli.main([*command, *option]) == ExitCode.USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "Usage:" not in err, err
    assert err.startswith(f"l10n: {option[0]} ") and option[1] in err and ": give " in err, err
    assert f"{key} =" not in err and f"{key};" not in err, err
    assert files(desk) == before


def test_engine_settings_given_by_a_program_are_bounded_too(desk):
    configure(desk)
    with pytest.raises(UsageError, match="beam_size = 17: give a whole number from 1 to 16"):
        load_project(desk).with_engine(beam_size=17)


# --- paths: a NUL byte is named, not an internal error -------------------------------------

@pytest.mark.parametrize("key", ["memory_path", "locales_dir", "glossary_dir", "packages_dir"])
def test_a_nul_byte_in_a_path_setting_is_one_line_naming_it(desk, key, capsys):
    (desk / "l10n.toml").write_text(f'targets = ["ar"]\n{key} = "x\\u0000y"\n', encoding="utf-8")
    assert_refused(desk, capsys, f"{key} = 'x\\x00y' should be a path in quotes, without NUL characters")


# --- targets: read as -l reads them --------------------------------------------------------

@pytest.mark.parametrize("written, read", [
    ('["ar", "ar"]', ("ar",)),
    ('["ar", "AR", " ar "]', ("ar",)),
    ('["ckb", "ar", "CKB"]', ("ckb", "ar")),
])
def test_targets_are_taken_once_in_any_case_as_with_lang(desk, written, read):
    configure(desk, targets=written)
    assert load_project(desk).targets == read


def test_a_target_written_twice_is_drafted_once_and_no_one_else_saved(desk):
    configure(desk, targets='["ar", "ar"]')
    engines: list[FakeEngine] = []

    def factory(project, profile):
        engines.append(FakeEngine(target=profile.code))
        return engines[-1]

    report = translate_changed(load_project(desk), ["story.txt"], engine_factory=factory)
    sources = [request.source for engine in engines for batch in engine.batches for request in batch]
    assert sources and len(sources) == len(set(sources))
    assert [row.lang for row in report.languages] == ["ar"]
    assert not any("someone else" in notice for notice in report.notices), report.notices


def test_an_unknown_target_is_still_refused_as_written(desk, capsys):
    configure(desk, targets='["ar", "XX"]')
    with pytest.raises(ConfigError, match="unknown target language 'XX'"):
        load_project(desk)

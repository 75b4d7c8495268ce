"""The project file (l10n.toml), its defaults, and how a project is found or started.

A project is the folder holding l10n.toml, searched upward from the working
directory (or from ``-C DIR``), so every command works from a subfolder.
Reading commands run without one on the defaults below and create nothing;
``translate`` starts one where none is found (``start_project``), and
``l10n init`` makes one ready to work (``scaffold.init_project``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ConfigError, ReadError, UnsafePathError, UsageError
from ..files.atomic import atomic_write
from .languages import PROFILES, TK_ROUTES, LanguageProfile, get_profile, meant, target_profile

PROJECT_FILE = "l10n.toml"
PUBLISHED_DIR = "published"  # publish writes published/<slug>/ under the project


@dataclass(frozen=True)
class EngineSettings:
    """How CTranslate2 runs: defaults measured for a 2-core CPU."""

    device: str = "cpu"             # cpu | cuda | auto
    compute_type: str = "auto"      # int8 on CPU for int8 packages; see engine.py
    inter_threads: int = 0          # 0: one worker per core, or per intra_threads cores when set (one on a GPU); workers share the model
    intra_threads: int = 0          # 0: the cores divided among the workers (1 each on a CPU)
    max_batch_size: int = 32
    beam_size: int = 4              # as plain Argos
    length_penalty: float = 0.2     # as plain Argos


@dataclass(frozen=True)
class Project:
    """Where things live and how a run behaves; every path is absolute."""

    root: Path
    source_language: str = "en"
    targets: tuple[str, ...] = ("ar", "ckb", "tk")
    locales_dir: Path = Path("locales")
    glossary_dir: Path = Path("glossary")
    memory_path: Path = Path(".l10n/memory.sqlite")
    packages_dir: Path | None = None   # None: ARGOS_PACKAGES_DIR or argostranslate's default
    exact_match_fuzzy: bool = False    # exact reviewed TM matches go in as reviewed
    fuzzy_threshold: float = 75.0
    tk_route: str = "tr"               # how tk is drafted: "tr" (en→tr, adapted, tagged tr) or "tk" (an en→tk model, tagged tk)
    engine: EngineSettings = field(default_factory=EngineSettings)

    def with_engine(self, **settings) -> Project:
        """This project with some engine settings replaced (None: keep the file's), checked as l10n.toml's are.

        A program that drafts with other settings than l10n.toml's loads the project once and calls this.
        """
        given = {key: check_engine_setting(key, value) for key, value in settings.items() if value is not None}
        return replace(self, engine=replace(self.engine, **given)) if given else self

    def profile(self, code: str) -> LanguageProfile:
        """The language profile this project drafts ``code`` with (tk follows ``tk_route``)."""
        return target_profile(code, self.tk_route)

    def catalog_path(self, slug: str, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def template_path(self, slug: str) -> Path:
        return self.locales_dir / f"{slug}.pot"

    def argos_packages_dir(self) -> Path:
        """Where Argos packages are installed: the project's setting, else Argos' own rule."""
        if self.packages_dir is not None:
            return self.packages_dir
        configured = os.environ.get("ARGOS_PACKAGES_DIR")
        if configured:
            return Path(configured)
        data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return data_home / "argos-translate" / "packages"

    def own_folders(self) -> dict[Path, str]:
        """The folders of l10n's own files (catalogs, glossary, published pages, packages), each with what it holds
        and the command that shows it: no article is in them.

        A folder given to ``translate`` or ``backfill`` is searched for articles without them, so
        ``l10n translate .`` does not draft the boilerplate list, a published page or a package's README;
        one of them named (``l10n translate locales``) is refused (``read.collect_articles``).
        """
        return {self.locales_dir: "the catalogs: `l10n status` shows them",
                self.glossary_dir: "the glossary: `l10n glossary list` shows it",
                self.root / PUBLISHED_DIR: "published pages: `l10n publish` writes them",
                self.argos_packages_dir(): "model packages: `l10n models list` shows them"}


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder upward from ``start`` (default: the working directory) holding l10n.toml, or None."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        try:
            if (folder / PROJECT_FILE).is_file():
                return folder
        except OSError as exc:  # a folder on the way that may not be searched
            raise ReadError(f"{folder}: cannot look for {PROJECT_FILE} there ({exc.strerror}); "
                            "check the folder's permissions or give the project with -C.") from exc
    return None


def find_root(start: Path | None = None) -> Path:
    """The nearest folder upward holding l10n.toml, else ``start`` itself."""
    return find_project(start) or Path(start or Path.cwd()).resolve()


def start_project(folder: Path) -> str:
    """Make ``folder`` a project when neither it nor a folder above holds l10n.toml; the one-line notice, or ''."""
    if find_project(folder) is not None:
        return ""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / PROJECT_FILE, (Path(__file__).parents[1] / "data" / "template" / PROJECT_FILE).read_bytes())
    return (f"no l10n.toml in {folder} or above: started a project there (wrote l10n.toml); no glossary is loaded "
            "— `l10n init` adds the desk's glossary template, or run l10n inside an existing project.")


def load_project(root: Path | None = None, **overrides) -> Project:
    """Read l10n.toml under ``root`` (or find it), apply ``overrides``, make paths absolute."""
    root = find_root(root)
    settings: dict = {}
    engine: dict = {}
    config_path = root / PROJECT_FILE
    if config_path.is_file():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8-sig"))  # Windows Notepad saves a byte order mark
        except OSError as exc:
            raise ReadError(f"{config_path}: cannot read it ({exc.strerror}); check the file's permissions.") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_path}: not valid TOML ({exc}); fix the file or remove it to use defaults.") from exc
        settings, engine = _validate(config_path, data)
    settings.update({k: v for k, v in overrides.items() if v is not None and k != "engine"})
    project = Project(root=root, engine=EngineSettings(**engine), **settings).with_engine(**overrides.get("engine") or {})
    for code in project.targets:
        get_profile(code)
    return replace(
        project,
        locales_dir=root / project.locales_dir,
        glossary_dir=root / project.glossary_dir,
        memory_path=root / project.memory_path,
        packages_dir=(root / project.packages_dir) if project.packages_dir else None,
    )


#: The settings schema: key -> (allowed types, check on the value or None, what a right value looks like).
#: Every number has an upper bound, so no value a desk can write crashes CTranslate2 or exhausts the machine;
#: the bounds are constants, not this machine's core count, because l10n.toml moves between machines.
_PATHS = ("locales_dir", "glossary_dir", "memory_path", "packages_dir")
_INSIDE = ("locales_dir", "glossary_dir", "memory_path")   # l10n writes there; packages_dir is Argos' (often ~/.local/share)
COMPUTE_TYPES = ("auto", "default", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16",
                 "bfloat16", "float32")
MAX_INTER_THREADS = 256   # workers: idle ones cost little (256 on 2 cores: same speed); 20000 took 1 GB
MAX_INTRA_THREADS = 16    # threads per batch spin on their cores: 16 on 2 cores ran 1.9x slower, 64 5.6x; 20000 crashed
MAX_BATCH_SIZE = 256      # 8x the default; memory grows with batch x beam x vocabulary
MAX_BEAM_SIZE = 16        # 4x Argos' beam: 16 ran 1.9x slower than 4, 32 4.6x at 3x the memory; 1e9 was killed
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _whole(low: int, high: int, note: str = "") -> tuple:
    """A schema entry for a whole number from ``low`` to ``high``."""
    return (int,), lambda v: low <= v <= high, f"a whole number from {low} to {high}{note}"


def check_engine_setting(key: str, value, *, given_as: str = ""):
    """``value`` when it is right for the ``[engine]`` setting ``key`` (the bounds l10n.toml has), else a UsageError.

    The message names the value as the caller took it: ``given_as`` is a command-line
    option such as "--threads" (``--threads 999: give ...``); without it, the key
    (``inter_threads = 999: give ...``).
    """
    _check(ENGINE_SCHEMA, {key: value}, lambda key, value, wanted: UsageError(
        f"engine setting {key!r} unknown; known: {', '.join(sorted(ENGINE_SCHEMA))}." if wanted is None
        else f"{given_as} {_shown(value)}: give {wanted}." if given_as
        else f"{key} = {_shown(value)}: give {wanted}."))
    return value


def _openable_path(value: str) -> bool:
    """A path setting the OS can open: not empty, no NUL character."""
    return bool(value) and "\0" not in value


SCHEMA = {
    "source_language": ((str,), lambda v: v == "en", "'en' (l10n drafts from English only)"),
    "targets": ((list,), lambda v: bool(v) and all(isinstance(c, str) for c in v), 'a list of codes such as ["ar", "ckb", "tk"]'),
    **{key: ((str,), _openable_path, "a path in quotes, without NUL characters") for key in _PATHS},
    "exact_match_fuzzy": ((bool,), None, "true or false"),
    "fuzzy_threshold": ((int, float), lambda v: 0 <= v <= 100, "a number from 0 to 100"),
    "tk_route": ((str,), lambda v: v in TK_ROUTES, f"one of {', '.join(repr(r) for r in TK_ROUTES)} "
                 "(\"tr\" drafts tk through en→tr, \"tk\" with an en→tk model)"),
}
ENGINE_SCHEMA = {
    "device": ((str,), lambda v: v in ("cpu", "cuda", "auto"), "'cpu', 'cuda' or 'auto'"),
    "compute_type": ((str,), lambda v: v in COMPUTE_TYPES, f"one of {', '.join(COMPUTE_TYPES)}"),
    "inter_threads": _whole(0, MAX_INTER_THREADS, f" (0: one per core, or per intra_threads cores; this machine has {_CORES} cores)"),
    "intra_threads": _whole(0, MAX_INTRA_THREADS, f" (0: fit the machine; this one has {_CORES} cores)"),
    "max_batch_size": _whole(1, MAX_BATCH_SIZE),
    "beam_size": _whole(1, MAX_BEAM_SIZE, " (Argos uses 4)"),
    "length_penalty": ((int, float), lambda v: 0 <= v <= 2, "a number from 0 to 2 (Argos uses 0.2)"),
}


def language_codes(codes) -> tuple[str, ...]:
    """Target codes as a desk may write them, in any case and spacing, each once in the order first given.

    >>> language_codes(["ar", " AR", "ckb"])
    ('ar', 'ckb')
    """
    return tuple(dict.fromkeys(code.strip().lower() for code in codes))


def _validate(path: Path, data: dict) -> tuple[dict, dict]:
    """The [project] settings and the [engine] table of l10n.toml, each checked against its schema."""
    section = dict(data.get("project", data))
    engine = section.pop("engine", data.get("engine", {}))
    if not isinstance(engine, dict):
        raise ConfigError(f"{path}: engine should be a table ([engine]); fix the file.")
    engine = dict(engine)
    for table, values, schema in (("", section, SCHEMA), ("[engine] ", engine, ENGINE_SCHEMA)):
        _check(schema, values, lambda key, value, wanted: ConfigError(
            f"{path}: unknown {table}setting {key!r}; known: {', '.join(sorted(schema))}." if wanted is None
            else f"{path}: {table}{key} = {_shown(value)} should be {wanted}; fix the value."))
    root = path.parent.resolve()
    for key in _PATHS:
        if key in section:
            section[key] = Path(section[key])
    for key in _INSIDE:  # l10n writes there: keep it inside the project
        if key in section:
            written, section[key] = section[key], _without_steps_back(root, section[key])
            if not _written_inside(root, section[key]):
                raise UnsafePathError(f"{path}: {key} = '{written}' leaves the project folder; use a path inside it.")
    for key in ("locales_dir", "glossary_dir"):  # a file there would fail later, as a catalog or glossary that "is missing"
        if key in section and (root / section[key]).exists() and not (root / section[key]).is_dir():
            raise ConfigError(f"{path}: {key} = '{section[key]}' is a file, not a folder; give a folder "
                              f"(default: {getattr(Project, key)}).")
    if "targets" in section:  # as -l takes them: "AR" is ar, and a code given twice is drafted once
        unknown = [code for code in section["targets"] if language_codes([code])[0] not in PROFILES]
        if unknown:
            raise ConfigError(f"{path}: unknown target language {unknown[0]!r}{meant(unknown[0])}; "
                              f"use some of: {', '.join(sorted(PROFILES))}.")
        section["targets"] = language_codes(section["targets"])
    return section, engine


def _without_steps_back(root: Path, value: Path) -> Path:
    """``value`` with each ``folder/..`` removed (``os.path.normpath``) when that names the place the system opens.

    ``sub/../locales`` is then judged, and used, as the ``locales`` it means.  A ``..`` right after a
    symbolic link goes to the parent of the link's target, not back beside the link, so a path with
    one is left as written, to be judged the way the system takes it; a leading ``..`` stays too.

    >>> _without_steps_back(Path("/p"), Path("sub/../locales")), _without_steps_back(Path("/p"), Path("sub/../../x"))
    (PosixPath('locales'), PosixPath('../x'))
    """
    place = root.joinpath(value.anchor)
    for part in value.parts[1 if value.anchor else 0:]:
        if part == ".." and os.path.islink(place):
            return value
        place = place.parent if part == ".." else place / part
    return Path(os.path.normpath(value))


def _written_inside(root: Path, value: Path) -> bool:
    """Whether a path setting, as written, names a place in the project folder ``root`` (resolved).

    Written without ``..``, it is taken as written: a link the desk made on the way (``locales`` pointing
    to a shared drive) is followed, as it is when the setting is left out.  A ``..`` is taken the way the
    system takes it, through any link before it, and may not climb out of the project.

    >>> _written_inside(Path("/p"), Path("locales")), _written_inside(Path("/p"), Path("/p/locales"))
    (True, True)
    >>> _written_inside(Path("/p"), Path("../x")), _written_inside(Path("/p"), Path("/srv/x"))
    (False, False)
    """
    place = root.joinpath(value)
    return place.resolve().is_relative_to(root) or (".." not in value.parts and place.is_relative_to(root))


def _check(schema: dict, values: dict, error: Callable[[str, object, str | None], Exception]) -> None:
    """Raise ``error(key, value, wanted)`` for the first value that is not right (``wanted`` None: a key not in ``schema``)."""
    for key, value in values.items():
        if key not in schema:
            raise error(key, value, None)
        types, check, wanted = schema[key]
        if type(value) not in types or (check is not None and not check(value)):
            raise error(key, value, wanted)


def _shown(value) -> str:
    """A TOML value as the user wrote it, on one line."""
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 60 else text[:57] + "..."

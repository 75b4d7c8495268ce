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
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError, UnsafePathError
from .files import atomic_write
from .languages import PROFILES, TK_ROUTES, LanguageProfile, get_profile, target_profile

PROJECT_FILE = "l10n.toml"


@dataclass(frozen=True)
class EngineSettings:
    """How CTranslate2 runs: defaults measured for a 2-core CPU."""

    device: str = "cpu"             # cpu | cuda | auto
    compute_type: str = "auto"      # int8 on CPU for int8 packages; see engine.py
    inter_threads: int = 0          # 0: one worker per CPU core (one on a GPU); workers share the model
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


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder upward from ``start`` (default: the working directory) holding l10n.toml, or None."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
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
    atomic_write(folder / PROJECT_FILE, (Path(__file__).parent / "data" / "template" / PROJECT_FILE).read_bytes())
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
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_path}: not valid TOML ({exc}); fix the file or remove it to use defaults.") from exc
        settings, engine = _validate(config_path, data)
    settings.update({k: v for k, v in overrides.items() if v is not None and k != "engine"})
    if overrides.get("engine"):
        engine.update({k: v for k, v in overrides["engine"].items() if v is not None})
    project = Project(root=root, engine=EngineSettings(**engine), **settings)
    for code in project.targets:
        get_profile(code)
    return replace(
        project,
        locales_dir=root / project.locales_dir,
        glossary_dir=root / project.glossary_dir,
        memory_path=root / project.memory_path,
        packages_dir=(root / project.packages_dir) if project.packages_dir else None,
    )


def _validate(path: Path, data: dict) -> tuple[dict, dict]:
    known = {f.name for f in fields(Project)} - {"root", "engine"}
    engine_known = {f.name for f in fields(EngineSettings)}
    section = dict(data.get("project", data))
    engine = dict(section.pop("engine", data.get("engine", {})))
    for key in section:
        if key not in known:
            raise ConfigError(f"{path}: unknown setting {key!r}; known settings are {', '.join(sorted(known))}.")
    for key in engine:
        if key not in engine_known:
            raise ConfigError(f"{path}: unknown [engine] setting {key!r}; known: {', '.join(sorted(engine_known))}.")
    if section.get("source_language", "en") != "en":
        raise ConfigError(f"{path}: source_language must be 'en'; l10n drafts from English only.")
    defaults = EngineSettings()
    for key, value in engine.items():
        expected = type(getattr(defaults, key))
        if type(value) is not expected and not (expected is float and type(value) is int):
            raise ConfigError(f"{path}: [engine] {key} = {value!r} should be a{'n' if expected is int else ''} {expected.__name__}; fix the value.")
    for key in ("locales_dir", "glossary_dir", "memory_path", "packages_dir"):
        if key in section:
            if not isinstance(section[key], str) or not section[key]:
                raise ConfigError(f"{path}: {key} = {section[key]!r} should be a path in quotes; fix the value.")
            section[key] = Path(section[key])
    for key in ("locales_dir", "memory_path"):  # l10n writes there: keep it inside the project
        if key in section and not path.parent.joinpath(section[key]).resolve().is_relative_to(path.parent.resolve()):
            raise UnsafePathError(f"{path}: {key} = '{section[key]}' leaves the project folder; use a path inside it.")
    route = section.get("tk_route", "tr")
    if not isinstance(route, str) or route not in TK_ROUTES:
        raise ConfigError(f"{path}: tk_route = {route!r} should be one of {', '.join(repr(r) for r in TK_ROUTES)}; "
                          "\"tr\" drafts tk through en→tr, \"tk\" with an en→tk model.")
    if "targets" in section:
        targets = section["targets"]
        if not isinstance(targets, list) or not targets or not all(isinstance(code, str) for code in targets):
            raise ConfigError(f"{path}: targets = {targets!r} should be a list of codes such as [\"ar\", \"ckb\", \"tk\"]; fix the value.")
        unknown = [code for code in targets if code not in PROFILES]
        if unknown:
            raise ConfigError(f"{path}: unknown target language {unknown[0]!r}; use some of: {', '.join(sorted(PROFILES))}.")
        section["targets"] = tuple(targets)
    return section, engine

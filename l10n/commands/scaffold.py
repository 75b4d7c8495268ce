"""`l10n init`: a project that starts ready to translate.

Writes what ships in ``l10n/data/template`` (l10n.toml, the desk's glossary,
the Turkmen adaptation rule file), a ``glossary/boilerplate.txt`` that lists the
shipped boilerplate entries (as comments: the shipped list always applies) and
says how to add or unlist one, and a ``.gitignore`` for what l10n and its
builds write.  Files already there are kept; only ``--packages-dir`` changes
an existing l10n.toml, and only its ``packages_dir`` line.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..core.project import PROJECT_FILE, find_project, load_project
from ..errors import ConfigError, UsageError, WriteError
from ..files.atomic import atomic_write
from ..stages.boilerplate import PROJECT_FILE as BOILERPLATE_FILE

TEMPLATE = Path(__file__).parents[1] / "data" / "template"
GLOSSARY_FILE = Path("glossary") / "terms.csv"

#: Everything l10n and its builds write that does not belong in version control.
GITIGNORE = """\
# Written by l10n and its tools; catalogs (locales/**/*.po, *.pot) and the glossary are the desk's work: keep them.
.l10n/
published/
*.mo
.venv/
bench-out/
"""

_PACKAGES_LINE = re.compile(r"^#?\s*packages_dir\s*=.*$", re.MULTILINE)


@dataclass(frozen=True)
class InitResult:
    """What ``init_project`` did: files made, files changed, and lines worth telling the user."""

    created: tuple[Path, ...] = ()
    updated: tuple[Path, ...] = ()
    notices: tuple[str, ...] = ()


def init_project(folder: Path, *, glossary: bool = True, packages_dir: Path | None = None,
                 shell_packages_dir: str | None = None) -> InitResult:
    """Make ``folder`` a project; keep existing files.

    ``glossary`` False writes ``terms.csv`` with its columns and no terms.
    ``packages_dir`` is recorded in l10n.toml (relative when inside the project),
    so the packages are found from every shell; ``shell_packages_dir`` (the
    caller's ARGOS_PACKAGES_DIR) only earns a notice saying how to keep it.
    Refuses a folder inside another project, whose commands would then stop
    finding the outer one, and an l10n.toml already there that does not load (``load_project``'s error).
    """
    folder = Path(folder).resolve()
    try:
        outer = find_project(folder.parent) if not (folder / PROJECT_FILE).is_file() else None
    except OSError as exc:
        raise WriteError(f"{folder}: cannot make a project there ({exc.strerror}); give a folder you can write.") from exc
    if outer is not None:
        raise UsageError(f"{folder} is inside the project at {outer}; run l10n there, or init a folder outside it.")
    if (folder / PROJECT_FILE).is_file():  # kept as it is: said wrong now, not "already a project" and later by every command
        load_project(folder)
    files = {source.relative_to(TEMPLATE): source.read_bytes() for source in sorted(TEMPLATE.rglob("*")) if source.is_file()}
    if not glossary:
        files[GLOSSARY_FILE] = files[GLOSSARY_FILE].split(b"\n", 1)[0] + b"\n"
    files[Path("glossary") / BOILERPLATE_FILE] = boilerplate_template().encode("utf-8")
    shown_packages = _shown_from(folder, packages_dir) if packages_dir is not None else None
    ignored_packages = f"/{shown_packages}/\n" if shown_packages and not Path(shown_packages).is_absolute() else ""
    files[Path(".gitignore")] = (GITIGNORE + ignored_packages).encode("utf-8")
    created, updated = [], []
    try:
        for relative, data in files.items():
            target = folder / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, data)
                created.append(target)
        if packages_dir is not None:
            config = folder / PROJECT_FILE
            if set_packages_dir(config, shown_packages) and config not in created:
                updated.append(config)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot make a project there ({exc.strerror}); give a folder you can write.") from exc
    notices = []
    if shell_packages_dir and packages_dir is None:
        notices.append(f"ARGOS_PACKAGES_DIR={shell_packages_dir} lasts one shell; to find those packages from every shell, "
                       f"run `l10n init --packages-dir {shell_packages_dir}` (it sets packages_dir in l10n.toml).")
    return InitResult(tuple(created), tuple(updated), tuple(notices))


def boilerplate_template() -> str:
    """The project's ``glossary/boilerplate.txt``: how to extend the shipped list, which it shows as comments."""
    shipped = resources.files("l10n").joinpath("data", BOILERPLATE_FILE).read_text(encoding="utf-8").splitlines()
    entries = [line for line in shipped if line.strip() and not line.startswith("#")]
    return "\n".join([
        "# This desk's boilerplate: entries here apply over l10n's shipped list (below, as comments).",
        "# One entry a line, KIND then TEXT:  share TEXT | line TEXT | byline TEXT | unlist TEXT | drop byline|credit",
        "# e.g.  share Viber      line Sponsored:      unlist X      drop credit",
        "#",
        "# Shipped entries (always applied; `unlist TEXT` removes one):",
        *(f"#   {entry}" for entry in entries),
        "",
    ])


def set_packages_dir(config: Path, value: str) -> bool:
    """Set ``packages_dir`` in an l10n.toml (replacing its line, commented or not); True when the file changed."""
    text = config.read_text(encoding="utf-8-sig")
    line = f"packages_dir = {json.dumps(value, ensure_ascii=False)}  # Argos packages: found from every shell"
    first_table = re.search(r"^\[", text, re.MULTILINE)
    top = text[: first_table.start()] if first_table else text
    if (match := _PACKAGES_LINE.search(top)) is not None:
        if match.group(0) == line:
            return False
        new = text[: match.start()] + line + text[match.end():]
    else:
        at = first_table.start() if first_table else len(text)
        before = text[:at] if not text[:at] or text[:at].endswith("\n") else text[:at] + "\n"
        new = before + line + "\n" + ("\n" if first_table else "") + text[at:]
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config}: setting packages_dir would not leave valid TOML ({exc}); edit the file by hand.") from exc
    atomic_write(config, new.encode("utf-8"))
    return True


def _shown_from(folder: Path, packages_dir: Path) -> str:
    """The packages folder as l10n.toml should hold it: relative when inside the project, else absolute."""
    absolute = Path(packages_dir).expanduser().resolve()
    return str(absolute.relative_to(folder)) if absolute.is_relative_to(folder) else str(absolute)

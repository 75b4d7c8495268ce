"""Find, choose, install and build Argos Translate model packages, from their metadata alone.

The Argos package index is read with argostranslate's own ``AvailablePackage``
(from argos-translate-lt, which has no torch; only ``l10n models install
TARGET`` imports it, and never ``argostranslate.translate``).

An Argos package is a folder holding ``metadata.json``, a CTranslate2 model in
``model/`` and ``sentencepiece.model``; a ``.argosmodel`` file is that folder
zipped.  Listing reads metadata.json directly (argostranslate would import
sentencepiece, and its settings module fixes the packages folder at import
time).  Installing is our own: an archive (or a folder, zipped first) from
elsewhere is untrusted, so it is checked member by member, unpacked into a temporary folder and renamed into
place only once CTranslate2 has loaded it.  CTranslate2 and SentencePiece are
imported only when an archive is checked.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from ...core.languages import LanguageProfile, target_profile
from ...errors import InputError, ModelError, ReadError, UnsafePathError, UsageError, WriteError
from ...files.atomic import atomic_write, atomic_writer
from ...files.paths import safe_join

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
MAX_MEMBERS = 10_000                     # a real package has a few dozen files
MAX_UNPACKED_BYTES = 8 * 1024**3         # NLLB-200 3.3B in int8 is ~3.3 GB; anything far larger is a bomb
MAX_METADATA_BYTES = 1024**2
CHUNK = 1024**2
PACKAGE_FOLDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
OFFLINE_HINT = "on an offline machine copy a .argosmodel file here and run `l10n models install FILE.argosmodel`"


@dataclasses.dataclass(frozen=True)
class PackageInfo:
    """An installed translation package, as its metadata.json describes it.

    ``source_prefix`` and ``target_prefix`` are model tokens (space-separated
    when several): the first goes before every source (a multilingual Marian
    ``>>tuk<<``, NLLB's ``eng_Latn``), the second is forced first in every
    draft (NLLB's ``tuk_Latn``).  A package serving several targets may give
    them per target (``per_target``: (to_code, source_prefix, target_prefix)).
    """

    name: str                        # the package's folder name
    from_code: str
    to_codes: tuple[str, ...]
    version: str
    path: Path
    source_prefix: str = ""
    target_prefix: str = ""
    source_suffix: str = ""          # e.g. "</s>" for converted OPUS-MT/NLLB models
    per_target: tuple[tuple[str, str, str], ...] = ()

    @property
    def label(self) -> str:
        """What drafts and reports name the package by, e.g. 'argos translate-en_ar 1.9'."""
        return f"argos {self.name} {self.version}"

    def prefixes_for(self, to_code: str) -> tuple[str, str]:
        """The (source_prefix, target_prefix) to use when drafting ``to_code``."""
        for code, source_prefix, target_prefix in self.per_target:
            if code == to_code:
                return source_prefix, target_prefix
        return self.source_prefix, self.target_prefix


@dataclasses.dataclass(frozen=True)
class BrokenPackage:
    """A package folder that is not usable: where it is, what is wrong (one line), and what its metadata still says.

    ``from_code`` and ``to_codes`` are what a damaged metadata.json still names
    (None: it names nothing readable), so a broken package is blamed only for the
    targets it might have served.
    """

    path: Path
    problem: str
    from_code: str | None = None
    to_codes: tuple[str, ...] | None = None

    @property
    def label(self) -> str:
        """What ``l10n models remove`` names it by."""
        return f"the unusable package folder {self.path.name}"

    def may_serve(self, profile: LanguageProfile) -> bool:
        """True unless what the metadata still names rules out every pair ``profile`` is drafted by."""
        return any(self.from_code in (None, source) and (self.to_codes is None or target in self.to_codes)
                   for source, target in profile.draft_pairs)


@dataclasses.dataclass(frozen=True)
class PackageScan:
    """The packages found in a folder, the folders that are not usable packages, and why the folder could not be listed."""

    packages: tuple[PackageInfo, ...]
    broken: tuple[BrokenPackage, ...] = ()
    unlisted: str = ""

    @property
    def problems(self) -> tuple[str, ...]:
        """One line per unusable folder (and one when the folder itself could not be listed)."""
        return ((self.unlisted,) if self.unlisted else ()) + tuple(b.problem for b in self.broken)


@dataclasses.dataclass(frozen=True)
class TargetModel:
    """Which installed package drafts one target (``package`` None: none does, and ``notice`` says how to get one)."""

    code: str
    name: str                        # the language's name, e.g. "Turkmen"
    package: PackageInfo | None
    drafts: str = ""                 # the code the package drafts: "tr" for Turkmen drafted through Turkish
    notice: str = ""

    @property
    def adapted(self) -> bool:
        """True when the package drafts another language, adapted and labelled as this one."""
        return self.package is not None and self.drafts != self.code


@dataclasses.dataclass(frozen=True)
class ModelsList:
    """What ``l10n models list`` shows: the packages of a folder, its unusable folders, and the choice per target."""

    packages_dir: Path
    packages: tuple[PackageInfo, ...]
    problems: tuple[str, ...]
    targets: tuple[TargetModel, ...]


def list_models(packages_dir: Path, profiles: Sequence[LanguageProfile]) -> ModelsList:
    """The packages installed in ``packages_dir`` and, per profile, the one that would draft it."""
    scan = scan_packages(packages_dir)
    targets = []
    for profile in profiles:
        chosen = select_package(profile, scan.packages)
        if chosen is None:
            targets.append(TargetModel(profile.code, profile.name, None, notice=unserved_notice(profile, scan)))
        else:
            targets.append(TargetModel(profile.code, profile.name, chosen[0], drafts=chosen[1]))
    return ModelsList(packages_dir, scan.packages, scan.problems, tuple(targets))


def install_package(what: Path | str, packages_dir: Path, *, index_url: str | None = None, replace: bool = False,
                    tk_route: str = "tr") -> PackageInfo:
    """Install a package folder, a .argosmodel file, or a target's package from the Argos index (``what`` says which)."""
    if Path(what).is_dir():
        return install_folder(Path(what), packages_dir, replace=replace)
    if str(what).endswith(".argosmodel") or Path(what).is_file():
        return install_archive(Path(what), packages_dir, replace=replace)
    from ...core.languages import PROFILES

    if what not in PROFILES:
        raise UsageError(f"{what!r}: no such file or package folder, and not a target ({', '.join(sorted(PROFILES))}); "
                         "give a .argosmodel file, a package folder or a target.")
    return install_from_index(str(what), packages_dir, index_url=index_url, tk_route=tk_route)


def read_package(package_dir: Path, *, shown: str = "") -> PackageInfo:
    """Read and check one package folder; ModelError names it (as ``shown``, when given) and what is wrong."""
    where = shown or str(package_dir)
    metadata = _read_metadata(package_dir / "metadata.json")
    if metadata.get("type", "translate") != "translate":
        raise ModelError(f"{where}: a {metadata.get('type')!r} package, not a translation package; remove it.")
    if not (package_dir / "model" / "model.bin").is_file():
        raise ModelError(f"{where}: no CTranslate2 model (model/model.bin); reinstall the package.")
    if not (package_dir / "sentencepiece.model").is_file():
        raise ModelError(f"{where}: no sentencepiece.model (l10n needs SentencePiece packages); reinstall or rebuild it.")
    return _package_from_metadata(package_dir, metadata)


def _read_metadata(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            raise ModelError(f"{path}: metadata.json is implausibly large; the package is not a real Argos package.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: missing; this folder is not an Argos package, remove or reinstall it.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not readable JSON ({_one_line(exc)}); reinstall the package.") from exc
    _check_metadata(path, data)
    return data


def _check_metadata(path: Path | str, data: object) -> None:
    if not isinstance(data, dict):
        raise ModelError(f"{path}: metadata is not a JSON object; reinstall the package.")
    for key in ("from_code", "package_version"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ModelError(f"{path}: metadata has no {key!r}; reinstall the package.")
    if _parsed_version(data["package_version"]) is None:
        raise ModelError(f"{path}: package_version {data['package_version'][:40]!r} is not a version number (PEP 440, e.g. 1.9); "
                         "fix or rebuild the package.")
    to_codes = data.get("to_codes") or [data.get("to_code")]
    if not isinstance(to_codes, list) or not all(isinstance(code, str) and code for code in to_codes):
        raise ModelError(f"{path}: metadata has no valid 'to_code' or 'to_codes'; reinstall the package.")
    for key in ("source_prefix", "target_prefix", "source_suffix"):
        if not isinstance(data.get(key, ""), str):
            raise ModelError(f"{path}: metadata {key!r} must be a string of tokens; fix or rebuild the package.")
    prefixes = data.get("prefixes", {})
    if not isinstance(prefixes, dict) or not all(isinstance(v, dict) for v in prefixes.values()):
        raise ModelError(f"{path}: metadata 'prefixes' must map target codes to prefix objects; fix or rebuild the package.")


def _package_from_metadata(package_dir: Path, metadata: dict) -> PackageInfo:
    to_codes = tuple(metadata.get("to_codes") or [metadata["to_code"]])
    per_target = tuple(
        (code, str(entry.get("source_prefix", "")), str(entry.get("target_prefix", "")))
        for code, entry in sorted(metadata.get("prefixes", {}).items())
    )
    return PackageInfo(
        name=package_dir.name,
        from_code=metadata["from_code"],
        to_codes=to_codes,
        version=metadata["package_version"],
        path=package_dir,
        source_prefix=metadata.get("source_prefix", ""),
        target_prefix=metadata.get("target_prefix", ""),
        source_suffix=metadata.get("source_suffix", ""),
        per_target=per_target,
    )


def scan_packages(packages_dir: Path) -> PackageScan:
    """Every package in ``packages_dir``; broken folders become ``BrokenPackage`` records, never exceptions."""
    packages: list[PackageInfo] = []
    broken: list[BrokenPackage] = []
    try:
        entries = sorted(packages_dir.iterdir()) if packages_dir.exists() else []
    except OSError as exc:
        return PackageScan((), unlisted=f"{packages_dir}: cannot list the packages folder ({exc.strerror}); make it a readable "
                                        "folder, or point `packages_dir` in l10n.toml (or ARGOS_PACKAGES_DIR) at the packages.")
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            packages.append(read_package(entry))
        except ModelError as exc:
            broken.append(BrokenPackage(entry, str(exc), *_declared_codes(entry / "metadata.json")))
    return PackageScan(tuple(packages), tuple(broken))


def _declared_codes(path: Path) -> tuple[str | None, tuple[str, ...] | None]:
    """(from_code, to_codes) as far as a metadata.json that failed its checks still names them; None where it does not."""
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            return None, None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    from_code = data.get("from_code") if isinstance(data.get("from_code"), str) and data.get("from_code") else None
    named = data.get("to_codes") if isinstance(data.get("to_codes"), list) else [data.get("to_code")]
    to_codes = tuple(code for code in named if isinstance(code, str) and code)
    return from_code, to_codes or None


def broken_notice(profile: LanguageProfile, scan: PackageScan) -> str:
    """One line saying that no usable package drafts ``profile`` because one that might is broken, and why; "" when none might.

    Only asked when no working package serves ``profile``: a broken folder beside a
    working package is listed by ``l10n models list`` and stops nothing.
    """
    for package in scan.broken:
        if package.may_serve(profile):
            reason = package.problem.removeprefix(f"{package.path}/").removeprefix(f"{package.path}: ")
            return (f"{package.path}: this package is broken and no other serves {_pairs_text(profile)}, "
                    f"so {profile.name} cannot be drafted: {reason}")
    return ""


def unusable_notice(profile: LanguageProfile, scan: PackageScan) -> str:
    """Why ``scan`` cannot tell what drafts ``profile``: its folder cannot be listed, or a broken package might
    (``broken_notice``); "" when neither."""
    return scan.unlisted or broken_notice(profile, scan)


def unserved_notice(profile: LanguageProfile, scan: PackageScan) -> str:
    """Why no package of ``scan`` drafts ``profile``: ``unusable_notice``, else none is installed."""
    return unusable_notice(profile, scan) or missing_notice(profile)


def choose_package(profile: LanguageProfile, packages_dir: Path) -> tuple[PackageInfo, str] | None:
    """The installed package that drafts ``profile`` and the code it drafts; None when no package is installed for it.

    When none serves it because the packages folder cannot be listed, or a broken folder
    might serve it (a metadata.json that is not JSON or lacks a field, a model file
    missing), that is an error (``refuse_unusable``): a run never reports "no package
    installed" for a package that may be there.
    """
    scan = scan_packages(packages_dir)
    chosen = select_package(profile, scan.packages)
    if chosen is None:
        refuse_unusable(profile, scan)
    return chosen


def refuse_unusable(profile: LanguageProfile, scan: PackageScan) -> None:
    """Raise when ``scan`` cannot tell what drafts ``profile`` (``unusable_notice``): ReadError when its folder cannot
    be listed, ModelError when a broken package might serve ``profile``.

    Asked when no working package serves ``profile`` (``choose_package``, ``l10n eval``), so that no
    command reports "no package installed" for a package that may be there.
    """
    refuse_unlisted(scan)
    if broken := broken_notice(profile, scan):
        raise ModelError(broken)


def refuse_unlisted(scan: PackageScan) -> None:
    """Raise ReadError naming the packages folder when ``scan`` could not list it, so that no package is
    reported missing (or unknown by name, ``l10n eval --package``) from a folder no one could read."""
    if scan.unlisted:
        raise ReadError(scan.unlisted)


def list_packages(packages_dir: Path) -> list[PackageInfo]:
    """The usable packages installed in ``packages_dir`` (see scan_packages for the broken ones)."""
    return list(scan_packages(packages_dir).packages)


def serving_packages(profile: LanguageProfile, packages) -> list[tuple[PackageInfo, str]]:
    """Every package that can draft ``profile``, with the code it drafts, best first.

    Earlier pairs of ``profile.draft_pairs`` come first; within a pair a dedicated
    package beats a multilingual one, then the newer version wins.  A language is
    only ever served by its own pairs, so ckb is never drafted by an Arabic or
    Turkish model, and tk by en→tr (a pivot the caller adapts) unless the desk
    chose the tk route (``languages.TK_ROUTES``), whose profile serves it by en→tk
    only: an installed Turkmenistan-Turkmen model never drafts text published as ``tr``.
    """
    ranked: list[tuple[PackageInfo, str]] = []
    for from_code, to_code in profile.draft_pairs:
        serving = [p for p in packages if p.from_code == from_code and to_code in p.to_codes]
        serving.sort(key=lambda p: (p.to_codes == (to_code,), _version_key(p.version)), reverse=True)
        ranked.extend((package, to_code) for package in serving)
    return ranked


def select_package(profile: LanguageProfile, packages) -> tuple[PackageInfo, str] | None:
    """The best package for ``profile`` and the code it drafts (the first of ``serving_packages``), or None."""
    ranked = serving_packages(profile, packages)
    return ranked[0] if ranked else None


def _version_key(version: str):
    """packaging's ordering of versions (1.10 after 1.9, 2.0rc1 before 2.0); metadata checks that it parses."""
    from packaging.version import Version

    return _parsed_version(version) or Version("0")


def _parsed_version(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version)
    except InvalidVersion:
        return None


#: Routes the public Argos index offers (docs/models.md, "Model routes and their licences"): it has no en→ckb or en→tk.
INDEX_PAIRS = frozenset({("en", "ar"), ("en", "tr")})


def missing_notice(profile: LanguageProfile) -> str:
    """One line saying that no package serves ``profile`` and how to get one; the index is named only when it has a route."""
    online = [f"{source}→{target}" for source, target in profile.draft_pairs if (source, target) in INDEX_PAIRS]
    how = (f"online, `l10n models install {profile.code}` fetches {online[0]} from the Argos index"
           if online else f"the Argos index has no {_pairs_text(profile)}: see docs/models.md, \"Model routes and their licences\"")
    return (
        f"no {_pairs_text(profile)} package installed: {profile.name} entries are left empty; "
        f"install one with `l10n models install FILE.argosmodel` ({how}); "
        "packages in another folder: `l10n init --packages-dir DIR` records it for every shell"
    )


def _pairs_text(profile: LanguageProfile) -> str:
    return " or ".join(f"{source}→{target}" for source, target in profile.draft_pairs)


def install_archive(
    archive: Path,
    packages_dir: Path,
    *,
    replace: bool = False,
    max_members: int = MAX_MEMBERS,
    max_bytes: int = MAX_UNPACKED_BYTES,
) -> PackageInfo:
    """Install a .argosmodel file safely: check every member, unpack aside, load the model, rename into place.

    On any failure ``packages_dir`` is left as it was.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise InputError(f"{archive}: no such file; give the path of a .argosmodel file.")
    if not zipfile.is_zipfile(archive):
        raise ModelError(f"{archive}: not an Argos package (not a zip archive); use a .argosmodel file.")
    try:
        with zipfile.ZipFile(archive) as zf:
            folder = _check_members(archive, zf.infolist(), max_members, max_bytes)
            _check_metadata(f"{archive}: {folder}/metadata.json", _archive_metadata(archive, zf, folder))
            target = packages_dir / folder
            if target.exists() and not replace:
                raise ModelError(f"{target}: a package of that name is installed; pass --replace to overwrite it.")
            packages_dir.mkdir(parents=True, exist_ok=True)
            with _staging_dir(packages_dir) as staging:
                _extract(archive, zf, staging, max_bytes)
                info = _check_unpacked(archive, staging / folder)
                _move_into_place(staging / folder, target, staging)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:  # RuntimeError: encrypted
        raise ModelError(f"{archive}: damaged or unsupported archive ({_one_line(exc)}); download or copy it again.") from exc
    except OSError as exc:
        raise ModelError(f"{archive}: cannot install into {packages_dir} ({_one_line(exc)}); check the folder and free space.") from exc
    return dataclasses.replace(info, path=target)


def install_folder(package_dir: Path, packages_dir: Path, *, replace: bool = False) -> PackageInfo:
    """Install a package folder (as scripts/make_standin_package.py or a converter leaves one).

    The folder is zipped aside and installed as an archive, so it passes the
    same checks (plain files only, metadata, the model loads) and lands in
    place by one rename.
    """
    package_dir = Path(package_dir)
    if not (package_dir / "metadata.json").is_file():  # read_package's "remove or reinstall it" is for installed folders
        raise ModelError(f"{package_dir}: not a package folder (no metadata.json); give a folder holding metadata.json, "
                         "model/ and sentencepiece.model, or a .argosmodel file.")
    with tempfile.TemporaryDirectory(prefix="l10n-install-") as scratch:
        archive = build_archive(package_dir, Path(scratch) / f"{package_dir.name}.argosmodel")
        return install_archive(archive, packages_dir, replace=replace)


def _check_members(archive: Path, members: list[zipfile.ZipInfo], max_members: int, max_bytes: int) -> str:
    """Refuse hostile members; return the one top-level folder."""
    if len(members) > max_members:
        raise ModelError(f"{archive}: {len(members)} members, more than the {max_members} a package can have; refusing it.")
    tops: set[str] = set()
    for member in members:
        _check_member_path(archive, member)
        parts = PurePosixPath(member.filename).parts
        if len(parts) == 1 and not member.is_dir():
            raise ModelError(f"{archive}: file {member.filename!r} outside the package folder; rebuild the archive with one top folder.")
        tops.add(parts[0])
    if len(tops) != 1:
        raise ModelError(f"{archive}: {len(tops)} top-level folders, a package has exactly one; rebuild the archive.")
    declared = sum(member.file_size for member in members)
    if declared > max_bytes:
        raise ModelError(f"{archive}: unpacks to {declared} bytes, more than the {max_bytes} allowed; refusing a likely zip bomb.")
    folder = tops.pop()
    if not PACKAGE_FOLDER.match(folder):
        raise UnsafePathError(f"{archive}: package folder name {folder!r} is not a plain name; rebuild the archive.")
    return folder


def _check_member_path(archive: Path, member: zipfile.ZipInfo) -> None:
    name = member.filename
    path = PurePosixPath(name)
    if name.startswith("/") or "\\" in name or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise UnsafePathError(f"{archive}: member {name!r} would unpack outside the package folder; refusing the archive.")
    kind = stat.S_IFMT(member.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise UnsafePathError(f"{archive}: member {name!r} is a symbolic link; refusing the archive.")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ModelError(f"{archive}: member {name!r} is not a regular file; refusing the archive.")


def _archive_metadata(archive: Path, zf: zipfile.ZipFile, folder: str) -> object:
    try:
        member = zf.getinfo(f"{folder}/metadata.json")
    except KeyError:
        raise ModelError(f"{archive}: no {folder}/metadata.json; this is not an Argos package.") from None
    if member.file_size > MAX_METADATA_BYTES:
        raise ModelError(f"{archive}: metadata.json is implausibly large; refusing the archive.")
    try:
        return json.loads(zf.read(member).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{archive}: metadata.json is not valid JSON ({_one_line(exc)}); rebuild the package.") from exc


def remove_package(name: str, packages_dir: Path) -> PackageInfo | BrokenPackage:
    """Uninstall the package named ``name`` (its folder name or label) from ``packages_dir``.

    A folder that is no usable package (``l10n models list``: not usable) is removed by
    its folder name too: it stops runs until it is removed or reinstalled.  The folder is
    first renamed aside (one atomic step: a run starting meanwhile sees the package or
    nothing, never half of it), then deleted.  Only a direct sub-folder of
    ``packages_dir`` is ever removed.
    """
    scan = scan_packages(packages_dir)
    installed = list(scan.packages)
    found = [p for p in installed if name in (p.name, p.label)] or [p for p in scan.broken if p.path.name == name]
    if not found:
        refuse_unlisted(scan)
        listed = ", ".join(p.name for p in installed) or "none"
        raise UsageError(f"{name!r}: no such installed package in {packages_dir} (installed: {listed}); see `l10n models list`.")
    package = found[0]
    folder = Path(package.path)
    if folder.is_symlink() or folder.resolve().parent != Path(packages_dir).resolve():
        raise UnsafePathError(f"{folder}: not a folder directly inside {packages_dir}; remove it by hand.")
    aside = folder.with_name(f".remove-{folder.name}-{os.getpid()}")
    try:
        folder.rename(aside)
        shutil.rmtree(aside)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot remove the package ({exc.strerror}); check the folder's permissions.") from exc
    return package


@contextlib.contextmanager
def _staging_dir(packages_dir: Path) -> Iterator[Path]:
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=packages_dir))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract(archive: Path, zf: zipfile.ZipFile, staging: Path, max_bytes: int) -> None:
    """Unpack, counting real bytes: declared sizes can lie."""
    written = 0
    for member in zf.infolist():
        destination = safe_join(staging, member.filename)
        if member.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(member) as source, open(destination, "wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise ModelError(f"{archive}: unpacks to more than the {max_bytes} bytes allowed; refusing a zip bomb.")
                sink.write(chunk)


def _check_unpacked(archive: Path, package_dir: Path) -> PackageInfo:
    """The unpacked package must be complete and its model must load."""
    info = read_package(package_dir, shown=f"{archive}: {package_dir.name}")
    try:
        import ctranslate2
        import sentencepiece

        ctranslate2.Translator(str(package_dir / "model"), device="cpu")
        sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelError(f"{archive}: its model cannot be loaded ({_one_line(exc)}); the package is corrupt, get it again.") from exc
    return info


def _move_into_place(unpacked: Path, target: Path, staging: Path) -> None:
    """Rename into place; a replaced package is moved aside first and deleted with the staging folder."""
    if not target.exists():
        os.rename(unpacked, target)
        return
    os.rename(target, staging / ".replaced")
    try:
        os.rename(unpacked, target)
    except OSError:
        os.rename(staging / ".replaced", target)
        raise


def install_from_index(
    target: str,
    packages_dir: Path,
    *,
    index_url: str | None = None,
    timeout: float = 20,
    replace: bool = False,
    tk_route: str = "tr",
) -> PackageInfo:
    """Download the Argos index's package for ``target`` and install it safely (tk: for the desk's ``tk_route``).

    The index is ``index_url``, else $ARGOS_PACKAGE_INDEX (a base URL) + index.json, else Argos' own.
    """
    profile = target_profile(target, tk_route)
    url = index_url or _default_index_url()
    entries = _fetch_index(url, timeout)
    chosen = select_package(profile, list(entries))
    if chosen is None:
        raise ModelError(f"the Argos package index at {url} has no {_pairs_text(profile)} package; build one (docs/models.md, \"Model routes and their licences\").")
    packages_dir.mkdir(parents=True, exist_ok=True)
    with _staging_dir(packages_dir) as staging:
        archive = staging / f"{chosen[0].name}.argosmodel"
        _download(entries[chosen[0]], archive, timeout)
        return install_archive(archive, packages_dir, replace=replace)


def _default_index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    return f"{base.rstrip('/')}/index.json" if base else DEFAULT_INDEX_URL


def _fetch_index(url: str, timeout: float) -> dict[PackageInfo, list[str]]:
    """The index's usable translation packages, each with its download links."""
    import http.client  # the network modules load only when a command goes online
    try:
        with _open_url(url, timeout) as response:
            raw = response.read(64 * 1024**2)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise ModelError(f"cannot reach the Argos package index ({_url_reason(exc)}); {OFFLINE_HINT}") from exc
    try:
        index = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{url}: not a valid package index ({_one_line(exc)}); check the index URL.") from exc
    # Argos reads its own index format (argos-translate-lt: no translate module, no torch).
    from argostranslate.package import AvailablePackage, argospm_package_name

    entries: dict[PackageInfo, list[str]] = {}
    for metadata in index if isinstance(index, list) else []:
        try:
            _check_metadata(url, metadata)
        except ModelError:
            continue
        available = AvailablePackage(metadata)
        links = [link for link in available.links or [] if isinstance(link, str)]
        if available.type == "translate" and links:
            entries[_package_from_metadata(Path(argospm_package_name(available)), metadata)] = links
    return entries


def _open_url(url: str, timeout: float):
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url}")
    return urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 - scheme checked above


def _download(links: list[str], archive: Path, timeout: float) -> None:
    """Fetch the first link that answers, refusing anything larger than a package can be."""
    import http.client

    reasons = []
    for link in links:
        try:
            with _open_url(link, timeout) as response, open(archive, "wb") as sink:
                received = 0
                while chunk := response.read(CHUNK):
                    received += len(chunk)
                    if received > MAX_UNPACKED_BYTES:
                        raise ModelError(f"{link}: larger than any package should be; refusing the download.")
                    sink.write(chunk)
            return
        except (OSError, http.client.HTTPException, ValueError) as exc:
            reasons.append(f"{link}: {_url_reason(exc)}")
    raise ModelError(f"cannot download the package ({'; '.join(reasons) or 'no links'}); {OFFLINE_HINT}")


def _url_reason(exc: BaseException) -> str:
    import urllib.error

    return _one_line(exc.reason if isinstance(exc, urllib.error.URLError) else exc)


def build_archive(package_dir: Path, out: Path) -> Path:
    """Zip an installed-layout package folder into a .argosmodel file at ``out`` (atomically)."""
    package_dir = Path(package_dir)
    read_package(package_dir)
    members = []
    for path in sorted(package_dir.rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise ModelError(f"{path}: not a regular file; a package holds plain files only.")
        if path.is_file():
            members.append((path.relative_to(package_dir).as_posix(), path))
    return _write_zip(Path(out), package_dir.name, members)


def build_package_archive(
    model_dir: Path,
    sp_model: Path,
    out: Path,
    *,
    from_code: str,
    to_code: str,
    to_codes: tuple[str, ...] = (),
    from_name: str = "",
    to_name: str = "",
    version: str = "1.0",
    source_prefix: str = "",
    target_prefix: str = "",
    source_suffix: str = "",
    readme: str = "",
) -> Path:
    """Make a .argosmodel from a converted CTranslate2 model and its SentencePiece model.

    For NLLB-200 give the language tokens as prefixes (source ``eng_Latn``,
    target e.g. ``ckb_Arab``) and ``source_suffix="</s>"``, as
    ct2-transformers-converter models expect.
    """
    model_dir, sp_model = Path(model_dir), Path(sp_model)
    if not (model_dir / "model.bin").is_file():
        raise ModelError(f"{model_dir}: no model.bin; give the folder ct2-transformers-converter wrote.")
    if not sp_model.is_file():
        raise ModelError(f"{sp_model}: no such SentencePiece model; give the tokenizer's .model file.")
    metadata = {
        "package_version": version, "argos_version": "1.9", "type": "translate",
        "from_code": from_code, "from_name": from_name, "to_code": to_code, "to_name": to_name,
    }
    extras = {"to_codes": list(to_codes), "source_prefix": source_prefix,
              "target_prefix": target_prefix, "source_suffix": source_suffix}
    metadata.update({key: value for key, value in extras.items() if value})
    _check_metadata(out, metadata)
    folder = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    text = readme or f"# {folder}\n\n{from_name or from_code} → {to_name or to_code}, version {version}.\n"
    with tempfile.TemporaryDirectory(prefix="l10n-package-") as scratch:
        atomic_write(Path(scratch) / "metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")
        atomic_write(Path(scratch) / "README.md", text)
        members = [(f"model/{p.relative_to(model_dir).as_posix()}", p) for p in sorted(model_dir.rglob("*")) if p.is_file()]
        members += [("sentencepiece.model", sp_model), ("metadata.json", Path(scratch) / "metadata.json"),
                    ("README.md", Path(scratch) / "README.md")]
        return _write_zip(Path(out), folder, members)


def _write_zip(out: Path, folder: str, members: list[tuple[str, Path]]) -> Path:
    """Write the zip to a temporary file beside ``out`` and rename it over ``out``."""
    if not PACKAGE_FOLDER.match(folder):
        raise ModelError(f"{folder!r}: not a plain package folder name; rename it (letters, digits, . _ -).")
    with atomic_writer(out) as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, source in members:
            zf.write(source, f"{folder}/{name}")
    return out


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__

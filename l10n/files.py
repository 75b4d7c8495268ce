"""The only place l10n writes files: atomic writes, safe paths, safe slugs, the project lock.

A write goes to a temporary file in the target's own directory, is fsync'ed,
then renamed over the target, so a crash or a full disk leaves either the old
file or the new one, never a partial one.

Files a translator may edit while l10n runs (catalogs, the glossary) are
replaced by compare-and-swap instead: ``staged_beside`` prepares the new file,
``exchange`` swaps it in with ``renameat2(RENAME_EXCHANGE)`` and so keeps the file
it replaced, which the caller compares with the bytes it read (``digest``) and
can swap back; ``link_if_absent`` creates a file only if none appeared meanwhile.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from typing import BinaryIO
from pathlib import Path

from .errors import DatabaseError, L10nError, LockTimeout, ReadError, UnsafePathError, WriteError

MAX_SLUG = 80
_RENAME_EXCHANGE = 2       # linux/fs.h
_AT_FDCWD = -100


def atomic_write(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix."""
    with atomic_writer(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


@contextlib.contextmanager
def atomic_writer(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` (fsync'ed, renamed) only when the block ends without error.

    Failures of the file system become a ``WriteError`` with one line; the temporary
    file is removed whatever happens, and the old ``path`` is left as it was.
    """
    path = Path(path)
    with _beside(path) as (handle, tmp):
        yield handle
        _seal(handle, tmp, path)
        os.replace(tmp, path)
        _fsync_dir(path.parent)


@contextlib.contextmanager
def _beside(path: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """An open temporary file in ``path``'s folder, removed when the block ends unless renamed; OSErrors mapped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"{path.parent}: cannot write there ({exc.strerror}); check the folder and its permissions.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, Path(name)
    except OSError as exc:
        raise _not_written(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _seal(handle: BinaryIO, tmp: Path, path: Path) -> None:
    """Flush ``tmp`` to disk and give it ``path``'s permissions (0644 for a new file)."""
    handle.flush()
    os.fsync(handle.fileno())
    os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)


def digest(data: bytes | None) -> str | None:
    """SHA-256 of some bytes; None for a file that does not exist."""
    return hashlib.sha256(data).hexdigest() if data is not None else None


def read_bytes_if_any(path: Path) -> bytes | None:
    """A file's bytes, None when it does not exist; any other OSError is a ReadError."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read it ({exc.strerror}); check the file and its permissions.") from exc


def database_error(path: Path | str, what: str, exc: Exception, damaged: L10nError) -> L10nError:
    """The error to raise for SQLite's ``exc`` on ``what`` (e.g. "the run state") at ``path``.

    A file that cannot be opened or written (permissions, a read-only folder, a
    missing folder) is a DatabaseError; a full disk or an I/O error a WriteError;
    anything else (not a database, another layout) is the caller's ``damaged``.
    """
    import sqlite3

    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    reason = str(exc)
    if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        return WriteError(f"{path}: cannot write {what} ({reason}); the disk may be full, free some space and retry.")
    if isinstance(exc, OSError) or code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) \
            or "unable to open" in reason or "readonly" in reason:
        shown = exc.strerror if isinstance(exc, OSError) else reason
        return DatabaseError(f"{path}: cannot open or write {what} ({shown}); check the file's and its folder's permissions.")
    return damaged


def file_digest(path: Path | str) -> str | None:
    """SHA-256 of a file's bytes (None when missing): what a run records when it reads a file it may replace."""
    return digest(read_bytes_if_any(Path(path)))


def folder_digests(folder: Path) -> dict[str, str | None]:
    """The SHA-256 of every file directly in ``folder``, by name (the glossary folder: terms, rules, boilerplate)."""
    if not folder.is_dir():
        return {}
    return {p.name: file_digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


@contextlib.contextmanager
def staged_beside(path: Path, data: bytes) -> Iterator[Path]:
    """A fsync'ed temporary file next to ``path`` holding ``data`` (with ``path``'s mode), removed afterwards."""
    path = Path(path)
    with _beside(path) as (handle, staged):
        handle.write(data)
        _seal(handle, staged, path)
        yield staged
        _fsync_dir(path.parent)


def exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise _not_written(Path(b), OSError(code, os.strerror(code)))


def link_if_absent(staged: Path, path: Path) -> bool:
    """Give ``staged`` the name ``path`` unless a file of that name appeared meanwhile (then False)."""
    try:
        os.link(staged, path)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _not_written(Path(path), exc) from exc
    return True


def replace_with(staged: Path, path: Path) -> None:
    """Rename ``staged`` over ``path`` (where ``exchange`` is unavailable)."""
    try:
        os.replace(staged, path)
    except OSError as exc:
        raise _not_written(Path(path), exc) from exc


def _not_written(path: Path, exc: OSError) -> WriteError:
    what = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
    return WriteError(f"{path}: not written ({what}); the previous version is unchanged.")


@functools.lru_cache(maxsize=1)
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def safe_join(root: Path | str, *parts: str) -> Path:
    """Join ``parts`` under ``root`` and refuse anything that would land outside it.

    >>> safe_join("/p", "locales", "ar").as_posix()
    '/p/locales/ar'
    """
    root_path = Path(root).resolve()
    candidate = root_path.joinpath(*parts).resolve()
    if candidate != root_path and root_path not in candidate.parents:
        raise UnsafePathError(f"{'/'.join(parts)}: path leaves {root_path}; use a name inside the project.")
    return candidate


def slugify(name: str) -> str:
    """A safe, stable file-name slug for an article name, whatever the name contains.

    Look-alike letters fold to ASCII where Unicode allows, anything else becomes
    '-', and long or emptied names get a short hash so distinct names stay distinct.

    >>> slugify("k1-qayyarah-withdrawal.txt")
    'k1-qayyarah-withdrawal'
    >>> slugify("../../etc/passwd")
    'passwd'
    """
    stem = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem = re.sub(r"\.(txt|md|text)$", "", stem, flags=re.IGNORECASE)
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not slug:
        return f"article-{digest}"
    if len(slug) > MAX_SLUG or not stem.isascii():
        return f"{slug[:MAX_SLUG].rstrip('-')}-{digest}"
    return slug


@contextlib.contextmanager
def project_lock(
    root: Path, timeout: float = 600.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the project's lock file while writing catalogs and the memory.

    A second run waits (telling ``on_wait`` once) and gives up with LockTimeout
    after ``timeout`` seconds; the OS frees the lock if a run is killed.
    """
    lock_dir = Path(root) / ".l10n"
    lock_dir.mkdir(parents=True, exist_ok=True)
    lock_path = lock_dir / "lock"
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(f"waiting for another l10n run to finish ({lock_path})")
                    told = True
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{lock_path}: another l10n run still holds the project lock; retry when it has finished."
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

"""Atomic and compare-and-swap writes: a reader sees the old file or the new one, never a mix.

A write goes to a temporary file in the target's own directory, is fsync'ed, then renamed
over the target.  Files a translator may edit while l10n runs (catalogs, the glossary) are
replaced by compare-and-swap instead: ``staged_beside`` prepares the new file, ``exchange``
swaps it in with ``renameat2(RENAME_EXCHANGE)`` and so keeps the file it replaced, which the
caller compares with the bytes it read and can swap back; ``link_if_absent`` creates a file
only if none appeared meanwhile.  ``written_together`` holds Ctrl-C back while files that record one
another (published pages and the manifest of their digests) are written, so they are all new or all old.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from typing import BinaryIO
from pathlib import Path

from ..errors import WriteError
from .oserrors import not_written


_RENAME_EXCHANGE = 2       # linux/fs.h
_AT_FDCWD = -100


@contextlib.contextmanager
def written_together() -> Iterator[None]:
    """Ctrl-C (SIGINT) during the block interrupts when it ends, not inside it; a second Ctrl-C interrupts at once.

    Each file is atomic on its own; this keeps a set of them consistent (pages written, their manifest not).
    Signals reach the main thread only: elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum, frame):
        if caught:
            raise KeyboardInterrupt
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


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
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # no room for a file's name either
            raise not_written(path, exc) from exc
        raise WriteError(f"{path.parent}: cannot write there ({exc.strerror}); check the folder and its permissions.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, Path(name)
    except OSError as exc:
        raise not_written(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _seal(handle: BinaryIO, tmp: Path, path: Path) -> None:
    """Flush ``tmp`` to disk and give it ``path``'s permissions (0644 for a new file)."""
    handle.flush()
    os.fsync(handle.fileno())
    os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)


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
    raise not_written(Path(b), OSError(code, os.strerror(code)))


def link_if_absent(staged: Path, path: Path) -> bool:
    """Give ``staged`` the name ``path`` unless a file of that name appeared meanwhile (then False)."""
    try:
        os.link(staged, path)
    except FileExistsError:
        return False
    except OSError as exc:
        raise not_written(Path(path), exc) from exc
    return True


def replace_with(staged: Path, path: Path) -> None:
    """Rename ``staged`` over ``path`` (where ``exchange`` is unavailable)."""
    try:
        os.replace(staged, path)
    except OSError as exc:
        raise not_written(Path(path), exc) from exc


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

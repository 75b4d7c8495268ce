"""OS and SQLite errors as l10n errors: one line saying what could not be written or opened, and why."""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import DatabaseError, DiskFullError, L10nError, WriteError


def database_error(path: Path | str, what: str, exc: Exception, damaged: L10nError) -> L10nError:
    """The error to raise for SQLite's ``exc`` on ``what`` (e.g. "the run state") at ``path``.

    A file that cannot be opened or written (permissions, a read-only folder, a
    missing folder) or that another program keeps locked past the wait is a
    DatabaseError; a full disk or an I/O error a WriteError; anything else (not a
    database, another layout) is the caller's ``damaged``.
    """
    import sqlite3

    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    reason = str(exc)
    if code == sqlite3.SQLITE_FULL:
        return DiskFullError(f"{path}: cannot write {what} ({reason}); free some space and run again.")
    if code == sqlite3.SQLITE_IOERR:
        return WriteError(f"{path}: cannot write {what} ({reason}); the disk may be full, free some space and retry.")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseError(f"{path}: {what} is busy ({reason}); retry when the other l10n run has finished.")
    if isinstance(exc, OSError) or code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) \
            or "unable to open" in reason or "readonly" in reason:
        shown = exc.strerror if isinstance(exc, OSError) else reason
        return DatabaseError(f"{path}: cannot open or write {what} ({shown}); check the file's and its folder's permissions.")
    return damaged


def not_written(path: Path, exc: OSError) -> WriteError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        full = "the disk is full" if exc.errno == errno.ENOSPC else "the disk quota is used up"
        return DiskFullError(f"{path}: not written ({full}); the previous version is unchanged, free some space and run again.")
    return WriteError(f"{path}: not written ({exc.strerror}); the previous version is unchanged.")

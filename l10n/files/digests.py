"""SHA-256 digests of bytes, files and folders: what a run records of the files it reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ReadError


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


def file_digest(path: Path | str) -> str | None:
    """SHA-256 of a file's bytes (None when missing): what a run records when it reads a file it may replace."""
    return digest(read_bytes_if_any(Path(path)))


#: What ``folder_digests`` records for an entry that is not a regular file (a folder, a pipe, a link to nothing): never read.
NOT_A_FILE = "not a regular file"


def folder_digests(folder: Path) -> dict[str, str | None]:
    """The SHA-256 of every file directly in ``folder``, by name (the glossary folder: terms, rules, boilerplate).

    Other entries are recorded as ``NOT_A_FILE``, so a folder appearing where the
    glossary's terms.csv belongs makes the next run due, and that run refuses it.
    """
    if not folder.is_dir():
        return {}
    return {p.name: file_digest(p) if p.is_file() else NOT_A_FILE for p in sorted(folder.iterdir())}

"""Every error l10n raises on purpose, in one tree, and every exit status in one table.

    L10nError                 base: catch this one
    ├── UsageError            (USAGE 2)         options that do not fit together, an unknown --lang
    ├── InputError            (INPUT 3)         an article that is empty, binary, undecodable, not English
    ├── DataFileError         (DATA_FILE 4)     a file we read is malformed; message names path[:line]
    │   ├── CatalogError                        PO/POT/MO files
    │   ├── GlossaryError                       glossary CSV/TBX, adaptation rules
    │   ├── ConfigError                         l10n.toml
    │   ├── MemoryStoreError                    the translation-memory database's content
    │   └── RunStateError                       the run-state database's content (.l10n/runs.sqlite)
    ├── ModelError            (MODEL 5)         a model package that is missing, corrupt or hostile
    ├── UnsafePathError       (UNSAFE_PATH 6)   a path that would escape the project or overwrite what it owns
    ├── LockTimeout           (LOCK_TIMEOUT 7)  another run holds the project lock
    ├── PublishBlocked        (PUBLISH_BLOCKED 9) a language is not ready to publish; lists the blockers
    ├── WriteError            (CANNOT_WRITE 10) a file could not be written (disk full, permissions)
    │   └── DiskFullError                       the disk or the quota is full: every later write fails too
    ├── ReadError             (CANNOT_READ 11)  a file or folder could not be read (permissions, I/O error)
    └── DatabaseError         (DATABASE 12)     a SQLite database could not be opened or written (permissions, locked, disk)

Outcomes that are not errors have their own codes too: ``check`` finding errors
(FINDINGS 1) and a run in which some articles, or some of their catalogs,
failed (ARTICLES_FAILED 8; the others were written).  ``EXIT_CODES`` is the one
table; docs/exit-codes.md is checked against it by a test.

Messages are one sentence: what is wrong and what to do.  Foreign errors
(polib, csv, XML, CTranslate2, SentencePiece, OSError, sqlite3) are mapped where
they occur, with ``raise ... from exc``: an OSError while reading is a ReadError,
while writing a WriteError, and SQLite's own open or write failures a
DatabaseError.  Anything else escaping is a bug (INTERNAL 70).
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """The exit status of ``l10n``: one per outcome."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INPUT = 3
    DATA_FILE = 4
    MODEL = 5
    UNSAFE_PATH = 6
    LOCK_TIMEOUT = 7
    ARTICLES_FAILED = 8
    PUBLISH_BLOCKED = 9
    CANNOT_WRITE = 10
    CANNOT_READ = 11
    DATABASE = 12
    INTERNAL = 70
    INTERRUPTED = 130


#: What each exit status means, as docs/exit-codes.md says it.
EXIT_CODES: dict[ExitCode, str] = {
    ExitCode.OK: "done; a run may still print notices (a missing model package)",
    ExitCode.FINDINGS: "`check` or `glossary check` found errors (critical or functional findings), or `approve --unit` left the unit fuzzy (its findings listed)",
    ExitCode.USAGE: "wrong options or arguments, an unknown `--lang`, an output (`-o`, `glossary export`) whose folders are missing above its own, a `tm rebuild` that would drop memory entries, or a `publish` that would overwrite a page or a copied picture edited by hand, without `--force`",
    ExitCode.INPUT: "an article that is missing, empty, binary (mostly control bytes), not UTF-8 (its text or its file name), named with a line break or not English; a TBX file to import, a `.argosmodel` file to install or a PO file named (`check`, `tm import`) that is not there",
    ExitCode.DATA_FILE: "a malformed PO/POT/MO, glossary, rule file, `l10n.toml` (a setting of the wrong type or range) or database",
    ExitCode.MODEL: "a model package that is missing, corrupt or hostile",
    ExitCode.UNSAFE_PATH: "a path or archive member that would leave its folder, a catalog, template or language folder that is a symbolic link, a configured folder outside the project, or an output (`eval -o`, `glossary export`) over a file the project owns",
    ExitCode.LOCK_TIMEOUT: "another l10n run holds the project lock",
    ExitCode.ARTICLES_FAILED: "some articles of a run, or some of their catalogs, failed (listed); the others were written",
    ExitCode.PUBLISH_BLOCKED: "a language is not ready to publish (blockers listed); ready ones were published",
    ExitCode.CANNOT_WRITE: "a file could not be written (disk full, permissions); the old file is unchanged",
    ExitCode.CANNOT_READ: "a file or folder could not be read (permissions, I/O error); nothing was written",
    ExitCode.DATABASE: "a database under `.l10n/` could not be opened or written (permissions, read-only folder, locked, disk full)",
    ExitCode.INTERNAL: "a bug: one line, `--debug` shows the traceback",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); files are as before or completely written",
}


class L10nError(Exception):
    """Base of every error l10n raises on purpose."""

    exit_code = ExitCode.INTERNAL


class UsageError(L10nError):
    """Options or arguments that do not fit together."""

    exit_code = ExitCode.USAGE


class InputError(L10nError):
    """An input that cannot be used as given: an article missing, empty, binary, undecodable, too large or not
    English; a file to import that is not there."""

    exit_code = ExitCode.INPUT


class DataFileError(L10nError):
    """A data file we read is malformed; the message names the path and line."""

    exit_code = ExitCode.DATA_FILE


class CatalogError(DataFileError):
    """A PO, POT or MO file that cannot be read or would not be valid."""


class GlossaryError(DataFileError):
    """A glossary (CSV/TBX) or adaptation-rule file that cannot be read."""


class ConfigError(DataFileError):
    """An l10n.toml that cannot be read or names something unknown."""


class MemoryStoreError(DataFileError):
    """The translation-memory database holds something that is not a memory (corrupt, another layout)."""


class RunStateError(DataFileError):
    """The run-state database (.l10n/runs.sqlite) holds something that is not a run state (corrupt, another layout)."""


class ModelError(L10nError):
    """A translation model package that is missing, corrupt, hostile or cannot be loaded."""

    exit_code = ExitCode.MODEL


class UnsafePathError(L10nError):
    """A path (or archive member) that would read or write outside where it belongs."""

    exit_code = ExitCode.UNSAFE_PATH


class LockTimeout(L10nError):
    """Another l10n run holds the project lock for longer than we were told to wait."""

    exit_code = ExitCode.LOCK_TIMEOUT


class PublishBlocked(L10nError):
    """A language is not ready to publish; ``blockers`` lists (entry, reason) pairs."""

    exit_code = ExitCode.PUBLISH_BLOCKED

    def __init__(self, message: str, blockers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.blockers = blockers or []


class WriteError(L10nError):
    """A file could not be written (disk full, no permission, read-only folder); the old one is unchanged."""

    exit_code = ExitCode.CANNOT_WRITE


class DiskFullError(WriteError):
    """The disk (or the user's quota) is full: every write after it would fail as well, so a run stops on it."""


class ReadError(L10nError):
    """A file or folder could not be read (no permission, I/O error); nothing was written."""

    exit_code = ExitCode.CANNOT_READ


class DatabaseError(L10nError):
    """A SQLite database could not be opened or written (no permission, read-only folder, locked, disk full)."""

    exit_code = ExitCode.DATABASE


#: Errors that would fail every article of a run (the model, the lock, the glossary folder, the memory, l10n's
#: databases, a full disk): a run over several articles stops on them in one line, instead of listing each article
#: as failed (a back-fill drafted each again alone first).
RUN_WIDE_ERRORS = (ModelError, LockTimeout, GlossaryError, MemoryStoreError, DatabaseError, DiskFullError)

"""Every error l10n raises on purpose, in one tree.

    L10nError                 (exit 1)  base: catch this one
    ├── UsageError            (exit 2)  options that do not fit together
    ├── InputError            (exit 3)  an article that is empty, binary, undecodable, not English
    ├── DataFileError         (exit 4)  a file we read is malformed; message names path[:line]
    │   ├── CatalogError                PO/POT/MO files
    │   ├── GlossaryError               glossary CSV/TBX, adaptation rules
    │   ├── ConfigError                 l10n.toml
    │   └── MemoryStoreError            the translation-memory database
    ├── ModelError            (exit 5)  a model package that is missing, corrupt or hostile
    ├── UnsafePathError       (exit 6)  a path that would escape the project
    ├── LockTimeout           (exit 7)  another run holds the project lock
    └── PublishBlocked        (exit 1)  a language is not ready to publish; lists the blockers

Messages are one sentence: what is wrong and what to do.  Foreign errors
(polib, csv, XML, CTranslate2, SentencePiece, OSError) are mapped where they
occur, with ``raise ... from exc``; anything else escaping is a bug.
"""

from __future__ import annotations


class L10nError(Exception):
    """Base of every error l10n raises on purpose."""

    exit_code = 1


class UsageError(L10nError):
    """Options or arguments that do not fit together."""

    exit_code = 2


class InputError(L10nError):
    """An article that cannot be translated: missing, empty, binary, undecodable, too large or not English."""

    exit_code = 3


class DataFileError(L10nError):
    """A data file we read is malformed; the message names the path and line."""

    exit_code = 4


class CatalogError(DataFileError):
    """A PO, POT or MO file that cannot be read or would not be valid."""


class GlossaryError(DataFileError):
    """A glossary (CSV/TBX) or adaptation-rule file that cannot be read."""


class ConfigError(DataFileError):
    """An l10n.toml that cannot be read or names something unknown."""


class MemoryStoreError(DataFileError):
    """The translation-memory database is corrupt or unreadable."""


class ModelError(L10nError):
    """A translation model package that is missing, corrupt, hostile or cannot be loaded."""

    exit_code = 5


class UnsafePathError(L10nError):
    """A path (or archive member) that would read or write outside where it belongs."""

    exit_code = 6


class LockTimeout(L10nError):
    """Another l10n run holds the project lock for longer than we were told to wait."""

    exit_code = 7


class PublishBlocked(L10nError):
    """A language is not ready to publish; ``blockers`` lists (entry, reason) pairs."""

    exit_code = 1

    def __init__(self, message: str, blockers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.blockers = blockers or []

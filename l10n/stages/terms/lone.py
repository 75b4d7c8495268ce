"""The model's renderings of terms translated on their own, kept in SQLite per model between runs.

Enforcement asks the model for each term's own rendering (``enforce.own_renderings``).  A
desk runs ``l10n translate`` once per article, each a new process, so without a store every
run asks the model again for the same terms: on the small trained stand-ins that was half of
what the glossary added to a run.  The store keeps the model's answers (the n-best texts, as
returned) under the engine's fingerprint (model files and decoding settings) and the request,
so a later run reads what the model would have said.

A store is a cache: one that cannot be opened, read or written (a read-only project, a
corrupt file, a lock held too long) is left alone for the rest of the run and the model is
asked, as if there were none.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

STORE_FILE = ".l10n/renderings.sqlite"
BUSY_SECONDS = 2.0  # how long a run waits for another run's write before going on without the store

_LAYOUT = """
CREATE TABLE IF NOT EXISTS lone_renderings (
    engine TEXT NOT NULL,      -- the engine's fingerprint (model files, decoding settings)
    request TEXT NOT NULL,     -- how the term was asked (n-best size, length limit)
    span TEXT NOT NULL,        -- the term as the source has it
    texts TEXT NOT NULL,       -- the model's n-best texts, a JSON list of strings
    PRIMARY KEY (engine, request, span)
)"""


class LoneRenderings:
    """The store of one project (``path``) for one engine (``fingerprint``); ``request`` names how terms were asked."""

    def __init__(self, path: Path, fingerprint: str):
        self.path, self.fingerprint = path, fingerprint
        self._broken = not fingerprint  # an engine that cannot say what its drafts depend on is never stored
        self._lock = threading.Lock()   # drafting threads share the store

    def get(self, request: str, spans: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The stored n-best texts of those ``spans`` the store has."""
        wanted = list(dict.fromkeys(spans))
        if self._broken or not wanted or not self.path.exists():
            return {}
        found: dict[str, tuple[str, ...]] = {}
        try:
            with self._connect() as connection:
                for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
                    part = wanted[start : start + 500]
                    rows = connection.execute(
                        f"SELECT span, texts FROM lone_renderings WHERE engine = ? AND request = ? "
                        f"AND span IN ({', '.join('?' * len(part))})", (self.fingerprint, request, *part))
                    for span, texts in rows:
                        if (kept := _texts(texts)) is not None:
                            found[span] = kept
        except (sqlite3.Error, OSError):
            self._broken = True
            return {}
        return found

    def put(self, request: str, answers: Mapping[str, Iterable[str]]) -> None:
        """Keep the model's n-best texts per span."""
        if self._broken or not answers:
            return
        rows = [(self.fingerprint, request, span, json.dumps(list(texts), ensure_ascii=False))
                for span, texts in answers.items()]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as connection:
                connection.execute(_LAYOUT)
                connection.executemany("INSERT OR REPLACE INTO lone_renderings VALUES (?, ?, ?, ?)", rows)
        except (sqlite3.Error, OSError):
            self._broken = True

    def _connect(self) -> _Connection:
        return _Connection(self.path, self._lock)


class _Connection:
    """A connection for one read or one write, closed on leaving (sqlite3's own context manager only commits)."""

    def __init__(self, path: Path, lock: threading.Lock):
        self.path, self.lock = path, lock

    def __enter__(self) -> sqlite3.Connection:
        self.lock.acquire()
        try:
            self.connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        except BaseException:
            self.lock.release()
            raise
        return self.connection

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None:
                self.connection.commit()
        finally:
            self.connection.close()
            self.lock.release()


def _texts(stored: str) -> tuple[str, ...] | None:
    """The stored JSON list of strings, or None for anything else (a file someone edited)."""
    try:
        texts = json.loads(stored)
    except ValueError:
        return None
    return tuple(texts) if isinstance(texts, list) and all(isinstance(t, str) for t in texts) else None

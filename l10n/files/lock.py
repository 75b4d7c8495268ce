"""The project lock: one run at a time writes a project's catalogs and memory."""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import LockTimeout


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

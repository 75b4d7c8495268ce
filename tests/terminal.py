"""Run a command with its output on a pseudo-terminal and collect everything the terminal received."""

from __future__ import annotations

import os
import pty
import subprocess


def run_on_terminal(command: list[str], cwd, *, stdout_on_terminal: bool = True, timeout: float = 120) -> str:
    """``command``'s stderr (and stdout, unless told) on a pseudo-terminal, read while it runs; it must exit 0."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    out = follower if stdout_on_terminal else subprocess.DEVNULL
    child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    try:
        while True:  # read while the child writes, so a full terminal buffer never stalls it
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed its side and everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        assert child.wait(timeout=timeout) == 0
    return b"".join(chunks).decode("utf-8", "replace")

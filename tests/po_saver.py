"""A translator's editor in another process, for tests: saves one edit to a catalog when told.

Reads lines ``MODE DELAY PATH INDEX TEXT`` on stdin; after DELAY seconds it loads
PATH with polib, gives entry INDEX the reviewed translation TEXT and saves the
file the way MODE does: ``polib`` (POFile.save, rewriting the file in place),
``msgcat`` (the edit written to a scratch file, then ``msgcat SCRATCH -o PATH``,
also in place) or ``rename`` (a new file renamed over PATH, as Poedit and most
editors save).
It answers ``saved`` once the file is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import polib


def save(mode: str, path: str, index: int, text: str) -> None:
    po = polib.pofile(path, wrapwidth=0)
    entry = [e for e in po if not e.obsolete][index]
    entry.msgstr = text
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    if mode == "polib":
        po.save(path)
        return
    if mode == "rename":
        fd, scratch = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".editor-", suffix=".po")
        os.close(fd)
        po.save(scratch)
        os.replace(scratch, path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "edit.po")
        po.save(scratch)
        subprocess.run(["msgcat", scratch, "-o", path], check=True)


def main() -> None:
    for line in sys.stdin:
        mode, delay, path, index, text = line.rstrip("\n").split(" ", 4)
        time.sleep(float(delay))
        save(mode, path, int(index), text)
        print("saved", flush=True)


if __name__ == "__main__":
    main()

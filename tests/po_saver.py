"""A translator's editor in another process, for tests: saves one edit to a catalog when told.

Reads lines ``MODE DELAY PATH INDEX TEXT`` on stdin; after DELAY seconds it loads
PATH with polib, gives entry INDEX the reviewed translation TEXT and saves the
file the way MODE does: ``polib`` (POFile.save, rewriting the file in place),
``msgcat`` (the edit written to a scratch file, then ``msgcat SCRATCH -o PATH``,
also in place), ``rename`` (a new file renamed over PATH, as most editors save) or
``poedit`` (renamed over PATH too, the header reordered, strings rewrapped at 79 and
lines ending in CRLF, as Poedit on Windows leaves a catalog).
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
    if mode in ("rename", "poedit"):
        fd, scratch = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".editor-", suffix=".po")
        os.close(fd)
        if mode == "poedit":
            po.metadata = {"X-Generator": "Poedit 3.4", **dict(reversed(po.metadata.items()))}
        po.save(scratch)
        if mode == "poedit":
            subprocess.run(["msgcat", "--force-po", "--width=79", scratch, "-o", scratch], check=True)
            with open(scratch, "rb") as handle:
                crlf = handle.read().replace(b"\n", b"\r\n")
            with open(scratch, "wb") as handle:
                handle.write(crlf)
        os.replace(scratch, path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "edit.po")
        po.save(scratch)
        subprocess.run(["msgcat", scratch, "-o", path], check=True)


# How each editor re-saves a catalog it was given, as far as l10n's comments are concerned
# (tests/test_comment_wrap.py).  Only polib wraps "#." comment lines (POEntry.__unicode__:
# textwrap at wrapwidth, 78 by default).  The others write comment lines as they read them and
# differ in how they wrap msgid/msgstr:
#   poedit    reads "#." lines trimmed (src/catalog_po.cpp: ReadParam), writes them unwrapped and
#             reformats the file with `msgcat --force-po --width=N`, N the file's own width, 79 by default
#             (POCatalog::Save);
#   lokalize  writes comments verbatim (src/catalog/gettext/gettextexport.cpp: writeComment) and
#             wraps strings at 80 (writeKeyword's own lazy wrap; msgcat --width=80 stands in for it);
#   weblate   translate-toolkit writes "#." lines verbatim and wraps strings at 77 (Weblate's default
#             "po_line_wrap"; msgcat --width=77 stands in for translate-toolkit's wrapper).
RESAVERS = ("polib", "polib-narrow", "msgcat", "poedit", "lokalize", "weblate")
_WIDTHS = {"poedit": 79, "lokalize": 80, "weblate": 77}


def resave(tool: str, path: str) -> None:
    """Load ``path`` and save it unchanged the way ``tool`` (one of RESAVERS) does."""
    if tool in ("polib", "polib-narrow"):
        po = polib.pofile(path, wrapwidth=78 if tool == "polib" else 30)
        po.save(path)
        return
    if tool == "msgcat":
        subprocess.run(["msgcat", path, "-o", path], check=True)
        return
    po = polib.pofile(path, wrapwidth=0)
    if tool == "poedit":
        for entry in po:
            entry.comment = "\n".join(line.strip() for line in entry.comment.split("\n")) if entry.comment else entry.comment
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "editor.po")
        po.save(scratch)
        force = ["--force-po"] if tool == "poedit" else []
        subprocess.run(["msgcat", *force, f"--width={_WIDTHS[tool]}", scratch, "-o", path], check=True)


def main() -> None:
    for line in sys.stdin:
        mode, delay, path, index, text = line.rstrip("\n").split(" ", 4)
        time.sleep(float(delay))
        save(mode, path, int(index), text)
        print("saved", flush=True)


if __name__ == "__main__":
    main()

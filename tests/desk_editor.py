"""A desk editing a project at random moments, in another process, for the stress test.

``python desk_editor.py ROOT SEED LOG STOP``: writes ``{}`` to LOG when ready; then, until the file STOP exists, sleeps
a random moment, then makes one edit and appends it to LOG as one JSON line
(``kind``, ``start``, ``end`` as time.time(), and what was changed):

* ``article``: a new paragraph appended to ROOT/story.txt, in place (ASCII only,
  so a read during the write can never cut a character in two);
* ``glossary``: a new term in ROOT/glossary/terms.csv, saved by renaming a new
  file over it (as spreadsheet programs save);
* ``review`` / ``clear``: a translator's save of ROOT/locales/ar/LC_MESSAGES/story.po
  with polib's defaults (``POFile.save``, rewriting the file in place): one entry
  gets a reviewed translation, or is emptied so that it needs a draft again.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

import polib


def edit_article(root: Path, n: int) -> dict:
    sentence = f"Update {n}: the council met again and approved plan number {n} on the same day."
    with open(root / "story.txt", "a", encoding="ascii") as handle:
        handle.write(f"\n{sentence}\n")
    return {"kind": "article", "sentence": sentence}


def edit_glossary(root: Path, n: int) -> dict:
    path = root / "glossary" / "terms.csv"
    text = path.read_text(encoding="utf-8") + f"t{n},Qarawi{n},قروي {n},stress test\n"
    scratch = path.with_name(f".terms-{n}.csv")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)
    return {"kind": "glossary", "term": f"Qarawi{n}"}


def edit_catalog(root: Path, n: int, rng: random.Random) -> dict | None:
    path = root / "locales" / "ar" / "LC_MESSAGES" / "story.po"
    if not path.is_file():
        return None
    po = polib.pofile(str(path))
    entries = [entry for entry in po if not entry.obsolete]
    if not entries:
        return None
    entry = rng.choice(entries)
    clear = rng.random() < 0.25
    entry.msgstr = "" if clear else f"مراجعة المحرر {n}"
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(str(path))
    return {"kind": "clear" if clear else "review", "msgid": entry.msgid, "text": entry.msgstr,
            "sha": hashlib.sha256(path.read_bytes()).hexdigest()[:8]}


def main() -> None:
    root, seed, log, stop = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    rng = random.Random(seed)
    n = 0
    with open(log, "a", encoding="utf-8") as out:
        out.write("{}\n")  # ready: the runs may start
        out.flush()
        while not stop.exists():
            time.sleep(rng.uniform(0.02, 0.3))
            n += 1
            start = time.time()
            kind = rng.choice(("article", "article", "glossary", "catalog"))
            if kind == "article":
                done = edit_article(root, n)
            elif kind == "glossary":
                done = edit_glossary(root, n)
            else:
                done = edit_catalog(root, n, rng)
            if done is not None:
                out.write(json.dumps({**done, "start": start, "end": time.time()}, ensure_ascii=False) + "\n")
                out.flush()


if __name__ == "__main__":
    main()

"""The per-article JSON manifest a CMS import reads: languages, completeness, reviewers, checksums.

Stable by construction: keys sorted, no wall-clock time, paths relative to the
project root, so re-publishing the same input gives the same bytes.  Languages
not published in this run keep their previous entry, so publishing one
language does not hide the others; a blocked language's entry says
``"status": "blocked"`` and lists no outputs (files from an earlier run stay on
disk for the CMS to keep serving until the new version is ready).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

MANIFEST_VERSION = 1
PLACEHOLDER_TRANSLATORS = {"", "FULL NAME <EMAIL@ADDRESS>", "Automatically generated"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reviewers(metadata: Mapping[str, str]) -> list[str]:
    """People named in ``Last-Translator`` and ``X-Reviewed-By`` (comma/semicolon separated), in order.

    >>> reviewers({"Last-Translator": "A <a@x>", "X-Reviewed-By": "B <b@x>; A <a@x>"})
    ['A <a@x>', 'B <b@x>']
    """
    names = [metadata.get("Last-Translator", "")]
    names += metadata.get("X-Reviewed-By", "").replace(";", ",").split(",")
    return list(dict.fromkeys(name.strip() for name in names if name.strip() not in PLACEHOLDER_TRANSLATORS))


def build_manifest(article: Mapping[str, object], languages: Mapping[str, dict], previous: str | None) -> dict:
    """The manifest: ``article`` fields, this run's ``languages`` over the previous manifest's others."""
    kept: dict[str, dict] = {}
    if previous:
        try:
            old = json.loads(previous)
        except ValueError:
            old = {}
        if isinstance(old, dict) and isinstance(old.get("languages"), dict):
            kept = dict(old["languages"])
    kept.update(languages)
    return {"manifest_version": MANIFEST_VERSION, **article, "languages": dict(sorted(kept.items()))}


def render_manifest(manifest: Mapping[str, object]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

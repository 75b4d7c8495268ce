"""The per-article JSON manifest a CMS import reads: languages, completeness, reviewers, checksums.

Stable by construction: keys sorted, no wall-clock time, paths relative to the
project root, so re-publishing the same input gives the same bytes.  Only the
languages published in this run are (re)written; every other language keeps
its previous entry, so publishing one language does not hide the others, and
a language that is blocked now keeps the entry (and files) of its last
publication for the CMS to serve until the new version is ready.  Each entry
records the ``source_sha256`` it was made from; the top-level one is the
current source, so a CMS can tell a stale language.  The top-level
``pictures`` maps each local image the article shows (its address) to the
copy written beside the pages, with its SHA-256, so a copy the desk replaced
by hand is told apart as a page is.  Manifests written before it have no
``pictures``: their copies have no recorded digest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

MANIFEST_VERSION = 1
PLACEHOLDER_TRANSLATORS = {"", "FULL NAME <EMAIL@ADDRESS>", "Automatically generated"}


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
    kept = recorded_languages(previous)
    kept.update(languages)
    return {"manifest_version": MANIFEST_VERSION, **article, "languages": dict(sorted(kept.items()))}


def recorded_languages(previous: str | None) -> dict[str, dict]:
    """The language entries of a manifest's text; none for no manifest or one that is not ours.

    >>> recorded_languages('{"languages": {"ar": {"status": "published"}}}')
    {'ar': {'status': 'published'}}
    >>> recorded_languages("not json")
    {}
    """
    languages = _parsed(previous).get("languages")
    return dict(languages) if isinstance(languages, dict) else {}


def recorded_digests(previous: str | None, lang: str) -> dict[str, str]:
    """format -> SHA-256 of the files the manifest says were published for ``lang``.

    >>> recorded_digests('{"languages": {"ar": {"outputs": {"md": {"path": "p/ar.md", "sha256": "ab"}}}}}', "ar")
    {'md': 'ab'}
    """
    entry = recorded_languages(previous).get(lang)
    return _digests(entry.get("outputs") if isinstance(entry, dict) else None)


def recorded_pictures(previous: str | None) -> dict[str, str]:
    """address -> SHA-256 of the pictures the manifest says were copied; none for a manifest older than ``pictures``.

    >>> recorded_pictures('{"pictures": {"k1.jpg": {"path": "published/s/k1.jpg", "sha256": "cd"}}}')
    {'k1.jpg': 'cd'}
    >>> recorded_pictures('{"languages": {}}')
    {}
    """
    return _digests(_parsed(previous).get("pictures"))


def _parsed(previous: str | None) -> dict:
    """A manifest's text as a dict; empty for no manifest, or text that is not a JSON object (not ours)."""
    try:
        old = json.loads(previous) if previous else {}
    except ValueError:
        return {}
    return old if isinstance(old, dict) else {}


def _digests(records: object) -> dict[str, str]:
    """name -> ``sha256`` of a manifest's file records (``{"path", "sha256", "bytes"}``), skipping malformed ones."""
    if not isinstance(records, dict):
        return {}
    return {name: out["sha256"] for name, out in records.items() if isinstance(out, dict) and isinstance(out.get("sha256"), str)}


def render_manifest(manifest: Mapping[str, object]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

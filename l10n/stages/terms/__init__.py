"""The glossary: term base files, term matching, enforcement while drafting, and checks.

    glossary.py  Glossary (terms + matcher), approved_rendering
    match.py     English forms in sources; clitic/suffix-aware renderings in targets
    csvfile.py   the editable CSV (one column per language)
    tbxfile.py   TBX import/export through defusedxml
    store.py     files on disk: read_glossary, import_tbx, export_tbx, add_term
    check.py     check_terms, glossary_hints (qa.check_catalogs(checks=("glossary",)) checks files)
    enforce.py   draft_with_glossary: draft with alignment → splice approved terms → verify → flag
    lone.py      LoneRenderings: the model's renderings of terms on their own, kept between runs (SQLite)
    names.py     proper names of a source that no term covers (unknown_names, names_note)
"""

from .glossary import Glossary, accepted_renderings, approved_rendering, whole_term_rendering
from .match import contains_rendering
from .store import (
    GLOSSARY_FILE,
    add_term,
    export_tbx,
    import_tbx,
    merge_glossaries,
    read_glossary,
    read_tbx,
    write_glossary,
    write_tbx,
)
from .check import check_terms, glossary_hints
from .enforce import TermDraft, draft_with_glossary
from .lone import STORE_FILE as LONE_STORE_FILE, LoneRenderings
from .names import names_note, unknown_names

__all__ = [
    "GLOSSARY_FILE",
    "Glossary",
    "LONE_STORE_FILE",
    "LoneRenderings",
    "TermDraft",
    "accepted_renderings",
    "add_term",
    "approved_rendering",
    "check_terms",
    "contains_rendering",
    "draft_with_glossary",
    "export_tbx",
    "glossary_hints",
    "import_tbx",
    "merge_glossaries",
    "names_note",
    "read_glossary",
    "read_tbx",
    "unknown_names",
    "write_glossary",
    "whole_term_rendering",
    "write_tbx",
]

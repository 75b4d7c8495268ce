"""The glossary's editable form: one CSV row per term, one column per language.

Columns (header names, any order; only ``en`` is required):

    id, en, ar, ckb, tk, forbidden_ar, forbidden_ckb, forbidden_tk,
    do_not_translate, case_sensitive, bracketed_acronym, note, origin

``construct_<lang>`` (optional) gives the form a term takes before a genitive
that follows it, where the language puts the possessor after the possessed:
Arabic construct state (``مجلس محافظة`` in مجلس محافظة كركوك), Sorani izafe
(``ئەنجوومەنی پارێزگای``).  Enforcement writes it there and verification accepts
it; a blank cell or a file without the column means the term has none.

``bracketed_acronym`` (optional) says what a draft does with "(ISF)" after
"Iraqi Security Forces": ``drop`` it (the default, also for a blank cell or a
file without the column) or ``keep`` it in brackets after the rendering.

``en`` and the ``forbidden_*`` cells hold several values separated by ``|``.
A language cell may too: its first value is the approved rendering (the one
enforcement inserts), the others attested spellings that verification accepts
(``کەرکووک | کەرکوک``).
A cell starting with = + - @ (or a tab / carriage return) could run as a
formula when the file is opened in a spreadsheet, so reading rejects it; write
it with a leading apostrophe ('=...) to mean it literally.  Writing adds that
apostrophe itself, so what we write reads back unchanged.
Cells and the values between ``|`` are read without the whitespace and the
invisible format characters (direction marks, zero-width spaces: ``core.blank``)
a paste leaves at their edges: a form ending in one never matched an article.

The file as a spreadsheet saves it is read: a byte order mark, CRLF endings,
header names in any case or padded (``EN`` is ``en``), empty columns after the
last one and empty cells past a row's end; ``render_csv`` keeps the mark and the
line endings, so an added term is one more line in git.  Refused, each in one
line naming where: a git merge conflict's marker lines (``CONFLICT_MARKERS``), a
file separated by ``;`` or tabs (``OTHER_SEPARATORS``: rewritten with commas it
would change every line), a column l10n does not know (a rewrite would drop it),
text under a column with no name, two terms whose forms match the same words
(``match.form_key``: case, a hyphen as a space, ``’`` as ``'``), and a
``forbidden_<lang>`` spelling the term also accepts (``glossary.spelling_key``:
it could never be flagged).  Decoding (UTF-8, or which encoding it is instead)
is ``store``'s.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from ...core.blank import trimmed
from ...core.languages import PROFILES
from ...core.records import Term
from ...errors import GlossaryError
from .glossary import BRACKETED_ACRONYM, Glossary, accepted_renderings, spelling_key
from .match import form_key

SEPARATOR = "|"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = ("id", "en")
FLAG_COLUMNS = ("do_not_translate", "case_sensitive")
ACRONYM_COLUMN = "bracketed_acronym"
TRAILING_COLUMNS = ("note", "origin")
#: Lines git leaves where a merge conflicted: the two sides' rows, neither of them a term the way they stand.
CONFLICT_MARKERS = re.compile(r"(?:<{7}|>{7}|\|{7})(?: .*)?|={7}")
#: What a spreadsheet set to another region separates cells with when it saves "CSV" (European Excel: ';').
OTHER_SEPARATORS = (";", "\t")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"", "no", "n", "false", "0"}


def _where(name: str, line: int) -> str:
    return f"{name}:{line}"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(trimmed(part) for part in cell.split(SEPARATOR))


def _known_column(column: str) -> bool:
    lang = column.removeprefix("forbidden_").removeprefix("construct_")
    return column in (*FIXED_COLUMNS, *FLAG_COLUMNS, ACRONYM_COLUMN, *TRAILING_COLUMNS) or lang in PROFILES


def _literal(cell: str, where: str, column: str) -> str:
    """The cell's text, refusing spreadsheet formulas and undoing our own apostrophe escape."""
    if cell.strip() and not any(c.isalnum() for c in cell):
        raise _no_word(where, column, cell.strip())
    if cell.startswith(FORMULA_LEADS):
        raise GlossaryError(
            f"{where}: the {column!r} cell starts with {cell[:1]!r} and could run as a spreadsheet formula; "
            f"write '{cell.strip()[:20]} (with a leading apostrophe) if it is meant literally."
        )
    if cell.startswith("'") and cell[1:].startswith(FORMULA_LEADS):
        return cell[1:]
    return trimmed(cell)


def _no_word(where: str, column: str, written: str) -> GlossaryError:
    """A cell (or one of its '|' values) with no letter or digit: a spreadsheet's "n/a" dash, which as a rendering
    would go into every draft for the term."""
    return GlossaryError(f"{where}: the {column!r} cell holds {written!r}, no word; leave it empty where there is "
                         "none (a dash would be written into drafts as the term).")


def _flag(cell: str, where: str, column: str) -> bool:
    value = cell.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise GlossaryError(f"{where}: {column} is {cell!r}; write yes or no.")


def _acronym_choice(cell: str, where: str) -> str:
    value = cell.strip().lower() or BRACKETED_ACRONYM[0]
    if value not in BRACKETED_ACRONYM:
        raise GlossaryError(f"{where}: {ACRONYM_COLUMN} is {cell!r}; write {' or '.join(BRACKETED_ACRONYM)} (blank means drop).")
    return value


def _term_from_row(row: dict[str, str], languages: Sequence[str], where: str, line: int) -> Term:
    cells = {column: _literal(value, where, column) for column, value in row.items()}
    forms = _split(cells.get("en", ""))
    if not any(forms) or not all(forms):
        raise GlossaryError(f"{where}: empty English form in {cells.get('en', '')!r}; give each form between the '|' separators.")
    term_id = cells.get("id", "") or re.sub(r"[^a-z0-9]+", "-", forms[0].lower()).strip("-") or f"line-{line}"
    forbidden, targets, variants, construct = {}, {}, {}, {}
    for lang in languages:
        if cells.get(f"construct_{lang}"):
            construct[lang] = cells[f"construct_{lang}"]
        values = tuple(v for v in _split(cells.get(f"forbidden_{lang}", "")) if v)
        if values:
            forbidden[lang] = values
        spellings = tuple(v for v in _split(cells.get(lang, "")) if v)
        if (blank := next((v for v in spellings if not any(c.isalnum() for c in v)), None)) is not None:
            raise _no_word(where, lang, blank)
        if spellings:
            targets[lang] = spellings[0]
        if spellings[1:]:
            variants[lang] = spellings[1:]
    term = Term(
        id=term_id,
        forms=tuple(forms),  # the desk's order: rewriting the file must not reorder them
        targets=targets,
        variants=variants,
        forbidden=forbidden,
        do_not_translate=_flag(cells.get("do_not_translate", ""), where, "do_not_translate"),
        case_sensitive=_flag(cells.get("case_sensitive", ""), where, "case_sensitive"),
        bracketed_acronym=_acronym_choice(cells.get(ACRONYM_COLUMN, ""), where),
        construct=construct,
        note=cells.get("note", ""),
        origin=cells.get("origin", ""),
        line=line,
    )
    _check_forbidden_not_accepted(term, where)
    return term


def _check_forbidden_not_accepted(term: Term, where: str) -> None:
    """A forbidden spelling that reads as one the term accepts (as matching reads them: tatweel, harakat, keyboard
    letters aside) is never flagged: the approved rendering's words are not searched for forbidden ones."""
    for lang, spellings in term.forbidden.items():
        accepted = {spelling_key(rendering, lang): rendering for rendering in accepted_renderings(term, lang)}
        for spelling in spellings:
            same = accepted.get(spelling_key(spelling, lang))
            if same is not None:
                raise GlossaryError(
                    f"{where}: forbidden_{lang} {spelling!r} is also accepted in {lang} (as {same!r}), so it would never be "
                    f"flagged; remove it from one of the two cells."
                )


def _check_unique(terms: Sequence[Term], name: str) -> None:
    """Two rows with one id, or one English form in two terms, would make matches ambiguous."""
    ids: dict[str, int] = {}
    forms: dict[str, tuple[int, str]] = {}   # form_key -> (line, the form written there)
    for term in terms:
        where = _where(name, term.line)
        if term.id in ids:
            raise GlossaryError(f"{where}: id {term.id!r} is already used on line {ids[term.id]}; give each term its own id.")
        ids[term.id] = term.line
        for form in term.forms:
            key = form_key(form, term.case_sensitive)
            line, written = forms.get(key, (term.line, ""))
            spaced = " ".join(form.split())
            if written == spaced or line != term.line:
                how = "in any case" if written.casefold() == spaced.casefold() else "the same words (a hyphen as a space, ’ as ')"
                case = "" if written == spaced else f" as {written!r}, which matches {how}"
                raise GlossaryError(f"{where}: the form {form!r} is already on line {line}{case}; keep each form in one term.")
            forms[key] = (line, " ".join(form.split()))


def _refuse_conflict_markers(text: str, name: str) -> None:
    """A git merge that conflicted in terms.csv leaves both sides' rows between marker lines; neither side is read."""
    for number, line in enumerate(text.split("\n"), 1):
        if CONFLICT_MARKERS.fullmatch(line.rstrip("\r")):
            raise GlossaryError(f"{_where(name, number)}: a git merge conflict is left in the file ({line.rstrip()[:20]!r}); "
                                "keep the rows each term should have, delete the <<<<<<< ======= >>>>>>> lines, and commit.")


def _refuse_other_separator(header: Sequence[str], name: str) -> None:
    """A file saved by a spreadsheet whose region separates cells with ';' (or a tab) has one header cell holding
    every column name."""
    for separator in OTHER_SEPARATORS:
        if any(separator in column and "en" in (part.strip() for part in column.split(separator)) for column in header):
            shown = "tabs" if separator == "\t" else repr(separator)
            raise GlossaryError(f"{_where(name, 1)}: the cells are separated by {shown}, not commas (a spreadsheet set "
                                "to another region saves CSV so); save the file as 'CSV UTF-8 (comma-delimited)'.")


def parse_csv(text: str, name: str = "terms.csv") -> Glossary:
    """A Glossary from CSV text; GlossaryError names ``name`` and the line of any problem."""
    text = text.removeprefix("\ufeff")
    _refuse_conflict_markers(text, name)
    # strict: a quote left open is an error, not every later row read into one cell
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_end = 0
    try:
        header = next(reader, None)
        if header is None:
            return Glossary(source=name)
        header = [column.strip().lower() for column in header]  # "EN" or " ar " as a spreadsheet user typed it
        _refuse_other_separator(header, name)
        unknown = [column for column in header if column and not _known_column(column)]
        if unknown:
            known = ", ".join(sorted(PROFILES))
            raise GlossaryError(f"{_where(name, 1)}: unknown column {unknown[0]!r}; rename it to a glossary column (id, en, "
                                f"the languages {known}, forbidden_<lang>, construct_<lang>, do_not_translate, case_sensitive, "
                                f"{ACRONYM_COLUMN}, note, origin) or move what it holds into the note column.")
        if "en" not in header:
            raise GlossaryError(f"{_where(name, 1)}: no 'en' column; add one holding the English forms.")
        repeated = [column for index, column in enumerate(header) if column and column in header[:index]]
        if repeated:  # the later cell would silently win over the first
            raise GlossaryError(f"{_where(name, 1)}: the column {repeated[0]!r} appears twice; keep one and merge their cells.")
        languages = tuple(column for column in header if column in PROFILES)
        terms = []
        previous_end = reader.line_num
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header) and not any(cell.strip() for cell in cells[len(header):]):
                cells = cells[:len(header)]  # the empty cells a spreadsheet writes past the last column
            if len(cells) != len(header):
                raise GlossaryError(
                    f"{_where(name, line)}: {len(cells)} cells where the header has {len(header)}; "
                    "quote cells that contain commas and give every row the same columns."
                )
            unnamed = [cell for column, cell in zip(header, cells) if not column and cell.strip()]
            if unnamed:
                raise GlossaryError(f"{_where(name, line)}: the cell {unnamed[0].strip()[:30]!r} is in a column with no name "
                                    "in the header; name the column or move the cell into one.")
            row = {column: cell for column, cell in zip(header, cells) if column}
            terms.append(_term_from_row(row, languages, _where(name, line), line))
    except csv.Error as exc:
        raise GlossaryError(f"{_where(name, previous_end + 1)}: malformed CSV ({exc}) in the row starting on this line; "
                            "fix its quoting.") from exc
    _check_unique(terms, name)
    return Glossary(terms=tuple(terms), languages=languages, source=name)


def _joined(values: Sequence[str]) -> str:
    return f" {SEPARATOR} ".join(value for value in values if value)


def _neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text: formula-like cells get a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_LEADS) else cell


def render_csv(glossary: Glossary, *, previous: tuple[str, Glossary] | None = None) -> str:
    """CSV text for ``glossary`` that ``parse_csv`` reads back to the same terms.

    ``previous`` (a file's text and the Glossary parsed from it): rows of terms
    that are unchanged are written exactly as the file had them, quoting and all,
    and the file's byte order mark and line endings (CRLF, as Excel saves) are kept,
    so adding one term to the desk's file changes one line of it.
    """
    text = previous[0] if previous else ""
    ending = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    languages = glossary.languages or tuple(
        lang for lang in PROFILES if any(lang in term.targets or lang in term.forbidden for term in glossary.terms)
    )
    acronyms = any(term.bracketed_acronym != BRACKETED_ACRONYM[0] for term in glossary.terms)
    constructs = tuple(lang for lang in languages if any(lang in term.construct for term in glossary.terms))
    header = [*FIXED_COLUMNS, *languages, *(f"forbidden_{lang}" for lang in languages),
              *(f"construct_{lang}" for lang in constructs), *FLAG_COLUMNS,
              *((ACRONYM_COLUMN,) if acronyms else ()), *TRAILING_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(header)
    kept = _unchanged_records(previous, out.getvalue(), ending) if previous else {}
    for term in glossary.terms:
        if kept.get(term.id, (None,))[0] == term:
            out.write(kept[term.id][1])
            continue
        row = [
            term.id,
            _joined(term.forms),
            *(_joined((term.targets.get(lang, ""), *term.variants.get(lang, ()))) for lang in languages),
            *(_joined(term.forbidden.get(lang, ())) for lang in languages),
            *(term.construct.get(lang, "") for lang in constructs),
            "yes" if term.do_not_translate else "",
            "yes" if term.case_sensitive else "",
            *((term.bracketed_acronym,) if acronyms else ()),
            term.note,
            term.origin,
        ]
        writer.writerow([_neutralised(cell) for cell in row])
    return ("\ufeff" if text.startswith("\ufeff") else "") + out.getvalue()


def _unchanged_records(previous: tuple[str, Glossary], header_line: str, ending: str) -> dict[str, tuple[Term, str]]:
    """term id -> (term, its record as written in the file, ending in ``ending``), when the file's header is the one we write."""
    text, parsed = previous
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="").readlines()
    if not lines or lines[0].rstrip("\r\n") != header_line.rstrip("\r\n"):
        return {}
    starts = sorted(term.line for term in parsed.terms) + [len(lines) + 1]
    records = {}
    for start, following in zip(starts, starts[1:]):
        record = "".join(lines[start - 1:following - 1]).rstrip("\r\n")  # blank lines between rows are dropped
        records[start] = record + ending
    return {term.id: (term, records[term.line]) for term in parsed.terms}

"""``l10n glossary suggest``: the proper names the glossary lacks, with counts and the renderings the drafts used.

The names are those ``terms.unknown_names`` finds in the units of the project's
articles (the given articles, or every template under ``locales/``).  For each
name and target language, the catalogs' translations of the units holding it
are compared with the catalogs' other translations: the words a translation
shares with the other translations of that name and rarely with the rest
(Dice over entries), or, in a name's only entry, the words that sound most like
it (consonant skeletons across Latin and Arabic script), are taken as the
rendering a draft used.  The result is glossary rows (``terms.csvfile``
columns) the desk completes and pastes into ``glossary/terms.csv``: the most
used rendering first, other ones as variants, the counts in the note.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.project import Project
from ..core.records import Term
from ..errors import UsageError
from ..files.atomic import atomic_write
from ..files.paths import slugify
from ..stages import pofiles, terms
from ..stages.catalog import unit_entries
from ..stages.terms.csvfile import render_csv
from .owned import check_output_path

MIN_DICE = 0.5         # below this a word is as much the other entries' as the name's
SURE_DICE = 0.67       # ... and from this on, found in two of the name's entries, it is the name's whatever it sounds like
MIN_LIKENESS = 0.5     # otherwise a rendering must sound at least this much like the name
# Arabic and Sorani letters as the consonants they write (vowel letters and hamza write none).
_ARABIC_SOUNDS = str.maketrans({
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r",
    "ڕ": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f",
    "ڤ": "v", "ق": "k", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "ڵ": "l", "م": "m", "ن": "n", "ه": "h", "ھ": "h",
    "ع": "", "ء": "", "ئ": "", "أ": "", "إ": "", "آ": "", "ا": "", "و": "", "ۆ": "", "ي": "", "ی": "", "ى": "",
    "ێ": "", "ە": "", "ة": "",
})


@dataclass(frozen=True)
class Candidate:
    """A proper name no glossary term covers, how often the articles use it, and how the catalogs rendered it."""

    name: str
    units: int                                   # units holding it
    articles: tuple[str, ...]                    # slugs of the articles holding it
    renderings: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # lang -> (rendering, entries), most used first


def _skeleton(text: str) -> str:
    """The consonants ``text`` writes, in one Latin spelling for either script ("Sinjar", "سنجار" → "snjr")."""
    text = re.sub(r"^(?:al|el|ال)[-\s]?", "", text.strip(), flags=re.IGNORECASE)
    text = unicodedata.normalize("NFKD", text.translate(_ARABIC_SOUNDS).replace("ı", "i"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("q", "k").replace("c", "k").replace("w", "v").replace("ph", "f")
    return re.sub(r"[^bdfghjklmnprstvxz]", "", text)


def _likeness(name: str, rendering: str) -> float:
    a, b = _skeleton(name), _skeleton(rendering)
    return difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def _words(text: str) -> list[str]:
    """A translation's words, without punctuation around them or a suffix after an apostrophe (Sincar'da → Sincar)."""
    words = []
    for token in text.split():
        token = re.split(r"['’]", token.strip(".,;:!?\"“”‘’()[]«»،؛؟"))[0]
        if token:
            words.append(token)
    return words


def _grams(words: list[str], longest: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def used_renderings(name: str, with_name: Sequence[str], others: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """How ``with_name`` (translations of units holding ``name``) rendered it, judged against ``others``.

    >>> used_renderings("Sinjar", ["غادرت القوات سنجار", "سنجار هادئة"], ["غادرت القوات الموصل"])
    (('سنجار', 2),)
    >>> used_renderings("Sinjar", ["Sincar'da çatışma çıktı"], ["Kerkük'te çatışma"])
    (('Sincar', 1),)
    """
    longest = len(name.split()) + 1
    texts = [_words(text) for text in with_name]
    grams = [_grams(words, longest) for words in texts]
    rest = [_grams(_words(text), longest) for text in others]
    inside = Counter(gram for entry in grams for gram in entry)
    total = Counter(gram for entry in rest for gram in entry) + inside
    chosen: Counter[str] = Counter()
    for entry in grams:
        def score(gram: tuple[str, ...]) -> tuple[float, float, int]:
            return (2 * inside[gram] / (len(grams) + total[gram]), _likeness(name, " ".join(gram)), -len(gram))

        if not entry:
            continue
        best = max(entry, key=score)
        dice, likeness, _ = score(best)
        if dice >= MIN_DICE and ((inside[best] >= 2 and dice >= SURE_DICE) or likeness >= MIN_LIKENESS):
            chosen[" ".join(best)] += 1
    return tuple(chosen.most_common())


def _article_units(project: Project, paths: Sequence[Path | str]) -> dict[str, list[str]]:
    """slug -> unit sources: the given articles segmented, else every template under locales/."""
    if paths:
        from ..stages.articles import load_article
        from ..stages.read import collect_articles

        return {article.slug: [unit.source for unit in article.units]
                for article in (load_article(project, path) for path in collect_articles(paths, skip=project.own_folders()))}
    templates = sorted(project.locales_dir.glob("*.pot")) if project.locales_dir.is_dir() else []
    if not templates:
        raise UsageError(f"no templates in {project.locales_dir}; run `l10n translate` first or name the articles.")
    return {path.stem: [entry.msgid for entry in pofiles.read_catalog(path) if not entry.obsolete] for path in templates}


def _translations(project: Project, slugs: Sequence[str], lang: str) -> dict[tuple[str, str], str]:
    """(slug, source) -> translation, from the catalogs of ``slugs`` in ``lang`` (drafts and reviewed entries)."""
    found = {}
    for slug in slugs:
        path = project.catalog_path(slug, lang)
        if path.is_file():
            for source, entry in unit_entries(pofiles.read_catalog(path)).items():
                if entry.msgstr:
                    found[(slug, source)] = entry.msgstr
    return found


def suggest_terms(project: Project, paths: Sequence[Path | str] = ()) -> list[Candidate]:
    """The names no glossary term covers in the project's articles, most used first."""
    glossary = terms.read_glossary(project.glossary_dir)
    units = _article_units(project, paths)
    holders: dict[str, list[tuple[str, str]]] = {}
    for slug, sources in units.items():
        for source in sources:
            for name in terms.unknown_names(source, glossary):
                holders.setdefault(name, []).append((slug, source))
    translations = {lang: _translations(project, list(units), lang) for lang in project.targets}
    candidates = []
    for name, where in holders.items():
        renderings = {}
        for lang, translated in translations.items():
            with_name = [translated[key] for key in where if key in translated]
            others = [text for key, text in translated.items() if key not in set(where)]
            used = used_renderings(name, with_name, others)
            if used:
                renderings[lang] = used
        candidates.append(Candidate(name, len(where), tuple(dict.fromkeys(slug for slug, _ in where)), renderings))
    return sorted(candidates, key=lambda c: (-c.units, c.name))


def render_suggestions(project: Project, candidates: Sequence[Candidate]) -> str:
    """The candidates as CSV rows in the glossary's own columns (its header first), ready to complete."""
    glossary = terms.read_glossary(project.glossary_dir)
    languages = glossary.languages or tuple(project.targets)
    taken = {term.id for term in glossary.terms}
    rows = []
    for candidate in candidates:
        term_id = slugify(candidate.name).lower().strip("-") or "name"
        while term_id in taken:
            term_id += "-2"
        taken.add(term_id)
        used = {lang: [text for text, _ in found] for lang, found in candidate.renderings.items() if lang in languages}
        drafts = "; ".join(f"{lang}: {', '.join(f'{text} ×{count}' for text, count in found)}"
                           for lang, found in candidate.renderings.items() if lang in languages)
        where = f"{candidate.units} unit{'s' * (candidate.units != 1)} in {len(candidate.articles)} article{'s' * (len(candidate.articles) != 1)}"
        rows.append(Term(
            id=term_id, forms=(candidate.name,),
            targets={lang: texts[0] for lang, texts in used.items()},
            variants={lang: tuple(texts[1:]) for lang, texts in used.items() if texts[1:]},
            note=f"not in the glossary: {where} ({', '.join(candidate.articles)}); check the renderings against the press",
            origin=f"drafts used (entries): {drafts}" if drafts else "no draft rendering found; fill in from the press",
        ))
    return _in_columns(render_csv(terms.Glossary(terms=tuple(rows), languages=languages)), _header(project))


def _header(project: Project) -> list[str]:
    """The columns of the project's glossary file as written there ([] when it has none)."""
    path = project.glossary_dir / terms.GLOSSARY_FILE
    if not path.is_file():
        return []
    first = path.read_text(encoding="utf-8-sig").splitlines()[:1]
    return [column.strip() for column in next(csv.reader(first), [])]


def _in_columns(text: str, header: list[str]) -> str:
    """CSV ``text`` rewritten with ``header``'s columns in its order, so the rows paste into that file."""
    if not header:
        return text
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv.DictReader(io.StringIO(text)))
    return out.getvalue()


def write_suggestions(project: Project, text: str, out: Path) -> Path:
    """Write the suggestions to ``out``, refusing to replace a file of the project (its glossary, catalogs, articles...)."""
    out = Path(out)
    resolved = out.resolve()
    if resolved.exists() and (resolved == project.root or resolved.is_relative_to(project.root)):
        raise UsageError(f"{out}: a file of the project; write the suggestions to a new file and copy the rows you want into the glossary.")
    return atomic_write(check_output_path(project, out), text)  # nor a new file where the project keeps its own

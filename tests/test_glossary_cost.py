"""What the glossary costs a run: work it need not do is not done, and what it does gives the same answers.

No timings here (they live in scripts/bench_glossary.py and scripts/profile_glossary_cost.py): the
tests count the work, and check each shortcut against the long way round.
"""

import random
import re
from pathlib import Path

from l10n.core.languages import get_profile
from l10n.core.patterns import WholeWords
from l10n.core.records import Term, TermHit
from l10n.stages.engine.argos import word_alignment
from l10n.stages.terms import check, evidence, read_glossary
from l10n.stages.terms.glossary import accepted_renderings
from l10n.stages.terms.match import (_SET_OFF_LETTERS, _flexible, _needle, is_acronym, normalise, rendering_regex,
                                     rendering_spans, shouted_word)

ROOT = Path(__file__).resolve().parent.parent
AR, TK = get_profile("ar"), get_profile("tk")


def test_the_first_alternative_that_matches_is_the_one_reported():
    finder = WholeWords([r"US\s+led", r"US(?:\s*[-]\s*|\s+)led", r"(?i:us-led)"], literal=False)
    assert [f.alternative for f in finder.finditer("US led, US-led, us-led, US  led")] == [0, 1, 2, 0]


def test_each_glossary_form_is_found_as_pythons_re_finds_it():
    """The desk glossary's hits in the sample and the bench sentences, against Python's ``re`` and its ``lastindex``."""
    glossary = read_glossary(ROOT / "glossary")
    entries = sorted(((form, term) for term in glossary.terms for form in term.forms), key=lambda pair: (-len(pair[0]), pair[0]))
    python = re.compile("(?<!\\w)(?:" + "|".join(
        f"({_flexible(form)})" if term.case_sensitive or is_acronym(form) else f"((?i:{_flexible(form)}))"
        for form, term in entries) + ")(?!\\w)")
    text = "\n".join([(ROOT / "examples" / "k1-qayyarah-withdrawal.txt").read_text(encoding="utf-8"),
                      (ROOT / "scripts" / "data" / "glossary_sentences.txt").read_text(encoding="utf-8"),
                      (ROOT / "scripts" / "data" / "glossary_news.txt").read_text(encoding="utf-8")])
    found = [(hit.start, hit.end, hit.term.id) for hit in glossary.find(text)]
    expected = [(m.start(), m.end(), entries[m.lastindex - 1][1].id) for m in python.finditer(text)
                if not (is_acronym(m.group()) and shouted_word(text, m.start(), m.end()))]
    assert len(found) > 100
    assert found == expected


def test_no_forbidden_rendering_in_the_language_means_no_search(monkeypatch):
    searched = []
    monkeypatch.setattr(check, "rendering_spans", lambda *args: searched.append(args) or [])
    kirkuk = Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك", "tk": "Kerkük"}, forbidden={"tk": ("Kirkuk",)})
    hit = TermHit(kirkuk, 3, 9, "Kirkuk")
    assert check.forbidden_present("In Kirkuk.", "في كركوك.", [hit], AR) == []
    assert searched == []
    check.forbidden_present("In Kirkuk.", "Kirkuk sakin.", [hit], TK)
    assert searched


def test_forbidden_renderings_are_still_found():
    kirkuk = Term(id="kirkuk", forms=("Kirkuk",), targets={"tk": "Kerkük"}, forbidden={"tk": ("Kirkuk",)})
    hit = TermHit(kirkuk, 3, 9, "Kirkuk")
    assert check.forbidden_present("In Kirkuk.", "Kirkuk sakin.", [hit], TK) == [(hit, "Kirkuk")]


def _summed_alignment(target_pieces, rows, source_pieces):
    """Per target word, the source word with most of its pieces' summed attention: the long way round."""
    def words(pieces):
        numbers, count = [], -1
        for piece in pieces:
            count += piece.startswith("▁")
            numbers.append(count)
        return numbers
    source_of, target_of = words(source_pieces), words(target_pieces)
    best = []
    for word in range(max(target_of) + 1):
        summed = [sum(rows[p][c] for p in range(len(target_pieces)) if target_of[p] == word) for c in range(len(source_pieces))]
        totals = [sum(summed[c] for c in range(len(source_pieces)) if source_of[c] == s) for s in range(max(source_of) + 1)]
        best.append(max(range(len(totals)), key=totals.__getitem__))
    return tuple(best)


def test_word_alignment_of_one_piece_words_is_the_summed_one():
    rng = random.Random(7)
    for _ in range(200):
        source = [rng.choice(["▁a", "b", "▁c"]) for _ in range(rng.randint(1, 9))]
        source[0] = "▁" + source[0].lstrip("▁")
        target = [rng.choice(["▁x", "y", "▁z", "▁w"]) for _ in range(rng.randint(1, 9))]
        target[0] = "▁" + target[0].lstrip("▁")
        rows = [[rng.random() for _ in source] for _ in target]
        total = [sum(row) for row in rows]
        rows = [[value / t for value in row] for row, t in zip(rows, total)]
        source_words, target_words = sum(p.startswith("▁") for p in source), sum(p.startswith("▁") for p in target)
        alignment, confidence = word_alignment(target, rows, source, target_words, source_words)
        assert alignment == _summed_alignment(target, rows, source)
        assert all(0.0 <= c <= 1.0 for c in confidence)



def _windows_the_long_way(keys, wanted, prefixes):
    """``evidence._windows_of`` with each draft word's likeness to each wanted word asked one by one."""
    size, found = len(wanted), []
    likeness = [[evidence._likeness(key, word, prefixes) for word in wanted] for key in keys]
    if size > 1 and not all(any(row[number] for row in likeness) for number in range(size)):
        return found
    for first in range(len(keys) - size + 1 if size else 0):
        if size == 1 and likeness[first][0]:
            found.append(evidence.Window((first,), likeness[first][0] == 2, len(keys[first])))
        elif size > 1 and (window := evidence._read(keys, likeness, range(first, first + size), size)) is not None:
            found.append(window)
        elif size == 1 and evidence.HYPHEN.search(keys[first]):
            parts = evidence.HYPHEN.split(keys[first])
            hits = [n for n, part in enumerate(parts) if evidence._likeness(part, wanted[0], prefixes) == 2]
            if len(hits) == 1:
                found.append(evidence.Window((first,), True, len(parts[hits[0]]), hits[0]))
        elif size > 1:
            for span in (size + 1, size + 2):
                window = evidence._read(keys, likeness, range(first, min(len(keys), first + span)), size, gapped=True)
                if window is not None and window.exact:
                    found.append(window)
                    break
    return found


def test_a_drafts_term_windows_read_from_cached_columns_are_the_long_ways():
    """Windows read from one cached likeness column per draft and word (``_likeness_column``), with a running count
    to skip spans that cannot hold the spelling, are the windows of every word compared with every word."""
    rng = random.Random(11)
    vocabulary = ["كركوك", "بكركوك", "كيركوك", "القوات", "قوات", "الأمن", "داعش", "داعش-انچا", "غادرت", "في", "الحشد",
                  "الشعبي", "والحشد", "الشعبية", "Kerkük", "Kerkuk", "Peşmerge", "Peşmerga", "güçleri", "IŞİD"]
    for profile in (AR, TK):
        prefixes = evidence.glued_prefixes(profile)
        for _ in range(400):
            keys = tuple(normalise(rng.choice(vocabulary), profile) for _ in range(rng.randint(0, 12)))
            wanted = tuple(normalise(rng.choice(vocabulary), profile) for _ in range(rng.randint(0, 4)))
            assert evidence._windows_of(keys, wanted, prefixes) == _windows_the_long_way(keys, wanted, prefixes)


def test_a_runs_uncommon_words_are_those_it_does_not_count_common():
    sources = (ROOT / "scripts" / "data" / "glossary_news.txt").read_text(encoding="utf-8").splitlines()
    run = evidence.RunWords([(source, "", frozenset()) for source in sources if source.strip()], AR)
    words = frozenset(w for source in sources for w in re.findall(r"\w+", source.lower()))
    assert run.uncommon(words) == frozenset(w for w in words if not run.common(w))
    assert words - run.uncommon(words), "the news sentences share some common words (the, of)"


def test_every_match_of_a_rendering_holds_its_needle():
    """rendering_spans answers [] without RE2 when the rendering's needle is not in the text: every match holds it.

    Texts: each desk rendering (approved, accepted, forbidden) with each clitic glued on, the article merged
    into a clitic, spaces as hyphens, apostrophes curled, an ending after it, other renderings beside it.
    """
    glossary = read_glossary(ROOT / "glossary")
    randomly = random.Random(7)
    endings = ["", "ی", "ەکە", "ان", "ة", "ها", "'da", "'nın", "ya", "lere", "ي"]
    checked = found = 0
    for lang in ("ar", "ckb", "tk"):
        profile = get_profile(lang)
        renderings = sorted({r for term in glossary.terms
                             for r in (*accepted_renderings(term, lang), *term.forbidden.get(lang, ())) if r.strip()})
        article = profile.definite_article
        for rendering in renderings:
            variants = {rendering, *(p + rendering for p in profile.prefixes)}
            if article and rendering.startswith(article):
                variants |= {p + rendering[1:] for p in profile.prefixes}
            variants |= {re.sub(r"\s+", randomly.choice(["-", " - ", "–", "  "]), v) for v in list(variants)}
            variants |= {v.replace("'", "’") for v in list(variants)}
            for variant in sorted(variants):
                other = randomly.choice(renderings)
                text = normalise(f"{other} {variant}{randomly.choice(endings)} {randomly.choice(renderings)}", profile)
                for asked in (rendering, other):
                    long_way = [(f.start, f.end) for f in rendering_regex(asked, profile).finditer(text)]
                    assert all(_needle(asked, profile) in text[start:end] for start, end in long_way), (lang, asked, text)
                    if profile.apostrophe_suffixes:
                        long_way = [span for span in long_way if not _SET_OFF_LETTERS.match(text, span[1])]
                    assert rendering_spans(text, asked, profile) == long_way
                    checked += 1
                    found += bool(long_way)
    assert checked > 2000 and found > 1000, (checked, found)

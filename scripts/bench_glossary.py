"""Glossary enforcement on stand-ins that behave like models, and what the glossary costs `l10n translate`.

    python scripts/bench_glossary.py [--size base] [--cache DIR] [--examples 5] [--repeats 2]
    python scripts/bench_glossary.py --skip-hand          # only the trained stand-ins (sections 4-6)
    python scripts/bench_glossary.py --skip-terms         # only the cost tables (sections 3 and 6)

Builds, with scripts/standin.py, the stand-in packages en→ar and en→tr of three
variants, each with a real alignment head: (a) ``script`` writes every English
letter piece as a piece of the target's script, (b) ``symbols`` rewrites
bracket/symbol pieces too, (c) ``reorder`` is (a) with adjacent words swapped.
None of them translates, so the figures measure the enforcement machinery, not
translation quality; the approved renderings can only get into a draft
through enforcement.  Sources: the sample article, scripts/data/glossary_sentences.txt
and scripts/data/glossary_news.txt, with the desk glossary (glossary/terms.csv).

1. Per language and stand-in, enforcement off (the model's draft) and on:
   term occurrences (hits with an approved rendering), approved (the draft
   has it), flagged (missing and the unit flagged), silently wrong (missing or
   forbidden rendering present, not flagged: must be 0 with enforcement),
   debris (units with a repeated term, an English 's on a term or ⁇).
2. Before/after drafts of units with terms on stand-in (b).
3. Cost: `l10n translate` (pipeline.translate, model loaded beforehand) over
   the same sources with the desk glossary and with an empty one, at beam 4
   and beam 1, on stand-in (b), interleaved in one run (who goes first
   alternates); wall and CPU seconds, best of ``--repeats``.  The engine is
   kept between runs, as is what it has cached in memory (each term's lone
   rendering), so the best run is a warm one; *cold* is the CPU time of the
   desk's first run, on the fresh engine, as a new ``l10n translate`` process
   would spend it in a new project; *next* that of a later run on another fresh
   engine in a project holding the first run's store of the terms' own
   renderings (``.l10n/renderings.sqlite``), as every run after a desk's first.  Those three run in this
   process, whose caches (compiled patterns, word comparisons, a text's term
   windows) hold what earlier runs filled; *new process* times the empty run
   and the *next* desk run each in a process of its own (best of
   ``--repeats``, alternating), after an untimed run on an unrelated
   article that pays for imports and lazy loading but leaves those caches
   empty: what a desk's ``l10n translate`` spends.  The machine may be shared, so read the ratios.  Also shown: entries carrying glossary notes
   (the glossary was applied) and entries flagged by any check (the stand-in's
   drafts fail QA checks such as brackets and language, glossary or not).
   *Enforcement*: in the best in-process desk run, the thread CPU seconds spent
   in ``draft_with_glossary`` less its calls to the model (enforcement's own
   Python: occurrences, evidence, splices, verification), and the desk/empty
   CPU ratio without them: what the glossary costs besides that Python (term
   matching, the model's alignments and re-decodes, QA's term checks, notes).
4. The trained stand-ins (tests/data/trained, scripts/train_standin.py; see
   docs/trained-standin.md): ar-like and tr-like (tk is drafted en→tr), fully
   trained and under-trained, over the sample and ``--generated`` held-out
   synthetic news sentences with terms (scripts/synthetic_news.py), each with
   a reference carrying the approved terms.  Per stand-in: the term counts
   above for the model's draft (off) and the enforced draft (on); words
   damaged (non-term reference words the model's draft had and the enforced
   draft lost, over all non-term reference words); *left*: words of a term's
   own rendering (the training target's transliteration) that the model wrote
   and the draft still has, a term carrying them counted silently wrong even
   when the approved rendering is there too (generated sentences only: the
   sample has no reference); chrF (sacrebleu) of both
   drafts against the references; and the alignment head's AER against the
   generator's true alignment (scripts/alignment_error.py); *approved in flagged
   units*: approved occurrences whose unit is flagged for review (the term is
   in the draft, often at a place the draft's own evidence only guesses, which a
   finding says; approved less these are the verified ones).  A "targets" line
   says which of approved >= 95%, silently wrong 0, damaged <= 1% and enforced
   chrF >= model chrF each stand-in meets.
5. The first ``--before-after`` generated sentences on the trained ar-like
   stand-in: source, model draft, enforced draft, reference.
6. Cost, as in 3, on each trained stand-in over the sample and the generated sentences.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import polib
import sacrebleu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from same_kernels import pin_ctranslate2_kernels  # noqa: E402

pin_ctranslate2_kernels()  # the drafts this prints are the tests' drafts, whatever the CPU (the cost ratios stay in one run)

from l10n.stages.engine.argos import ArgosEngine  # noqa: E402
from l10n.stages.engine.packages import read_package  # noqa: E402
from l10n.core.languages import get_profile  # noqa: E402
import l10n.stages.terms as terms  # noqa: E402
from l10n.pipeline import translate  # noqa: E402
from l10n.core.project import EngineSettings, load_project  # noqa: E402
from l10n.core.records import EngineRequest  # noqa: E402
from l10n.stages.segment import segment_article  # noqa: E402
from l10n.stages.terms import LONE_STORE_FILE, draft_with_glossary, read_glossary  # noqa: E402
from l10n.stages.terms.check import forbidden_present, missing_terms  # noqa: E402
from l10n.stages.terms.enforce import unit_debris  # noqa: E402
from l10n.stages.terms.glossary import accepted_renderings  # noqa: E402
from l10n.stages.terms.match import normalise  # noqa: E402
from alignment_error import held_out, measure as measure_alignment  # noqa: E402
from standin import VARIANTS as STANDIN_VARIANTS, build_standin_package  # noqa: E402
from synthetic_news import generate  # noqa: E402

SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
SENTENCE_FILES = (ROOT / "scripts" / "data" / "glossary_sentences.txt", ROOT / "scripts" / "data" / "glossary_news.txt")
VARIANTS = {"script": "(a) script", "symbols": "(b) symbols", "reorder": "(c) reorder"}
LANGUAGES = {"ar": "ar", "tk": "tr"}  # our language -> the package's to-code (tk is drafted en→tr)
COST_VARIANT = "symbols"
GLOSSARY_NOTE = re.compile(r"^(l10n: )?glossary:", re.MULTILINE)  # a term hint, not "l10n: not in the glossary: ..."
TRAINED = ROOT / "tests" / "data" / "trained"
TRAINED_VARIANTS = {"full": "trained", "early": "under-trained"}
BENCH_SEED = 505  # the generated bench sentences: neither the training (101) nor the AER (909) seed


def sentences() -> list[str]:
    lines = [line.strip() for path in SENTENCE_FILES for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def sample_units() -> list[str]:
    article = segment_article(SAMPLE.read_text(encoding="utf-8"), slug="sample", source_path=str(SAMPLE))
    return [unit.source for unit in article.units]


def load_sources() -> list[str]:
    return sample_units() + sentences()


def package_for(variant: str, to_code: str, size: str, cache: Path) -> Path:
    """The stand-in package for ``variant`` and ``to_code``, built into ``cache`` unless it is there already."""
    folder = cache / f"{variant}-{size}"
    built = folder / f"translate-en_{to_code}"
    if not (built / "metadata.json").exists():
        started = time.perf_counter()
        built = build_standin_package(folder, variant=variant, to_code=to_code, size=size)
        print(f"   built {variant} en→{to_code} ({size}) in {time.perf_counter() - started:.0f} s", flush=True)
    return built


def score(sources, texts, flagged_units, profile, glossary, left=None) -> Counter:
    """Term counts over ``sources``; ``left`` (per source, or None) holds the term ids whose model rendering the text kept."""
    counts = Counter()
    for number, (source, text, flagged) in enumerate(zip(sources, texts, flagged_units)):
        hits = glossary.find_for(source, profile.code)
        missing = {hit.term.id for hit in missing_terms(text, hits, profile)}
        forbidden = {hit.term.id for hit, _ in forbidden_present(source, text, glossary.find(source), profile)}
        kept_own = left[number] if left is not None and number < len(left) else set()
        for hit in hits:
            wrong = hit.term.id in missing or hit.term.id in forbidden or hit.term.id in kept_own
            counts["occurrences"] += 1
            counts["approved"] += hit.term.id not in missing
            counts["approved in flagged"] += hit.term.id not in missing and flagged  # present, in a unit flagged for review
            counts["flagged"] += wrong and flagged
            counts["silently wrong"] += wrong and not flagged
        counts["debris"] += bool(hits) and bool(unit_debris(source, text, glossary, profile))
    return counts


def enforcement_table(sources, glossary, size: str, cache: Path, examples: int) -> None:
    print(f"\n1. Terms per language and stand-in ({size}); off = the model's draft, on = draft_with_glossary")
    print(f"{'lang':4} {'stand-in':12} {'mode':4} {'occurrences':>11} {'approved':>14} {'flagged':>7} "
          f"{'silently wrong':>14} {'debris':>6} {'seconds':>7}")
    shown = []
    for variant, label in VARIANTS.items():
        if variant not in STANDIN_VARIANTS:
            print(f"{'':5}{label:12} not built: scripts/standin.py has no {variant!r} variant yet")
            continue
        for lang, to_code in LANGUAGES.items():
            profile = get_profile(lang)
            engine = ArgosEngine(read_package(package_for(variant, to_code, size, cache)), to_code, EngineSettings())
            engine.translate_batch([EngineRequest("Warm up the model.")])
            started = time.perf_counter()
            plain = [hypotheses[0].text if hypotheses else "" for hypotheses in engine.translate_batch([EngineRequest(s) for s in sources])]
            plain_seconds = time.perf_counter() - started
            started = time.perf_counter()
            drafts = draft_with_glossary(engine, sources, profile, glossary)
            enforced_seconds = time.perf_counter() - started
            rows = (("off", score(sources, plain, [False] * len(sources), profile, glossary), plain_seconds),
                    ("on", score(sources, [d.text for d in drafts], [bool(d.findings) for d in drafts], profile, glossary), enforced_seconds))
            for mode, counts, seconds in rows:
                share = 100 * counts["approved"] / max(1, counts["occurrences"])
                print(f"{lang:4} {label:12} {mode:4} {counts['occurrences']:>11} {counts['approved']:>6} ({share:5.1f}%) "
                      f"{counts['flagged']:>7} {counts['silently wrong']:>14} {counts['debris']:>6} {seconds:>7.2f}", flush=True)
            strategies = Counter(d.strategy for d in drafts)
            print(f"{'':17} strategies: {dict(sorted(strategies.items()))}; package {engine.id}")
            if variant == COST_VARIANT:
                with_terms = [i for i, source in enumerate(sources) if glossary.find_for(source, lang)]
                step = max(1, len(with_terms) // max(1, examples))
                shown += [(lang, sources[i], plain[i], drafts[i]) for i in with_terms[::step][:examples]]
            engine.close()
    print(f"\n2. Before/after on stand-in {VARIANTS[COST_VARIANT]} ({size})")
    for lang, source, before, after in shown:
        print(f"   [{lang}] source: {source}\n        before: {before}\n        after:  {after.text}  [{after.strategy}]")


def words_damaged(references, model_texts, enforced_texts) -> tuple[int, int]:
    """(damaged, total): non-term reference words the model's draft had and the enforced draft lost, and all of them.

    Words compare without trailing punctuation, as multisets per sentence;
    ``references`` are synthetic_news Examples (their reference_term_words are the terms' words).
    """
    bare = lambda text: Counter(word.rstrip(".,;:!?") for word in text.split())
    damaged = total = 0
    for example, model, enforced in zip(references, model_texts, enforced_texts):
        words = [w for i, w in enumerate(example.reference.split()) if i not in example.reference_term_words]
        wanted, had, kept = bare(" ".join(words)), bare(model), bare(enforced)
        total += sum(wanted.values())
        damaged += sum(max(0, min(n, had[w]) - min(n, kept[w])) for w, n in wanted.items())
    return damaged, total


def _bare(text: str) -> Counter:
    return Counter(word.strip(".,;:!?()") for word in text.split())


def own_words_left(glossary, profile, examples, model_texts, texts) -> tuple[list[set[str]], int]:
    """Per example, the term ids whose rendering the model wrote its own way is still in ``texts``; and how many such words.

    A term's own rendering is what the training target writes for the source
    words the term covers (a transliteration, by construction never the
    approved rendering).  Its words that the model's draft has, that the
    reference does not have anywhere (an ordinary word), and that ``texts``
    still has are *left* (a word equal to a reference word once normalised, as the
    glossary check compares, or that is an accepted rendering of the term with its ending, is not): the draft carries the model's rendering beside (or
    instead of) the approved one, which the glossary check cannot see.
    """
    per_example, total = [], 0
    for example, model, text in zip(examples, model_texts, texts):
        source_words = example.source.split()
        starts = [m.start() for m in re.finditer(r"\S+", example.source)]
        train = example.train.split()
        ordinary = {normalise(word, profile) for word in _bare(example.reference)}
        had, kept = _bare(model), _bare(text)
        left = set()
        for hit in glossary.find_for(example.source, profile.code):
            covered = {n for n, start in enumerate(starts) if start < hit.end and hit.start < start + len(source_words[n])}
            own = {train[t].strip(".,;:!?()") for s, t in example.train_alignment if s in covered}
            accepted = {normalise(word, profile) for r in accepted_renderings(hit.term, profile.code) for word in r.split()}
            words = [w for w in own if w and normalise(w, profile) not in ordinary | accepted
                     and not any(normalise(w, profile).startswith(a) for a in accepted if len(a) >= 4) and had[w] and kept[w]]
            if words:
                left.add(hit.term.id)
                total += len(words)
        per_example.append(left)
    return per_example, total


def drafted_in_runs(engine, sources: list[str], profile, glossary, run_size: int | None) -> list:
    """``draft_with_glossary`` over ``sources``, all in one run, or in runs of ``run_size`` units, as articles of that
    size are drafted one ``l10n translate`` at a time (enforcement reads what the model writes across a run)."""
    size = run_size or len(sources) or 1
    return [draft for start in range(0, len(sources), size)
            for draft in draft_with_glossary(engine, sources[start:start + size], profile, glossary)]


def failures(sources, examples, drafts, profile, glossary, left) -> list[str]:
    """Each generated unit whose enforced draft is silently wrong or lost a word, as lines to read: what the
    figures count, unit by unit (``--show-failures``)."""
    lines, offset = [], len(sources) - len(examples)
    for number, (example, draft) in enumerate(zip(examples, drafts[offset:])):
        counts = score([example.source], [draft.text], [bool(draft.findings)], profile, glossary, [left[number]])
        damaged, _ = words_damaged([example], [draft.model_text], [draft.text])
        if counts["silently wrong"] or damaged:
            lines += [f"   unit {offset + number}: silently wrong {counts['silently wrong']}, damaged {damaged}, {draft.strategy}",
                      f"     source:    {example.source}", f"     model:     {draft.model_text}",
                      f"     enforced:  {draft.text}", f"     reference: {example.reference}"]
    return lines


def trained_table(glossary, root: Path, count: int, before_after: int, run_size: int | None = None,
                  show_failures: bool = False, seed: int = BENCH_SEED) -> None:
    print(f"\n4. Trained stand-ins ({root.relative_to(ROOT) if root.is_relative_to(ROOT) else root}): sample + {count} generated "
          f"sentences with terms (seed {seed}); off = the model's draft, on = draft_with_glossary (beam 4)"
          + (f", in runs of {run_size} units" if run_size else ", in one run"))
    print(f"{'lang':4} {'stand-in':14} {'mode':4} {'occurrences':>11} {'approved':>14} {'flagged':>7} {'silently wrong':>14} "
          f"{'left':>4} {'damaged':>15} {'chrF':>5} {'AER':>6} {'word hit':>8} {'approved in flagged units':>25}")
    shown = []
    sample = sample_units()
    for variant, label in TRAINED_VARIANTS.items():
        for lang, to_code in LANGUAGES.items():
            profile, package_dir = get_profile(lang), root / variant / f"translate-en_{to_code}"
            generated = generate(to_code, count, seed, with_terms=True)
            sources = sample + [example.source for example in generated]
            engine = ArgosEngine(read_package(package_dir), to_code, EngineSettings())
            drafts = drafted_in_runs(engine, sources, profile, glossary, run_size)
            engine.close()
            model, enforced = [d.model_text for d in drafts], [d.text for d in drafts]
            references = [example.reference for example in generated]
            alignment = measure_alignment(package_dir, to_code, held_out(to_code, 300, root))
            damaged, total = words_damaged(generated, model[len(sample):], enforced[len(sample):])
            left_off, words_left_off = own_words_left(glossary, profile, generated, model[len(sample):], model[len(sample):])
            left_on, words_left_on = own_words_left(glossary, profile, generated, model[len(sample):], enforced[len(sample):])
            flagged = [bool(d.findings) for d in drafts]
            rows = (("off", score(sources, model, [False] * len(sources), profile, glossary, [set()] * len(sample) + left_off),
                     model, "", words_left_off),
                    ("on", score(sources, enforced, flagged, profile, glossary, [set()] * len(sample) + left_on), enforced,
                     f"{damaged}/{total} ({100 * damaged / max(1, total):.1f}%)", words_left_on))
            chrf = {}
            for mode, counts, texts, damage, words_left in rows:
                share = 100 * counts["approved"] / max(1, counts["occurrences"])
                chrf[mode] = sacrebleu.corpus_chrf(texts[len(sample):], [references]).score
                print(f"{lang:4} {label:14} {mode:4} {counts['occurrences']:>11} {counts['approved']:>6} ({share:5.1f}%) "
                      f"{counts['flagged']:>7} {counts['silently wrong']:>14} {words_left:>4} {damage:>15} {chrf[mode]:>5.1f} "
                      f"{100 * alignment.aer:5.1f}% {100 * alignment.word_hit:7.1f}% {counts['approved in flagged']:>25}", flush=True)
            enforced_counts = rows[1][1]
            verdicts = {"approved >= 95%": enforced_counts["approved"] >= 0.95 * enforced_counts["occurrences"],
                        "silently wrong 0": enforced_counts["silently wrong"] == 0,
                        "damaged <= 1%": damaged <= 0.01 * total, "chrF on >= off": chrf["on"] >= chrf["off"]}
            strategies = Counter(d.strategy for d in drafts)
            shown_verdicts = ", ".join(f"{name} {'ok' if met else 'FAIL'}" for name, met in verdicts.items())
            print(f"{'':19} targets: {shown_verdicts}")
            print(f"{'':19} strategies: {dict(sorted(strategies.items()))}; package {package_dir.relative_to(root)}")
            if show_failures:
                print("\n".join(failures(sources, generated, drafts, profile, glossary, left_on)))
            if variant == "full" and lang == "ar":
                shown = [(e.source, m, d, e.reference) for e, m, d in zip(generated, model[len(sample):], drafts[len(sample):])][:before_after]
    print(f"\n5. Before/after on the trained ar-like stand-in (full), first {len(shown)} generated sentences")
    for number, (source, model_text, draft, reference) in enumerate(shown, 1):
        print(f"   {number:2}. source:    {source}\n       model:     {model_text}\n       enforced:  {draft.text}  "
              f"[{draft.strategy}]\n       reference: {reference}")


def write_project(root: Path, lang: str, desk_glossary: bool, beam: int, paragraphs: list[str]) -> Path:
    root.mkdir(parents=True)
    (root / "l10n.toml").write_text(f'targets = ["{lang}"]\n\n[engine]\nbeam_size = {beam}\n', encoding="utf-8")
    if desk_glossary:
        shutil.copytree(ROOT / "glossary", root / "glossary")
    article = root / "news.txt"
    article.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return article


def next_run(root: Path, earlier: Path, package, lang: str, to_code: str, beam: int, paragraphs: list[str]) -> float:
    """CPU seconds of a desk run on a fresh engine (nothing in memory, as a new ``l10n translate`` process) in a
    project holding the store of the ``earlier`` run: the terms' own renderings read, not asked of the model."""
    article = write_project(root, lang, True, beam, paragraphs)
    (root / LONE_STORE_FILE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(earlier / LONE_STORE_FILE, root / LONE_STORE_FILE)
    engine = ArgosEngine(package, to_code, EngineSettings(beam_size=beam))
    engine.translate_batch([EngineRequest("Warm up the model.")])
    project = load_project(root)
    cpu = time.process_time()
    translate(project, [article], langs=[lang], engine_factory=lambda p, profile: engine)
    used = time.process_time() - cpu
    engine.close()
    return used


def one_process(root: Path, package: Path, lang: str, to_code: str, beam: int) -> float:
    """CPU seconds of ``translate`` of ``root``'s article in a process of its own (``--one-run``), after an untimed
    run on an unrelated article there: imports and lazy loads paid, nothing about these units cached."""
    child = subprocess.run([sys.executable, __file__, "--one-run", str(root), "--package", str(package), "--lang", lang,
                            "--to-code", to_code, "--beam", str(beam)], capture_output=True, text=True, check=True)
    return float(child.stdout.split()[-1])


def run_alone(root: Path, package: Path, lang: str, to_code: str, beam: int) -> None:
    """The child of ``one_process``: prints the CPU seconds of one ``translate`` of ``root``'s article."""
    engine = ArgosEngine(read_package(package), to_code, EngineSettings(beam_size=beam))
    engine.translate_batch([EngineRequest("Warm up the model.")])
    with tempfile.TemporaryDirectory() as scratch:
        other = write_project(Path(scratch) / "other", lang, False, beam,
                              ["Markets were busy in the old city on Sunday as the weather stayed mild.", "Shops opened early."])
        translate(load_project(Path(scratch) / "other"), [other], langs=[lang], engine_factory=lambda p, profile: engine)
    project = load_project(root)
    cpu = time.process_time()
    translate(project, [root / "news.txt"], langs=[lang], engine_factory=lambda p, profile: engine)
    print(f"{time.process_time() - cpu:.4f}")
    engine.close()


def new_processes(scratch: Path, earlier: Path, package: Path, lang: str, to_code: str, beam: int,
                  paragraphs: list[str], repeats: int) -> tuple[float, float]:
    """Best CPU seconds of the empty run and of the next desk run (``earlier``'s store), each in new processes."""
    best = {False: float("inf"), True: float("inf")}
    for repeat in range(repeats):
        for desk in ((False, True) if repeat % 2 == 0 else (True, False)):
            root = scratch / f"{lang}-{beam}-process-{repeat}-{desk}"
            write_project(root, lang, desk, beam, paragraphs)
            if desk:
                (root / LONE_STORE_FILE).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(earlier / LONE_STORE_FILE, root / LONE_STORE_FILE)
            best[desk] = min(best[desk], one_process(root, package, lang, to_code, beam))
    return best[False], best[True]


@contextlib.contextmanager
def enforcement_clock(engine):
    """While open, counts the thread CPU seconds ``l10n translate`` spends in ``draft_with_glossary`` less the calls to
    ``engine`` made from it: enforcement's own Python (occurrences, evidence, splices, verification), the part of a
    desk run's extra cost that is not the model's.  Yields a one-item list holding the count."""
    seconds, lock, drafting = [0.0], threading.Lock(), threading.local()
    draft, translate_batch = terms.draft_with_glossary, engine.translate_batch

    def timed_batch(*args, **kwargs):
        started = time.thread_time()
        try:
            return translate_batch(*args, **kwargs)
        finally:
            if getattr(drafting, "on", False):
                with lock:
                    seconds[0] -= time.thread_time() - started

    def timed_draft(*args, **kwargs):
        drafting.on, started = True, time.thread_time()
        try:
            return draft(*args, **kwargs)
        finally:
            drafting.on = False
            with lock:
                seconds[0] += time.thread_time() - started

    terms.draft_with_glossary, engine.translate_batch = timed_draft, timed_batch
    try:
        yield seconds
    finally:
        terms.draft_with_glossary = draft
        del engine.translate_batch


def cost_table(title: str, packages: dict[str, Path], paragraphs: list[str], repeats: int) -> None:
    """``l10n translate`` of ``paragraphs`` with the desk glossary vs an empty one, per language and beam; ``packages``: lang -> package."""
    print(f"\n{title}: `l10n translate` with the desk glossary vs with an empty glossary, best of {repeats}, interleaved;"
          f" cold: the desk's first run on a fresh engine (its lone-term renderings asked of the model), against the best empty run;"
          f" next: a later run on a fresh engine, the renderings read from the project's store;"
          f" new process: the empty and the next run, each in a process of its own, best of {repeats};"
          f" enforcement: the best desk run's CPU in draft_with_glossary less its engine calls, and the ratio without it")
    print(f"{'lang':4} {'beam':>4} {'empty wall':>10} {'desk wall':>9} {'ratio':>6}   {'empty cpu':>9} {'desk cpu':>8} {'ratio':>6}"
          f"   {'enforcement':>11} {'ratio without':>13}"
          f"   {'cold cpu':>8} {'ratio':>6}   {'next cpu':>8} {'ratio':>6}   {'new process: empty':>18} {'next':>5} {'ratio':>6}"
          f"   entries with glossary notes, flagged by QA (empty/desk)")
    with tempfile.TemporaryDirectory() as scratch:
        for lang, to_code in LANGUAGES.items():
            package_path = packages[lang]
            package = read_package(package_path)
            for beam in (4, 1):
                engine = ArgosEngine(package, to_code, EngineSettings(beam_size=beam))
                engine.translate_batch([EngineRequest("Warm up the model.")])
                best, noted, cold, cold_root, enforced = {}, {}, None, None, 0.0
                for repeat in range(repeats):
                    for desk in ((False, True) if repeat % 2 == 0 else (True, False)):  # alternate who goes first
                        root = Path(scratch) / f"{lang}-{beam}-{repeat}-{desk}"
                        article = write_project(root, lang, desk, beam, paragraphs)
                        project = load_project(root)
                        with enforcement_clock(engine) as enforcement:
                            started, cpu = time.perf_counter(), time.process_time()
                            report = translate(project, [article], langs=[lang], engine_factory=lambda p, profile: engine)
                            wall, used = time.perf_counter() - started, time.process_time() - cpu
                        catalog = polib.pofile(str(project.catalog_path(article.stem, lang)))
                        hinted = sum(bool(GLOSSARY_NOTE.search(entry.comment)) for entry in catalog)
                        noted[desk] = (hinted, report.languages[0].flagged)
                        if desk and cold is None:
                            cold, cold_root = used, root
                        old = best.get(desk, (float("inf"), float("inf")))
                        best[desk] = (min(old[0], wall), min(old[1], used))
                        if desk and used <= old[1]:
                            enforced = enforcement[0]  # the best desk run's
                engine.close()
                next_cpu = next_run(Path(scratch) / f"{lang}-{beam}-next", cold_root, package, lang, to_code, beam, paragraphs)
                alone_empty, alone_next = new_processes(Path(scratch), cold_root, package_path, lang, to_code, beam,
                                                        paragraphs, repeats)
                (empty_wall, empty_cpu), (desk_wall, desk_cpu) = best[False], best[True]
                print(f"{lang:4} {beam:>4} {empty_wall:>10.2f} {desk_wall:>9.2f} {desk_wall / empty_wall:>5.2f}x   "
                      f"{empty_cpu:>9.2f} {desk_cpu:>8.2f} {desk_cpu / empty_cpu:>5.2f}x   "
                      f"{enforced:>11.2f} {(desk_cpu - enforced) / empty_cpu:>12.2f}x   {cold:>8.2f} {cold / empty_cpu:>5.2f}x   "
                      f"{next_cpu:>8.2f} {next_cpu / empty_cpu:>5.2f}x   "
                      f"{alone_empty:>18.2f} {alone_next:>5.2f} {alone_next / alone_empty:>5.2f}x   "
                      f"{noted[False][0]}/{noted[True][0]}, {noted[False][1]}/{noted[True][1]}",
                      flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="base", help="stand-in size (scripts/standin.py SIZES); the issue's figures use base")
    parser.add_argument("--cache", type=Path, help="keep built stand-ins here and reuse them (default: a temporary folder)")
    parser.add_argument("--examples", type=int, default=5, help="before/after drafts per language on stand-in (b)")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per cost cell (the best is shown)")
    parser.add_argument("--skip-cost", action="store_true", help="only the term tables")
    parser.add_argument("--skip-terms", action="store_true", help="only the cost tables")
    parser.add_argument("--skip-hand", action="store_true", help="leave out the hand-wired stand-ins (sections 1-3)")
    parser.add_argument("--skip-trained", action="store_true", help="leave out the trained stand-ins (sections 4-6)")
    parser.add_argument("--trained", type=Path, default=TRAINED, help="the trained set (VARIANT/translate-en_LANG)")
    parser.add_argument("--generated", type=int, default=150, help="generated sentences with terms for the trained stand-ins")
    parser.add_argument("--seed", type=int, default=BENCH_SEED, help="the generator's seed for those sentences (another "
                        "seed: sentences no rule of enforcement was written against)")
    parser.add_argument("--before-after", type=int, default=10, help="before/after sentences from the trained ar-like stand-in")
    parser.add_argument("--run-size", type=int, help="draft the trained stand-ins' units in runs of this many (an article's "
                        "size, as a desk drafts them one l10n translate at a time) instead of one run")
    parser.add_argument("--show-failures", action="store_true", help="print each trained stand-in's generated units that "
                        "are silently wrong or lost a word (source, model draft, enforced draft, reference)")
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)  # one_process's child: this project's article
    parser.add_argument("--package", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lang", help=argparse.SUPPRESS)
    parser.add_argument("--to-code", help=argparse.SUPPRESS)
    parser.add_argument("--beam", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        run_alone(args.one_run, args.package, args.lang, args.to_code, args.beam)
        return
    glossary = read_glossary(ROOT / "glossary")
    sample = SAMPLE.read_text(encoding="utf-8").strip()
    if not args.skip_hand:
        sources = load_sources()
        with_terms = sum(1 for source in sources if glossary.find(source))
        print(f"{len(sources)} units ({SAMPLE.name} + {', '.join(p.name for p in SENTENCE_FILES)}), {with_terms} with terms; "
              f"glossary of {len(glossary)} terms.  Hand-wired stand-ins do not translate: figures measure enforcement only.")
        with tempfile.TemporaryDirectory() as scratch:
            cache = args.cache or Path(scratch)
            cache.mkdir(parents=True, exist_ok=True)
            if not args.skip_terms:
                enforcement_table(sources, glossary, args.size, cache, args.examples)
            if not args.skip_cost:
                packages = {lang: package_for(COST_VARIANT, to_code, args.size, cache) for lang, to_code in LANGUAGES.items()}
                title = f"3. Cost of the desk glossary, stand-in {VARIANTS[COST_VARIANT]} ({args.size})"
                cost_table(title, packages, [sample, *sentences()], args.repeats)
    if not args.skip_trained:
        if not args.skip_terms:
            trained_table(glossary, args.trained, args.generated, args.before_after, args.run_size, args.show_failures,
                          args.seed)
        if not args.skip_cost:
            for variant, label in TRAINED_VARIANTS.items():
                packages = {lang: args.trained / variant / f"translate-en_{to_code}" for lang, to_code in LANGUAGES.items()}
                generated = [e.source for e in generate("ar", args.generated, args.seed, with_terms=True)]  # English: any target
                cost_table(f"6. Cost of the desk glossary, {label} stand-in", packages, [sample, *generated], args.repeats)


if __name__ == "__main__":
    main()

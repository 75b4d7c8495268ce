#!/usr/bin/env python3
"""`l10n translate` against raw CTranslate2 and plain Argos, whole processes, on hand-wired and trained stand-ins.

    .venv/bin/python scripts/bench_translate.py [--quick] [--rounds 2] [--sizes 100 300] [--beams 4 1]
                                                [--models wired-ar trained-ar trained-tr] [--out bench-out] [--without-argos]
                                                [--own-work]

Every contender is a fresh process timed from start to exit (its own imports, model load and
output included), on the same units, in one run, rounds interleaved; each row prints the median
wall time over the rounds and its ratio to raw CTranslate2 (raw time / contender time: 1.00× is
level, above 0.95× is the target), the same for the child's own CPU time (user + system, from
os.wait4), which a busy machine disturbs less, and the wall ratio to plain Argos (Argos time /
contender time: above 1.00× is faster than Argos):

* raw CTranslate2: a short program that imports ctranslate2 and sentencepiece, loads the
  package's model with l10n's thread settings, tokenizes the units, runs one ``translate_batch``
  (l10n's beam, length penalty 0.2, max_batch_size 32), detokenizes and writes the drafts to a file;
* plain Argos: a short program that imports argostranslate (the torch-free argos-translate-lt
  l10n depends on) and calls ``argostranslate.translate.translate(unit, "en", to_code)`` for each
  unit, on the same package installed beforehand (untimed) with
  ``argostranslate.package.install_from_path`` into this run's own ARGOS_PACKAGES_DIR, with the
  same beam, compute type and thread settings (ARGOS_* variables), and writes the drafts to a file.
  Offline, Argos' MiniSBD sentence splitter cannot download its model, so the program gives Argos a
  splitter that keeps each unit whole (every unit is one sentence already): Argos' own splitting
  time is NOT in its figure, which favours plain Argos. A ``-tr`` model drafts Turkish here (no
  adaptation to tk);
* l10n, empty glossary and l10n, desk glossary: ``python -m l10n.cli translate ARTICLES -q`` in
  a project whose catalogs and run state are removed before each run, so every unit is drafted;
  l10n is this checkout's (PYTHONPATH), whatever the venv's editable install points at;
* with ``--own-work``, l10n's own work alone, empty and desk glossary: the same ``l10n translate`` (the CLI's
  ``main``) in a project of its own, every engine call answered at once from the answers the real engine gave in
  a recording run of the same project (``record_answers``, untimed, in this process): no model is imported,
  loaded or run.  After the warm-up the script stops unless that run wrote the real run's catalogs (dates
  aside).  No overlap of l10n's work with the model can bring l10n under this time, so raw CTranslate2 / this
  time is a ceiling on l10n's ratio: a row whose ceiling is below 0.95× cannot reach the target by overlap.

Every child may write and reuse bytecode, kept under the run's scratch folder (PYTHONPYCACHEPREFIX,
PYTHONDONTWRITEBYTECODE unset), as an installed l10n has its .pyc files: otherwise, where
PYTHONDONTWRITEBYTECODE is set, l10n alone would compile its ~40 modules in every run (site-packages
ship compiled); the untimed warm-up writes them.

Units are news sentences from scripts/data/news_sentences.txt, ten to an article, one per
paragraph; raw CTranslate2 and plain Argos get exactly the units l10n's article loader
(``l10n.stages.articles.load_article``) segments them into.

Models (``--models``); none of them translates, so every figure must name its stand-in:

* ``wired-ar``, ``wired-tr``: hand-wired "script" stand-ins, Transformer-base size
  (scripts/standin.py: 6+6 layers, d_model 512, 32k vocabulary, int8), built under ``--out``;
* ``trained-ar``, ``trained-tr``: the trained stand-ins, fully trained (tests/data/trained/full);
  ``early-ar``, ``early-tr``: stopped early (tests/data/trained/early).
  A ``-tr`` model drafts l10n's ``tk`` (en→tr, then the adaptation rules).

``--tune`` times l10n's ArgosEngine instead, warm, for several (inter_threads, intra_threads,
max_batch_size) settings, on the first of ``--models`` and ``--sizes`` (what ``resolve_threads``'
default of one single-threaded worker per core was chosen from).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SENTENCES = ROOT / "scripts" / "data" / "news_sentences.txt"
TRAINED = ROOT / "tests" / "data" / "trained"
PER_ARTICLE = 10
LENGTH_PENALTY = 0.2
MAX_BATCH = 32
TARGET_RATIO = 0.95
TUNE = ((1, 2, 32), (2, 1, 16), (2, 1, 32), (2, 1, 64), (1, 2, 64))
MODELS = ("wired-ar", "wired-tr", "trained-ar", "trained-tr", "early-ar", "early-tr")

RAW = r"""
import json, sys
spec = json.load(open(sys.argv[1], encoding="utf-8"))
import ctranslate2, sentencepiece
tokenizer = sentencepiece.SentencePieceProcessor(model_file=spec["package"] + "/sentencepiece.model")
translator = ctranslate2.Translator(spec["package"] + "/model", device="cpu", compute_type="int8",
                                    inter_threads=spec["inter"], intra_threads=spec["intra"])
units = open(spec["units"], encoding="utf-8").read().split("\n")
results = translator.translate_batch(tokenizer.encode(units, out_type=str), beam_size=spec["beam"],
                                     max_batch_size=spec["batch"], length_penalty=spec["penalty"], replace_unknowns=True)
drafts = [tokenizer.decode_pieces(result.hypotheses[0]) for result in results]
open(spec["out"], "w", encoding="utf-8").write("\n".join(drafts) + "\n")
"""

ARGOS = r"""
import json, sys
spec = json.load(open(sys.argv[1], encoding="utf-8"))
import argostranslate.translate


class WholeUnit:
    "Argos' sentence-splitter interface, keeping the unit whole (MiniSBD would download its model)."

    def __init__(self, package):
        self.pkg = package

    def split_sentences(self, text):
        return [text]


argostranslate.translate.MiniSBDSentencizer = WholeUnit
units = open(spec["units"], encoding="utf-8").read().split("\n")
drafts = [argostranslate.translate.translate(unit, "en", spec["to_code"]) for unit in units]
open(spec["out"], "w", encoding="utf-8").write("\n".join(drafts) + "\n")
"""


OWN_WORK = r"""
import json, pickle, sys
spec = json.load(open(sys.argv[1], encoding="utf-8"))
import l10n.stages.engine as engines
from l10n.stages.engine.fake import FakeEngine
answers = pickle.load(open(spec["answers"], "rb"))


def replayed(project, profile):
    return FakeEngine(lambda request: answers[request], id=spec["id"], target=spec["target"], fingerprint=spec["fingerprint"])


engines.load_engine, engines.EARLY_MODEL_LOAD = replayed, False  # no model: nothing to load early
from l10n.cli import main
sys.argv = ["l10n", "translate", "articles", "-q"]
sys.exit(main())
"""


TUNED = r"""
import json, sys, time
spec = json.load(open(sys.argv[1], encoding="utf-8"))
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.packages import read_package
from l10n.core.project import EngineSettings
from l10n.core.records import EngineRequest
inter, intra, batch = spec["setting"]
engine = ArgosEngine(read_package(__import__("pathlib").Path(spec["package"])), spec["target"],
                     EngineSettings(inter_threads=inter, intra_threads=intra, max_batch_size=batch, beam_size=spec["beam"]))
engine.translate_batch([EngineRequest("Warm up the model.")])
requests = [EngineRequest(unit) for unit in open(spec["units"], encoding="utf-8").read().split("\n")]
started = time.perf_counter()
engine.translate_batch(requests)
print(time.perf_counter() - started)
"""


def tune(package: Path, units_file: Path, units: int, beam: int, work: Path) -> None:
    """Warm ArgosEngine drafting time for each TUNE setting, each in its own process."""
    print(f"--tune: {package.name} ({package.parent}), {units} units, beam {beam}; warm engine, drafting only")
    for setting in TUNE:
        spec = work / "tune.json"
        spec.write_text(json.dumps({"package": str(package), "target": package.name.rsplit("_", 1)[1], "units": str(units_file),
                                    "setting": setting, "beam": beam}), encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", TUNED, str(spec)], capture_output=True, text=True, check=True)
        seconds = float(result.stdout.strip().splitlines()[-1])
        print(f"  inter_threads {setting[0]}, intra_threads {setting[1]}, max_batch_size {setting[2]:>3}: "
              f"{seconds:6.2f} s, {units / seconds:6.1f} units/s")


def read_sentences() -> list[str]:
    lines = (line.strip() for line in SENTENCES.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def package_dir(model: str, out: Path) -> Path:
    """The package folder of ``model``, building a hand-wired one under ``out`` the first time."""
    kind, code = model.split("-")
    if kind in ("trained", "early"):
        return TRAINED / ("full" if kind == "trained" else "early") / f"translate-en_{code}"
    packages = out / "wired"
    folder = packages / f"translate-en_{code}"
    if not (folder / "metadata.json").is_file():
        from standin import build_standin_package

        build_standin_package(packages, variant="script", to_code=code, size="base")
    return folder


def make_project(folder: Path, package: Path, *, glossary: bool, beam: int, articles: Path) -> Path:
    """A project drafting the package's language (tk for an en→tr package) at ``beam``, with or without the desk glossary."""
    (folder / "glossary").mkdir(parents=True)
    shutil.copy(ROOT / "glossary" / "tk-adaptation.csv", folder / "glossary")
    if glossary:
        shutil.copy(ROOT / "glossary" / "terms.csv", folder / "glossary")
    packages = folder / "packages"
    packages.mkdir()
    (packages / package.name).symlink_to(package)
    target = "tk" if package.name.endswith("_tr") else package.name.rsplit("_", 1)[1]
    (folder / "l10n.toml").write_text(
        f'targets = ["{target}"]\npackages_dir = "{packages}"\n\n[engine]\nbeam_size = {beam}\nmax_batch_size = {MAX_BATCH}\n',
        encoding="utf-8")
    (folder / "articles").symlink_to(articles)
    return folder


def write_articles(folder: Path, sentences: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(0, len(sentences), PER_ARTICLE):
        text = "\n\n".join(sentences[index : index + PER_ARTICLE]) + "\n"
        (folder / f"story-{index // PER_ARTICLE:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def segmented_units(articles: Path) -> list[str]:
    """The distinct units l10n's article loader makes of the articles: what raw CTranslate2 and plain Argos draft too.

    The project is the scratch folder's defaults, like the bench projects' (no boilerplate file of their own).
    """
    from l10n.core.project import load_project
    from l10n.stages.articles import load_article
    from l10n.stages.read import collect_articles

    project = load_project(articles.parent)
    units = (unit.source for path in collect_articles([articles]) for unit in load_article(project, path).units)
    return list(dict.fromkeys(units))


def install_for_argos(package: Path, argos_dir: Path) -> Path:
    """``package`` installed by Argos' own installer into ``argos_dir`` (an ARGOS_PACKAGES_DIR), once; returns ``argos_dir``."""
    if not (argos_dir / package.name / "metadata.json").is_file():
        from l10n.stages.engine.packages import build_archive

        archive = build_archive(package, argos_dir.with_suffix(".argosmodel"))
        code = "import sys, pathlib, argostranslate.package; argostranslate.package.install_from_path(pathlib.Path(sys.argv[1]))"
        subprocess.run([sys.executable, "-c", code, str(archive)], env={**os.environ, "ARGOS_PACKAGES_DIR": str(argos_dir)},
                       check=True, capture_output=True)
    return argos_dir


def argos_env(argos_dir: Path, beam: int, inter: int, intra: int) -> dict[str, str]:
    """Argos' settings, as environment variables, matching raw CTranslate2's: beam, int8, threads."""
    return {**os.environ, "ARGOS_PACKAGES_DIR": str(argos_dir), "ARGOS_BEAM_SIZE": str(beam), "ARGOS_COMPUTE_TYPE": "int8",
            "ARGOS_INTER_THREADS": str(inter), "ARGOS_INTRA_THREADS": str(intra), "ARGOS_DEVICE_TYPE": "cpu"}


def with_bytecode(env: dict[str, str], cache: Path) -> dict[str, str]:
    """``env`` letting Python write and reuse .pyc files, under ``cache``."""
    return {**{k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPYCACHEPREFIX": str(cache)}


def timed(args: list[str], cwd: Path, env: dict[str, str] | None = None, pycache: Path | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one child process, which must exit 0; CPU is its own user+system time (os.wait4).

    The child may write and reuse bytecode under ``pycache`` (default ``cwd``/pycache; see the module docstring).
    """
    env = with_bytecode(env if env is not None else dict(os.environ), pycache or cwd / "pycache")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(map(str, args))[:200]} failed:\n{err.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def from_scratch(project: Path) -> dict[str, str]:
    """Remove the project's catalogs and run state, so every unit is drafted; the environment running this checkout's l10n."""
    shutil.rmtree(project / "locales", ignore_errors=True)
    shutil.rmtree(project / ".l10n", ignore_errors=True)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def run_l10n(project: Path) -> tuple[float, float]:
    env = from_scratch(project)
    return timed([sys.executable, "-m", "l10n.cli", "translate", "articles", "-q"], project, env, pycache=project.parent / "pycache")


def record_answers(project_folder: Path, answers_file: Path) -> dict[str, str]:
    """Run ``l10n translate`` of the project in this process with its real engine, keeping every request's answer in
    ``answers_file`` (pickled): what ``run_own_work`` replays.  Returns the engine's id, target (tr for tk) and
    fingerprint, which the replaying engine takes on, so the catalogs are the real run's."""
    import pickle

    from l10n import translate_article
    from l10n.stages.engine import load_engine

    answers, engines = {}, []

    class Recording:
        def __init__(self, engine):
            self.engine, self.id, self.target, self.fingerprint = engine, engine.id, engine.target, engine.fingerprint

        def translate_batch(self, requests, progress=None):
            results = self.engine.translate_batch(requests, progress)
            answers.update(zip(requests, results))
            return results

        def close(self):
            self.engine.close()

    def recording(project, profile):
        engine = load_engine(project, profile)
        engines.append({"id": engine.id, "target": engine.target, "fingerprint": engine.fingerprint})
        return Recording(engine)

    from_scratch(project_folder)
    translate_article([project_folder / "articles"], root=project_folder, engine=recording)
    from_scratch(project_folder)  # as run_own_work finds it
    if len(engines) != 1:
        raise SystemExit(f"{project_folder}: the run asked {len(engines)} engines for drafts, not one; nothing to replay")
    answers_file.write_bytes(pickle.dumps(answers))
    return engines[0]


def run_own_work(project: Path, spec_file: Path) -> tuple[float, float]:
    """``l10n translate`` as ``run_l10n`` runs it, the model's answers replayed (OWN_WORK): l10n's own work alone."""
    env = from_scratch(project)
    return timed([sys.executable, "-c", OWN_WORK, str(spec_file)], project, env, pycache=project.parent / "pycache")


def catalog_texts(project: Path) -> dict[str, str]:
    """The project's catalogs, path -> text, the header's dates left out (they follow the clock)."""
    dated = ('"POT-Creation-Date:', '"PO-Revision-Date:')
    return {str(path.relative_to(project)): "".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                                                    if not line.startswith(dated))
            for path in sorted((project / "locales").rglob("*.po"))}


def check_replayed(real: Path, replayed: Path) -> None:
    """Stop unless the run with the answers replayed wrote the real run's catalogs: else it times another job."""
    ours, theirs = catalog_texts(replayed), catalog_texts(real)
    if not theirs or ours != theirs:
        differ = sorted(set(ours) ^ set(theirs)) or [path for path in theirs if ours[path] != theirs[path]]
        raise SystemExit(f"{replayed.name}: the replayed run's catalogs differ from the real run's ({', '.join(differ[:3])})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round, 100 units, models wired-ar and trained-ar")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300], help="units per run")
    parser.add_argument("--beams", type=int, nargs="+", default=[4, 1])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=["wired-ar", "trained-ar", "trained-tr"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="cache folder for the hand-wired stand-ins")
    parser.add_argument("--tune", action="store_true", help="time ArgosEngine thread and batch settings instead")
    parser.add_argument("--without-argos", action="store_true", help="leave plain Argos out (its column then shows -)")
    parser.add_argument("--own-work", action="store_true",
                        help="also time l10n's own work alone: the same run with the model's answers replayed (a ceiling on l10n's ratio)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.sizes, args.models = 1, [100], ["wired-ar", "trained-ar"]

    from l10n.core.project import EngineSettings
    from l10n.stages.engine.argos import available_cores, resolve_threads

    inter, intra = resolve_threads(EngineSettings(), "cpu")
    sentences = read_sentences()
    times: dict[tuple, list[float]] = {}
    units_of: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="l10n-bench-translate-") as scratch:
        work = Path(scratch)
        if args.tune:
            units = segmented_units(write_articles(work / "articles", sentences[: args.sizes[0]]))
            (work / "units.txt").write_text("\n".join(units), encoding="utf-8")
            tune(package_dir(args.models[0], args.out), work / "units.txt", len(units), args.beams[0], work)
            return 0
        cases = []
        for size in args.sizes:
            articles = write_articles(work / f"articles-{size}", sentences[:size])
            units = segmented_units(articles)
            units_of[size] = len(units)
            (work / f"units-{size}.txt").write_text("\n".join(units), encoding="utf-8")
            for model in args.models:
                package = package_dir(model, args.out)
                for beam in args.beams:
                    name = f"{model}-{size}-{beam}"
                    spec = {"package": str(package), "units": str(work / f"units-{size}.txt"), "out": str(work / f"{name}.out"),
                            "beam": beam, "batch": MAX_BATCH, "penalty": LENGTH_PENALTY, "inter": inter, "intra": intra}
                    (work / f"{name}.json").write_text(json.dumps(spec), encoding="utf-8")
                    spec["to_code"] = package.name.rsplit("_", 1)[1]
                    (work / f"{name}-argos.json").write_text(json.dumps({**spec, "out": str(work / f"{name}-argos.out")}),
                                                             encoding="utf-8")
                    env = argos_env(install_for_argos(package, work / f"argos-{model}"), beam, inter, intra)
                    contenders = {
                        "raw CTranslate2": lambda name=name: timed([sys.executable, "-c", RAW, str(work / f"{name}.json")], work),
                        "plain Argos": lambda name=name, env=env: timed([sys.executable, "-c", ARGOS, str(work / f"{name}-argos.json")],
                                                                        work, env),
                        "l10n, empty glossary": lambda p=make_project(work / f"{name}-empty", package, glossary=False, beam=beam,
                                                                       articles=articles): run_l10n(p),
                        "l10n, desk glossary": lambda p=make_project(work / f"{name}-desk", package, glossary=True, beam=beam,
                                                                      articles=articles): run_l10n(p),
                    }
                    if args.without_argos:
                        del contenders["plain Argos"]
                    if args.own_work:
                        for glossary in (False, True):
                            kind = "desk" if glossary else "empty"
                            project = make_project(work / f"{name}-{kind}-own", package, glossary=glossary, beam=beam, articles=articles)
                            answers = work / f"{name}-{kind}.answers"
                            own_spec = {"answers": str(answers), **record_answers(project, answers)}
                            (work / f"{name}-{kind}-own.json").write_text(json.dumps(own_spec), encoding="utf-8")
                            contenders[f"own work, {kind} gl."] = lambda p=project, f=work / f"{name}-{kind}-own.json": run_own_work(p, f)
                    cases.append(((model, size, beam), contenders))
        for case, contenders in cases:  # one warm-up of each (file cache, .pyc), not timed
            for run in contenders.values():
                run()
            if args.own_work:
                name = "-".join(map(str, case))
                for kind in ("empty", "desk"):
                    check_replayed(work / f"{name}-{kind}", work / f"{name}-{kind}-own")
        for round_number in range(args.rounds):
            for case, contenders in cases:
                order = list(contenders.items())
                order = order[round_number % len(order):] + order[: round_number % len(order)]  # who goes first rotates
                for label, run in order:
                    times.setdefault((*case, label), []).append(run())

    print(f"bench_translate: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {available_cores()} cores, "
          f"load {os.getloadavg()[0]:.1f}; whole processes; medians of {args.rounds} interleaved round(s); "
          f"CTranslate2 inter_threads {inter}, intra_threads {intra}, max_batch_size {MAX_BATCH}; STAND-IN models (they do not translate)")
    print(f"{'model':<11} {'units':>5} {'beam':>4}  {'contender':<22} {'wall s':>7} {'units/s':>8} {'vs raw':>7} {'CPU s':>7} {'vs raw':>7} "
          f"{'vs Argos':>8}")
    below, out_of_reach = [], []
    for case, contenders in cases:
        model, size, beam = case
        raw_wall, raw_cpu = (statistics.median(sample[i] for sample in times[(*case, "raw CTranslate2")]) for i in (0, 1))
        argos_wall = statistics.median(sample[0] for sample in times[(*case, "plain Argos")]) if "plain Argos" in contenders else None
        for label in contenders:
            wall, cpu = (statistics.median(sample[i] for sample in times[(*case, label)]) for i in (0, 1))
            ratio = raw_wall / wall
            mark = ""
            if label.startswith("l10n") and ratio < TARGET_RATIO:
                mark = "  < 0.95"
                below.append(f"{model} {units_of[size]} units beam {beam} {label}")
            elif label.startswith("own work") and ratio < TARGET_RATIO:
                mark = "  ceiling < 0.95"
                out_of_reach.append(f"{model} {units_of[size]} units beam {beam} {label.split(', ')[1].split()[0]} glossary")
            print(f"{model:<11} {units_of[size]:>5} {beam:>4}  {label:<22} {wall:7.2f} {units_of[size] / wall:8.1f} {ratio:6.2f}× "
                  f"{cpu:7.2f} {raw_cpu / cpu:6.2f}× {f'{argos_wall / wall:7.2f}×' if argos_wall else '       -'}{mark}")
    print(f"rows below {TARGET_RATIO}× raw (wall): {len(below)}" + ("" if not below else ": " + "; ".join(below)))
    if args.own_work:
        print(f"rows whose own work alone (the model's answers replayed, no model) is below {TARGET_RATIO}× raw, which no "
              f"overlap with the model can lift: {len(out_of_reach)}" + ("" if not out_of_reach else ": " + "; ".join(out_of_reach)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed of `l10n translate` beside plain Argos and raw CTranslate2, on the base STAND-IN model.

    .venv/bin/python scripts/bench_translate.py [--out bench-out] [--tune]

Every figure comes from scripts/standin.py's "base" copy model (Transformer-base
compute per token, int8; it copies its input, so drafts are as long as the
sources and it never renders a glossary term by itself): real packages differ.
All timings are taken on this machine in one run, each in its own child
process, whose peak RSS is read with os.wait4.  Units are the segments of the
sample article and of articles built from scripts/data/news_sentences.txt
(one sentence per paragraph); the same units go to every contender.

* plain Argos: ``argostranslate.translate.translate(unit, "en", "ar")`` per
  unit, on the torch-free build l10n depends on (argos-translate-lt), the
  stand-in installed with ``argostranslate.package.install_from_path`` into a
  temporary ARGOS_PACKAGES_DIR.  That build splits sentences with MiniSBD,
  whose ONNX model it downloads on first use; offline we give Argos a splitter
  that keeps each unit whole (every unit is one sentence already), so Argos'
  own splitting time is NOT in its figure: the comparison favours plain Argos.
  Timed after one warm-up call, so the model load is not in the per-unit figure.
* raw CTranslate2: one ``translate_batch`` over the pre-tokenized units, with
  the same model, beam 4, length penalty 0.2 and l10n's thread/batch defaults.
* l10n: the CLI end to end in a fresh process (cold: start-up, model load,
  msgmerge, memory, QA and catalog writing included), and warm: the library
  call ``pipeline.translate`` with the model already loaded.

--tune times ArgosEngine over the sentence set for several (inter_threads,
intra_threads, max_batch_size) settings instead.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
SENTENCES = ROOT / "scripts" / "data" / "news_sentences.txt"
STANDINS = {"ar": "ar", "tr": "tr", "ckb": "ckb"}   # package to_code per stand-in
CLI = ("import sys; from l10n.cli import main; code = main(sys.argv[1:]); "
       "sys.stderr.write('\\nBENCH-MODEL-LOADED %d\\n' % ('ctranslate2' in sys.modules)); sys.exit(code)")
SCALE_COPIES = (1, 10, 50)
SCALE_SENTENCES = 12   # per generated article in the scaling runs
TUNE = ((1, 2, 32), (2, 1, 16), (2, 1, 32), (2, 1, 64), (1, 2, 64))


# ---------------------------------------------------------------- set-up

def build_standins(out: Path) -> Path:
    """The base stand-in packages (en→ar, en→tr, en→ckb) under ``out``/packages, built once."""
    from standin import build_copy_package

    packages = out / "packages"
    for to_code in STANDINS.values():
        if not (packages / f"translate-en_{to_code}" / "metadata.json").is_file():
            build_copy_package(packages, to_code=to_code, size="base")
    return packages


def read_sentences() -> list[str]:
    lines = (line.strip() for line in SENTENCES.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def reword(sentence: str, copy: int) -> str:
    """A differently worded variant: every number shifted by ``copy`` (dates, counts, money)."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + copy), sentence) if copy else sentence


def write_articles(folder: Path, sentences: list[str], per_article: int, copies: int | None = None) -> Path:
    """Articles of ``per_article`` sentences, one per paragraph; with ``copies``, that many reworded variants."""
    folder.mkdir(parents=True, exist_ok=True)
    if copies is None:
        groups = [sentences[i : i + per_article] for i in range(0, len(sentences), per_article)]
    else:
        groups = [[reword(sentences[(c * per_article + j) % len(sentences)], c) for j in range(per_article)]
                  for c in range(copies)]
    for index, group in enumerate(groups):
        (folder / f"story-{index:03d}.txt").write_text("\n\n".join(group) + "\n", encoding="utf-8")
    return folder


def make_project(folder: Path, packages: Path, *, glossary: bool) -> Path:
    """A fresh l10n project using the stand-ins; the desk's glossary, or none (tk adaptation rules kept)."""
    (folder / "glossary").mkdir(parents=True)
    shutil.copy(ROOT / "glossary" / "tk-adaptation.csv", folder / "glossary")
    if glossary:
        shutil.copy(ROOT / "glossary" / "terms.csv", folder / "glossary")
    (folder / "l10n.toml").write_text(f'packages_dir = "{packages}"\n', encoding="utf-8")
    return folder


def distinct_units(project_dir: Path, paths: list[Path]) -> list[str]:
    """The distinct unit sources l10n segments ``paths`` into: what every contender translates."""
    from l10n.articles import load_article
    from l10n.read import collect_articles
    from l10n.project import load_project

    project = load_project(project_dir)
    articles = [load_article(project, path) for path in collect_articles(paths)]
    return list(dict.fromkeys(unit.source for article in articles for unit in article.units))


def argos_package(packages: Path, dest: Path) -> Path:
    """The ar stand-in as a .argosmodel, zipped as l10n builds archives."""
    from l10n.engine.packages import build_archive

    return build_archive(packages / "translate-en_ar", dest / "translate-en_ar.argosmodel")


# ---------------------------------------------------------------- child processes

def run_child(args: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run a child to completion: wall seconds, peak RSS (MB, from os.wait4), its stdout and stderr."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, stdout=out, stderr=err, env={**os.environ, **(env or {})}, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"child failed ({child.returncode}): {' '.join(map(str, args))[:200]}\n{stderr[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "stdout": stdout, "stderr": stderr}


def run_self(mode: str, spec: dict, env: dict | None = None) -> dict:
    """This script in ``mode`` as a child; its JSON answer plus the child's peak RSS."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        result = run_child([sys.executable, __file__, "--child", mode, handle.name], env=env)
    finally:
        os.unlink(handle.name)
    return {**json.loads(result["stdout"].strip().splitlines()[-1]), "rss_mb": result["rss_mb"], "child_cpu": result["cpu"]}


def run_cli(project: Path, args: list[str]) -> dict:
    """`l10n ARGS -q -C PROJECT` in a fresh process (the entry point's own main()), plus whether a model was loaded."""
    result = run_child([sys.executable, "-c", CLI, *args, "-q", "-C", str(project)], cwd=project)
    result["model_loaded"] = "BENCH-MODEL-LOADED 1" in result["stderr"]
    return result


def child_argos(spec: dict) -> dict:
    started = time.perf_counter()
    import argostranslate.package
    import argostranslate.translate

    class WholeUnit:
        """Argos' sentence-splitter interface, keeping the unit whole (MiniSBD would download its model)."""

        def __init__(self, package):
            self.pkg = package

        def split_sentences(self, text: str) -> list[str]:
            return [text]

    argostranslate.translate.MiniSBDSentencizer = WholeUnit
    argostranslate.package.install_from_path(Path(spec["archive"]))
    argostranslate.translate.translate("Warm up the model.", "en", "ar")
    startup = time.perf_counter() - started
    times = {}
    for name, units in spec["sets"].items():
        started, cpu = time.perf_counter(), time.process_time()
        outputs = [argostranslate.translate.translate(unit, "en", "ar") for unit in units]
        times[name], times[name + ":cpu"] = time.perf_counter() - started, time.process_time() - cpu
        times[name + ":copied"] = sum(o.strip() == u.strip() for o, u in zip(outputs, units))
    return {"startup": startup, "times": times, "torch": "torch" in sys.modules, "spacy": "spacy" in sys.modules}


def child_ct2(spec: dict) -> dict:
    import ctranslate2
    import sentencepiece

    from l10n.engine.argos import resolve_threads
    from l10n.project import EngineSettings

    settings = EngineSettings()
    inter, intra = resolve_threads(settings, "cpu")
    package = Path(spec["package"])
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package / "model"), device="cpu", compute_type="int8",
                                        inter_threads=inter, intra_threads=intra)
    times = {}
    for name, units in spec["sets"].items():
        tokens = tokenizer.encode(units, out_type=str)
        started, cpu = time.perf_counter(), time.process_time()
        outputs = translator.translate_batch(tokens, max_batch_size=settings.max_batch_size, beam_size=settings.beam_size,
                                             length_penalty=settings.length_penalty, replace_unknowns=True)
        times[name], times[name + ":cpu"] = time.perf_counter() - started, time.process_time() - cpu
        times[name + ":copied"] = sum(o.hypotheses[0] == t for o, t in zip(outputs, tokens))
    return {"times": times}


def child_warm(spec: dict) -> dict:
    """pipeline.translate with the engine loaded beforehand (model load and imports outside the timing)."""
    from l10n import pipeline
    from l10n.engine.argos import load_engine
    from l10n.languages import get_profile
    from l10n.records import EngineRequest
    from l10n.project import load_project

    times = {}
    for name, (project_dir, articles) in spec["runs"].items():
        project = load_project(Path(project_dir))
        engine = load_engine(project, get_profile("ar"))
        engine.translate_batch([EngineRequest("Warm up the model.")])
        started, cpu = time.perf_counter(), time.process_time()
        report = pipeline.translate(project, [Path(articles)], langs=["ar"], engine_factory=lambda p, profile: engine)
        times[name], times[name + ":cpu"] = time.perf_counter() - started, time.process_time() - cpu
        times[name + ":drafted"] = sum(row.drafted for row in report.languages)
    return {"times": times}


def child_tune(spec: dict) -> dict:
    from l10n.engine.argos import ArgosEngine
    from l10n.records import EngineRequest
    from l10n.engine.packages import list_packages
    from l10n.project import EngineSettings

    (package,) = [p for p in list_packages(Path(spec["packages"])) if p.path.name == "translate-en_ar"]
    inter, intra, batch = spec["setting"]
    engine = ArgosEngine(package, "ar", EngineSettings(inter_threads=inter, intra_threads=intra, max_batch_size=batch))
    engine.translate_batch([EngineRequest("Warm up the model.")])
    requests = [EngineRequest(unit) for unit in spec["units"]]
    started, cpu = time.perf_counter(), time.process_time()
    engine.translate_batch(requests)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}


CHILDREN = {"argos": child_argos, "ct2": child_ct2, "warm": child_warm, "tune": child_tune}


# ---------------------------------------------------------------- the run

def rate(units: int, seconds: float) -> str:
    return f"{units / seconds:7.1f} units/s"


def row(label: str, units: int, seconds: float, cpu: float, rss_mb: float | None = None, extra: str = "") -> None:
    memory = f"  peak {rss_mb:6.0f} MB" if rss_mb is not None else " " * 16
    print(f"  {label:<40} {units:5d} units {seconds:7.2f} s {rate(units, seconds)}  cpu {cpu:7.2f} s{memory}  {extra}".rstrip(),
          flush=True)


def tune(out: Path, packages: Path) -> None:
    units = distinct_units(out, [write_articles(out / "tune-articles", read_sentences(), 20)])
    print(f"ArgosEngine over {len(units)} units, en→ar base STAND-IN, 2-core CPU; settings (inter, intra, batch):")
    for setting in TUNE:
        result = run_self("tune", {"packages": str(packages), "setting": setting, "units": units})
        row(f"inter={setting[0]} intra={setting[1]} batch={setting[2]}", len(units), result["seconds"], result["cpu"],
            result["rss_mb"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="cache folder for the stand-ins and runs")
    parser.add_argument("--tune", action="store_true", help="time ArgosEngine settings instead of the comparison")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, spec = args.child
        print(json.dumps(CHILDREN[mode](json.loads(Path(spec).read_text()))))
        return

    from l10n.engine.argos import resolve_threads
    from l10n.project import EngineSettings

    settings = EngineSettings()
    inter, intra = resolve_threads(settings, "cpu")
    packages = build_standins(args.out)
    work = Path(tempfile.mkdtemp(prefix="bench-translate-", dir=args.out))
    print(f"bench_translate: base STAND-IN copy model (scripts/standin.py, int8, it does not translate); {os.cpu_count()} cores; "
          f"l10n engine: inter_threads={inter} intra_threads={intra} "
          f"max_batch_size={settings.max_batch_size} beam={settings.beam_size}")
    print(f"load average at the start (1, 5, 15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.tune:
        tune(work, packages)
        return

    sentences = read_sentences()
    news = write_articles(work / "news", sentences, 20)
    sample = work / "sample"
    sample.mkdir()
    shutil.copy(SAMPLE, sample)
    sets = {"sample": distinct_units(work, [sample]), "news": distinct_units(work, [news])}
    counts = {name: len(units) for name, units in sets.items()}
    from l10n.terms import read_glossary

    glossary = read_glossary(ROOT / "glossary")
    with_terms = sum(bool(glossary.find_for(unit, "ar")) for unit in sets["news"])
    print(f"units: sample article {counts['sample']}, news set {counts['news']} ({len(list(news.iterdir()))} articles; "
          f"{with_terms} hold a desk-glossary term, which the copy stand-in never renders: enforcement splices each in through the alignment)\n")

    argos = run_self("argos", {"archive": str(argos_package(packages, work)), "sets": sets},
                     env={"ARGOS_PACKAGES_DIR": str(work / "argos-packages"),
                          "XDG_DATA_HOME": str(work / "xdg-data"), "XDG_CACHE_HOME": str(work / "xdg-cache"),
                          "XDG_CONFIG_HOME": str(work / "xdg-config")})
    ct2 = run_self("ct2", {"package": str(packages / "translate-en_ar"), "sets": sets})
    projects = {name: make_project(work / f"project-{name}", packages, glossary=name != "empty")
                for name in ("sample", "glossary", "empty", "three")}
    cold = {
        "sample": run_cli(projects["sample"], ["translate", str(sample), "--lang", "ar"]),
        "glossary": run_cli(projects["glossary"], ["translate", str(news), "--lang", "ar"]),
        "empty": run_cli(projects["empty"], ["translate", str(news), "--lang", "ar"]),
    }
    warm = run_self("warm", {"runs": {
        "glossary": [str(make_project(work / "warm-glossary", packages, glossary=True)), str(news)],
        "empty": [str(make_project(work / "warm-empty", packages, glossary=False)), str(news)]}})
    second = run_cli(projects["sample"], ["translate", str(sample), "--lang", "ar"])
    three = run_cli(projects["three"], ["translate", str(news)])

    print("sample article (en→ar):")
    row("plain Argos translate() per unit", counts["sample"], argos["times"]["sample"], argos["times"]["sample:cpu"])
    row("raw CTranslate2 translate_batch", counts["sample"], ct2["times"]["sample"], ct2["times"]["sample:cpu"])
    row("l10n translate, cold process (CLI)", counts["sample"], cold["sample"]["wall"], cold["sample"]["cpu"],
        cold["sample"]["rss_mb"])
    row("l10n second run, unchanged article", counts["sample"], second["wall"], second["cpu"], second["rss_mb"],
        f"model loaded: {'yes' if second['model_loaded'] else 'no'}")
    n = counts["news"]
    print(f"\nnews set (en→ar, {n} units):")
    row("plain Argos translate() per unit", n, argos["times"]["news"], argos["times"]["news:cpu"], argos["rss_mb"],
        f"(+{argos['startup']:.1f} s import/install/load; torch imported: {argos['torch']}, spaCy: {argos['spacy']})")
    row("raw CTranslate2 translate_batch", n, ct2["times"]["news"], ct2["times"]["news:cpu"], ct2["rss_mb"])
    for name, label in (("glossary", "desk glossary"), ("empty", "empty glossary")):
        row(f"l10n cold process, {label}", n, cold[name]["wall"], cold[name]["cpu"], cold[name]["rss_mb"])
        row(f"l10n warm library call, {label}", n, warm["times"][name], warm["times"][name + ":cpu"], warm["rss_mb"])
    print("\nratios (units/s of l10n ÷ units/s of the other; > 1 means l10n is faster):")
    for name, label in (("glossary", "desk glossary"), ("empty", "empty glossary")):
        for kind, seconds in (("cold", cold[name]["wall"]), ("warm", warm["times"][name])):
            print(f"  l10n {kind} ({label}) ÷ plain Argos   {argos['times']['news'] / seconds:5.2f}x   "
                  f"÷ raw CTranslate2 {ct2['times']['news'] / seconds:5.2f}x  ({seconds / ct2['times']['news'] - 1:+.0%} time)")
    print("  (cpu ratios, less sensitive to other load on the machine: l10n warm ÷ plain Argos "
          f"{argos['times']['news:cpu'] / warm['times']['empty:cpu']:.2f}x empty glossary, "
          f"{argos['times']['news:cpu'] / warm['times']['glossary:cpu']:.2f}x desk glossary; "
          f"raw CTranslate2 cpu ÷ l10n warm cpu {ct2['times']['news:cpu'] / warm['times']['empty:cpu']:.2f}x empty glossary)")
    print(f"\nthree languages (ar, ckb, tk via tr), cold process, desk glossary: {3 * n} drafts "
          f"{three['wall']:.1f} s ({3 * n / three['wall']:.1f} drafts/s), cpu {three['cpu']:.1f} s, peak RSS {three['rss_mb']:.0f} MB")
    print(f"copy check (stand-in output = input): Argos {argos['times']['news:copied']}/{n}, "
          f"CTranslate2 {ct2['times']['news:copied']}/{n}")

    print(f"\nscaling: 1, 10, 50 differently worded articles of {SCALE_SENTENCES} sentences, en→ar, cold process, desk glossary:")
    scale = []
    for copies in SCALE_COPIES:
        folder = write_articles(work / f"scale-{copies}", sentences, SCALE_SENTENCES, copies)
        units = len(distinct_units(work, [folder]))
        result = run_cli(make_project(work / f"project-scale-{copies}", packages, glossary=True), ["translate", str(folder), "--lang", "ar"])
        scale.append((units, result["wall"]))
        row(f"{copies} article(s)", units, result["wall"], result["cpu"], result["rss_mb"], f"{1000 * result['wall'] / units:.0f} ms/unit")
    (u1, t1), (u2, t2) = scale[-2], scale[-1]
    print(f"  marginal cost from {u1} to {u2} units: {1000 * (t2 - t1) / (u2 - u1):.0f} ms/unit")
    print(f"\nload average at the end (1, 5, 15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()

"""Train the trained stand-ins (dev only): small OpenNMT-py Transformers on synthetic news, converted by CTranslate2.

    python scripts/train_standin.py                       # both languages into tests/data/trained, side by side
    python scripts/train_standin.py --lang ar --out /tmp/trained --work /tmp/train-work

Unlike scripts/standin.py, whose weights are set by hand, these models LEARN:
for each synthetic target of scripts/synthetic_news.py (``ar``: Arabic-like,
``tr``: Turkish-like) the script generates training pairs from a fixed seed,
trains a shared SentencePiece tokenizer, trains an OpenNMT-py Transformer
encoder-decoder on CPU (no guided alignment, no hand-set weight), converts two
checkpoints with CTranslate2's own OpenNMT-py converter (int8) and writes each
as an Argos package with ``standin._write_package``:

    OUT/full/translate-en_ar, OUT/full/translate-en_tr     trained to FULL_STEPS
    OUT/early/translate-en_ar, OUT/early/translate-en_tr   the same run stopped at EARLY_STEPS

The converter's alignment head is its default for a model trained without
alignments: decoder layer -1 (the last), head 0.

Training needs torch and OpenNMT-py, which l10n never needs: they live in
their own venv (``--venv``, default ``.venv-train``), made on first use from
scripts/train-requirements.txt.  The script itself runs in l10n's venv.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from standin import _language_name, _vocabulary, _write_package, train_tokenizer  # noqa: E402
from synthetic_news import generate  # noqa: E402

OPENNMT = "OpenNMT-py==3.5.1"
TRAIN_SEED, VALID_SEED, TORCH_SEED = 101, 202, 303
TRAIN_EXAMPLES = 40_000
VOCAB_SIZE = 2000
FULL_STEPS = 900
EARLY_STEPS = 300
MODEL = {  # OpenNMT-py options: a small Transformer-base look-alike
    "encoder_type": "transformer", "decoder_type": "transformer", "position_encoding": True, "self_attn_type": "scaled-dot",
    "enc_layers": 2, "dec_layers": 2, "heads": 4, "hidden_size": 128, "word_vec_size": 128, "transformer_ff": 512,
    "dropout": [0.1], "attention_dropout": [0.1], "share_embeddings": True, "share_decoder_embeddings": True,
}
OPTIMIZER = {
    "batch_type": "tokens", "batch_size": 1024, "valid_batch_size": 512, "optim": "adam", "adam_beta2": 0.998,
    "decay_method": "noam", "warmup_steps": 200, "learning_rate": 0.2, "label_smoothing": 0.1,  # peak 1.25e-3
    "normalization": "tokens", "param_init": 0.0, "param_init_glorot": True, "max_grad_norm": 5.0,
    "bucket_size": 8192, "num_workers": 0, "report_every": 100,
}
README = """# {name}: TRAINED STAND-IN — synthetic language, not {to_name}

Built by `scripts/train_standin.py` for tests and benchmarks: an OpenNMT-py
Transformer ({layers}+{layers} layers, d_model {hidden}, {heads} heads, ff {ff},
shared vocabulary of {vocab} SentencePiece pieces) trained {steps} steps from seed
{seed} on synthetic English news paired with a synthetic {to_name}-like target
(scripts/synthetic_news.py), converted to int8 by CTranslate2's OpenNMT-py
converter.  Its alignment head is the converter's default: the last decoder
layer, head 0, learned without alignment supervision.  Every figure measured
with it must be labelled as coming from this stand-in.
"""


class _ConvertedModel:
    """A CTranslate2 model directory the converter wrote, saved where ``_write_package`` asks (as a spec would be)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def save(self, output_dir: str) -> None:
        for item in self.directory.iterdir():
            shutil.copy2(item, Path(output_dir) / item.name)


def ensure_venv(venv: Path) -> Path:
    """The training venv's bin folder; made with scripts/train-requirements.txt when missing."""
    bin_dir = venv / "bin"
    if not (bin_dir / "onmt_train").exists():
        print(f"making the training venv {venv} (torch, OpenNMT-py)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(ROOT / "scripts" / "train-requirements.txt")], check=True)
        subprocess.run([*pip, "--no-deps", OPENNMT], check=True)
    return bin_dir


def write_corpus(work: Path, lang: str, sp_model: bytes, pairs: dict[str, list]) -> None:
    """Pieces of each split as OpenNMT-py reads them, and the vocabulary: every SentencePiece piece."""
    import sentencepiece

    tokenizer = sentencepiece.SentencePieceProcessor(model_proto=sp_model)
    for split, examples in pairs.items():
        for suffix, texts in (("en", [e.source for e in examples]), (lang, [e.train for e in examples])):
            lines = (" ".join(pieces) for pieces in tokenizer.encode(texts, out_type=str))
            (work / f"{split}.{suffix}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pieces = [p for p in _vocabulary(sp_model) if p not in ("<unk>", "<s>", "</s>")]
    (work / "vocab.txt").write_text("".join(f"{piece}\t1\n" for piece in pieces), encoding="utf-8")


def write_config(work: Path, lang: str, steps: int, early: int) -> Path:
    config = {
        "save_data": str(work / "run"), "src_vocab": str(work / "vocab.txt"), "share_vocab": True,
        "src_vocab_size": VOCAB_SIZE + 8, "tgt_vocab_size": VOCAB_SIZE + 8, "overwrite": True,
        "data": {
            "corpus_1": {"path_src": str(work / "train.en"), "path_tgt": str(work / f"train.{lang}")},
            "valid": {"path_src": str(work / "valid.en"), "path_tgt": str(work / f"valid.{lang}")},
        },
        "save_model": str(work / "model"), "save_checkpoint_steps": early, "keep_checkpoint": -1,
        "train_steps": steps, "valid_steps": steps, "seed": TORCH_SEED, "world_size": 1, "gpu_ranks": [],
        "src_seq_length": 200, "tgt_seq_length": 200, **MODEL, **OPTIMIZER,
    }
    path = work / "config.yaml"
    path.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")  # JSON is YAML
    return path


def train(bin_dir: Path, work: Path, lang: str, steps: int, early: int, threads: int) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads), "PYTHONHASHSEED": "0"}
    config = write_config(work, lang, steps, early)
    with (work / "train.log").open("w") as log:
        subprocess.run([str(bin_dir / "onmt_train"), "-config", str(config)], check=True, env=env,
                       stdout=log, stderr=subprocess.STDOUT)


def convert(bin_dir: Path, checkpoint: Path, output: Path) -> None:
    """CTranslate2's OpenNMT-py converter, int8.  An OpenNMT-py checkpoint pickles its options (argparse.Namespace),
    which torch >= 2.6 only loads unsafely; the checkpoint is the one this script just wrote."""
    subprocess.run([str(bin_dir / "ct2-opennmt-py-converter"), "--model_path", str(checkpoint), "--output_dir",
                    str(output), "--quantization", "int8", "--unsafe_deserialization", "--force"],
                   check=True, stdout=subprocess.DEVNULL)


def build_language(lang: str, out: Path, work: Path, bin_dir: Path, steps: int, early: int, threads: int) -> None:
    started = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    train_set = generate(lang, TRAIN_EXAMPLES, TRAIN_SEED)
    valid_set = generate(lang, 200, VALID_SEED)
    sp_model = train_tokenizer([e.source for e in train_set] + [e.train for e in train_set], VOCAB_SIZE)
    write_corpus(work, lang, sp_model, {"train": train_set, "valid": valid_set})
    print(f"[{lang}] data and tokenizer in {time.perf_counter() - started:.0f} s", flush=True)
    if (work / f"model_step_{steps}.pt").exists() and (work / f"model_step_{early}.pt").exists():
        print(f"[{lang}] reusing the checkpoints in {work}", flush=True)
    else:
        train(bin_dir, work, lang, steps, early, threads)
        print(f"[{lang}] trained {steps} steps in {time.perf_counter() - started:.0f} s (log: {work / 'train.log'})", flush=True)
    for variant, step in (("full", steps), ("early", early)):
        with tempfile.TemporaryDirectory() as scratch:
            converted = Path(scratch) / "model"
            convert(bin_dir, work / f"model_step_{step}.pt", converted)
            name = f"translate-en_{lang}"
            metadata = {
                "package_version": "0.0.1", "argos_version": "1.9",
                "from_code": "en", "from_name": _language_name("en"), "to_code": lang, "to_name": _language_name(lang),
                "type": "translate",
                "standin": f"trained by scripts/train_standin.py ({variant}, {step} steps) on a synthetic {lang}-like language",
                "standin_variant": f"trained-{variant}",
            }
            readme = README.format(name=name, to_name=_language_name(lang), layers=MODEL["enc_layers"],
                                   hidden=MODEL["hidden_size"], heads=MODEL["heads"], ff=MODEL["transformer_ff"],
                                   vocab=VOCAB_SIZE, steps=step, seed=TORCH_SEED)
            _write_package(out / variant / name, sp_model, metadata, readme, _ConvertedModel(converted))
    print(f"[{lang}] packages written in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["ar", "tr"], choices=["ar", "tr"])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "trained")
    parser.add_argument("--work", type=Path, default=ROOT / "train-out", help="corpora, logs and checkpoints")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv-train")
    parser.add_argument("--steps", type=int, default=FULL_STEPS)
    parser.add_argument("--early", type=int, default=EARLY_STEPS, help="steps of the under-trained variant")
    parser.add_argument("--threads", type=int, default=1, help="torch threads per language (the languages train side by side)")
    args = parser.parse_args()
    if args.steps % args.early:
        parser.error("--steps must be a multiple of --early (checkpoints are saved every --early steps)")
    bin_dir = ensure_venv(args.venv)
    with ThreadPoolExecutor(len(args.lang)) as pool:  # training runs in subprocesses: one per language, in parallel
        jobs = [pool.submit(build_language, lang, args.out, args.work / lang, bin_dir, args.steps, args.early, args.threads)
                for lang in args.lang]
        for job in jobs:
            job.result()


if __name__ == "__main__":
    main()

"""Stand-in Argos packages whose hand-wired Transformer copies or garbles its input (it does NOT translate).

No real Argos model can be downloaded where l10n is tested and benchmarked,
yet the engine must run the real path: SentencePiece, then a CTranslate2
Transformer, then decoding.  ``build_standin_package`` writes an Argos-layout
package directory whose model is a genuine CTranslate2 ``TransformerSpec``
(pre-norm, int8, sizes in SIZES) with weights set by hand.  Its variants:

* ``copy`` (``build_copy_package``): output tokens equal input tokens, then
  ``</s>``: drafts keep realistic lengths and placeholders survive.
* ``script``: every English letter piece (word-start mark plus ASCII letters)
  is written as a piece of the target's script with the same word-start mark
  (Arabic-script letters for ar/ckb, Turkish letters with one of ç ğ ı ö ş ü
  for tr/tk), chosen deterministically (output_ids); digits, punctuation,
  brackets and non-English pieces come through unchanged.
* ``symbols``: as script, and markup pieces (MARKUP: ⟦ ⟧ [ ] < > { } # @ …)
  lose their markup ("0⟧" -> "0") or are written as script pieces ("▁⟦"), so
  a placeholder never survives; digits and sentence punctuation do.
* ``reorder``: as script, and one-piece English words swap places in pairs
  (positions j, j+1 with j even, when both are word-start English pieces and
  j+2 starts a word or the source ends): word order is not the source's.

``expected_draft``/``expected_tokens`` predict every draft exactly and
``source_order``/``expected_alignment`` every alignment, in pure Python, so
tests can assert outputs; ``run_standin`` drafts the way l10n's engine does and
reads the alignment; ``check_standin`` compares the two.

The alignment head.  Converted OpenNMT-py models (Argos') return, with
``return_attention=True``, the cross-attention of the decoder layer and heads
named by the spec's ``alignment_layer``/``alignment_heads``
(``TransformerSpec.from_config(..., alignment_layer=-1, alignment_heads=1)``
by default: the last layer's first head; 0 heads means all averaged).  Here
``alignment_layer=0, alignment_heads=1``: head 0 of decoder layer 0 is the head
that reads the source, so the attention returned for output token i peaks
(weight > 0.99) on the source token i was made from: i itself, or its swap
partner for reorder.  Indexes count the model's input, prefix tokens
included.  Read it at beam 1: in CTranslate2 4.8.5, batched beam search
(beam > 1) sometimes reports the second step's attention for the first token
(seen on the reorder stand-in: 21 of 40 mixed-length sources at beam 4, none at
beam 1); the drafts themselves are right.  ``run_standin`` therefore re-reads
the alignment at beam 1 with the chosen hypothesis as a forced
``target_prefix``, which is exact for every token.

How the copy works (one residual stream cut into subspaces, codes centred so
LayerNorm only rescales):

* encoder: token code in T plus position code in P; every encoder layer is
  inert (random Q/K, zero values, FFN units held off by a large negative bias),
  so the encoder output is the normalised token + position.
* decoder input: only the position code of step p (the decoder embedding is
  zero).  In layer 0 the cross-attention matches step p to source position p
  through the position codes, and its value carries the source token code into
  T and that position's code into P2.
* layer 0's FFN measures |P2 - P| (L1, with ReLU pairs).  It is ~0 when a source
  position p exists and large after the last one; it feeds an end feature E.
* the output projection maps T back to the same token, and E to ``</s>``.
  The rewriting variants embed a source token with the code of the token
  written in its place, so they change nothing else.
* reorder only: three encoder layers compute, from token features and
  neighbour lookups, which positions swap, and swap their position codes; the
  decoder's copy head then reads the source in the new order (the wiring is
  drawn above _set_reorder_encoder).

A forced target prefix of k tokens takes the place of the first k output
tokens: the model carries on with output position k (source position k, or
its swap partner for reorder), whatever the prefix holds.  That is why the
multilingual stand-in pairs a one-token ``source_prefix`` with a one-token
``target_prefix``.  SentencePiece (BPE) uses the identity normaliser and byte
fallback, so any text round-trips through encode, copy and decode.

The base tokenizer learns 32,000 pieces from text found on every machine that
runs l10n: the standard library's docstrings (English prose) and babel's CLDR
strings for Arabic-script and Turkic locales.  It is not news text, so English
news takes about 1.9 pieces per word with it (a news-trained vocabulary needs
fewer); pass ``training_lines`` to train on a desk's own text instead.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import shutil
import string
import tempfile
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from l10n.errors import L10nError, UsageError
from l10n.files.atomic import atomic_write
from l10n.files.paths import safe_join

SEED = 20200329
INERT_BIAS = -1.0e4        # keeps unused FFN units at ReLU(...) = 0 whatever the input
LAYER_NORM_EPSILON = 1e-6
ATTENTION_SHARPNESS = 80.0  # attention score of an exact position match
COPY_LOGIT = 30.0           # logit of the copied token
END_FEATURE = 4.0           # size of the end feature after the last source token, in code norms
SPACE = "\u2581"            # SentencePiece's word-start mark
ALIGNMENT_LAYER = 0         # the decoder layer whose cross-attention head 0 reads the source: the alignment head
ALIGNMENT_HEADS = 1
MIN_DECODING_LIMIT = 256    # CTranslate2's default max_decoding_length, as l10n's engine uses it
REORDER_LAYERS = 3          # encoder layers the reorder wiring uses (lookups, swap decision, selection)


@dataclass(frozen=True)
class StandinSize:
    """The shape of one stand-in model: architecture, tokenizer and code widths."""

    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab_size: int          # SentencePiece target size (a ceiling: hard_vocab_limit is off)
    token_dims: int          # width of the token subspace T
    position_dims: int       # width of P and P2; at most d_model // heads
    max_positions: int
    quantization: str


SIZES = {
    "tiny": StandinSize(layers=2, d_model=128, heads=2, ffn=256, vocab_size=600,
                        token_dims=56, position_dims=32, max_positions=1024, quantization="int8"),
    # tiny with 96 positions: units longer than the model can take, at unit-test cost.
    "short": StandinSize(layers=2, d_model=128, heads=2, ffn=256, vocab_size=600,
                         token_dims=56, position_dims=32, max_positions=96, quantization="int8"),
    # Enough layers for the reorder variant, still fast enough for unit tests.
    "small": StandinSize(layers=3, d_model=320, heads=5, ffn=640, vocab_size=600,
                         token_dims=128, position_dims=64, max_positions=1024, quantization="int8"),
    # Transformer-base as argos-train trains it: 6+6 layers, 512/2048, 8 heads, ~32k shared vocab.
    "base": StandinSize(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32000,
                        token_dims=320, position_dims=64, max_positions=1024, quantization="int8"),
}

VARIANTS = {
    "copy": "copies the source tokens to the output and then stops, so drafts are the English source text, unchanged",
    "script": "writes every English letter piece as a piece of the target's script (Arabic script for ar/ckb, "
              "Turkish-looking for tr); digits, punctuation and brackets come through unchanged",
    "symbols": "rewrites English letter pieces as \"script\" does and bracket, symbol and markup pieces too, "
               "so placeholders such as \u27e6T0\u27e7 never survive",
    "reorder": "rewrites English letter pieces as \"script\" does and swaps adjacent one-piece words in pairs",
}

README = """# {name}: STAND-IN MODEL — it does NOT translate

This package was built by `scripts/standin.py` for tests and benchmarks. Its
CTranslate2 Transformer ({size}: {layers}+{layers} layers, d_model {d_model},
{quantization}) has hand-set weights: it {behaviour}.
Its alignment head (decoder layer 0, head 0) attends to the source token each
output token was made from. Every figure measured with it must be labelled as
coming from the stand-in.
"""

CLDR_LOCALES = ("ar", "ckb", "fa", "ur", "ps", "sd", "ug", "tr", "tk", "az", "uz")

SAMPLE_LINES = (
    "The US-led coalition withdrew from the K1 military base in Kirkuk on Sunday, March 29, 2020.",
    "Iraqi Security Forces (ISF) took over 300 positions; \"it is a new phase,\" the statement said.",
    "Photo: Exclusive to KirkukNow. Peshmerga forces and ISIS fighters were seen near Qayyarah!",
    "Placeholders ⟦T0⟧, ⟦T1⟧ and ⟦T12⟧ must survive; so must 15 km, 1,000,000 dollars and 3.5%.",
    "Numbers 0 1 2 3 4 5 6 7 8 9 and marks . , ; : ! ? ' \" ( ) [ ] { } - – — / & % $ # @ * + = < > « »",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz",
    "انسحب التحالف الدولي من قاعدة كي وان العسكرية في كركوك يوم الأحد ٢٩ آذار ٢٠٢٠.",
    "قوات الأمن العراقية؛ البيشمركة، تنظيم داعش؟ ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹",
    "هاوپەیمانی نێودەوڵەتی لە بنکەی سەربازیی کەی وەن لە کەرکووک کشایەوە؛ ڕۆژی یەکشەممە.",
    "ڕ ڵ ۆ ێ ە ک گ پ چ ژ ڤ",
    "ABD öncülüğündeki koalisyon Kerkük'teki K1 askeri üssünden çekildi; Irak Güvenlik Güçleri üssü devraldı.",
    "ş ğ ı İ ç ö ü Ş Ğ Ç Ö Ü",
    "ABŞ-nyň ýolbaşçylygyndaky koalisiýa Kerkükdäki harby bazadan çykdy. ň ž ý ä Ň Ž Ý Ä",
)


ENGLISH_LETTERS = frozenset(string.ascii_letters)
TURKISH_LETTERS = frozenset("abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ")
TURKISH_ONLY = frozenset("çğıöşüÇĞİÖŞÜ")
MARKUP = frozenset("⟦⟧[]{}<>#@*&|\\^~_`$+=/")  # pieces made of these (and punctuation) are rewritten by "symbols"
SCRIPTS = {"ar": "arabic", "ckb": "arabic", "fa": "arabic", "ur": "arabic", "tr": "turkish", "tk": "turkish", "az": "turkish"}


def target_script(variant: str, code: str) -> str:
    """The script a rewriting variant writes for target ``code`` ("" for copy); UsageError when it has none."""
    if variant == "copy":
        return ""
    if code not in SCRIPTS:
        raise UsageError(f"the {variant} stand-in has no target script for {code!r}; use one of: {', '.join(SCRIPTS)}.")
    return SCRIPTS[code]


def output_ids(vocabulary: Sequence[str], variant: str, script: str = "") -> list[int]:
    """For every vocabulary id, the id the model writes in its place (the identity for copy).

    English letter pieces go to pieces of ``script`` with the same word-start
    mark, by rank of (length, crc32), so longer pieces get longer replacements
    and the choice is the same on every build of the same vocabulary.  For
    "symbols", a piece holding markup loses it ("0⟧" -> "0") or, when nothing
    that is a piece remains ("▁⟦"), is rewritten like a letter piece.
    Everything else is kept.
    """
    outputs = list(range(len(vocabulary)))
    if variant == "copy":
        return outputs
    index = {piece: number for number, piece in enumerate(vocabulary)}
    rewritten = [i for i, piece in enumerate(vocabulary) if _is_english_word_piece(piece)]
    for i, piece in enumerate(vocabulary):
        if variant == "symbols" and _is_markup_piece(piece):
            kept = "".join(char for char in piece if char not in MARKUP)
            if _body(kept) and kept in index:
                outputs[i] = index[kept]     # "0⟧" -> "0": the digits and punctuation stay, the markup goes
            else:
                rewritten.append(i)
    pool = [i for i, piece in enumerate(vocabulary) if _is_script_piece(piece, script)]
    for starts_word in (True, False):
        sources = _ranked(vocabulary, [i for i in rewritten if vocabulary[i].startswith(SPACE) == starts_word])
        targets = _ranked(vocabulary, [i for i in pool if vocabulary[i].startswith(SPACE) == starts_word])
        if sources and not targets:
            raise UsageError(f"the stand-in tokenizer has no {script} pieces to write; train it on some {script} text.")
        for rank, source in enumerate(sources):
            outputs[source] = targets[rank * len(targets) // len(sources)]
    return outputs


def _body(piece: str) -> str:
    return piece[1:] if piece.startswith(SPACE) else piece


def _is_english_word_piece(piece: str) -> bool:
    body = _body(piece)
    return bool(body) and set(body) <= ENGLISH_LETTERS


def _is_english_word_start(piece: str) -> bool:
    return piece.startswith(SPACE) and _is_english_word_piece(piece)


def _is_markup_piece(piece: str) -> bool:
    """Brackets and symbols, possibly with digits or punctuation, never letters; control pieces excluded.

    A byte-fallback piece counts as the ASCII character it stands for ("<0x7E>" is "~").
    """
    byte = re.fullmatch(r"<0x([0-9A-F]{2})>", piece)
    if byte:
        return chr(int(byte.group(1), 16)) in MARKUP
    body = _body(piece)
    return bool(MARKUP & set(body)) and not any(char.isalpha() for char in body) and piece not in ("<unk>", "<s>", "</s>")


def _is_script_piece(piece: str, script: str) -> bool:
    """A piece of letters of ``script`` only: Arabic-script letters, or Turkish letters with one of ç ğ ı ö ş ü."""
    body = _body(piece)
    if not body:
        return False
    if script == "arabic":
        return all(unicodedata.category(char).startswith("L") and "ARABIC" in unicodedata.name(char, "")
                   and char != "\u0640" for char in body)
    return set(body) <= TURKISH_LETTERS and bool(TURKISH_ONLY & set(body))


def _ranked(vocabulary: Sequence[str], ids: Sequence[int]) -> list[int]:
    return sorted(set(ids), key=lambda i: (len(_body(vocabulary[i])), zlib.crc32(vocabulary[i].encode("utf-8")), i))


def source_order(variant: str, tokens: Sequence[str]) -> list[int]:
    """For each output position, the source position the stand-in reads there: its alignment.

    The identity except for "reorder", which swaps positions (j, j+1), j even,
    when both hold one-piece English words: each is a word-start piece of
    English letters, and j+2 starts a new word or the source ends there.
    ``tokens`` is the whole source the model sees, prefix tokens included.
    """
    order = list(range(len(tokens)))
    if variant != "reorder":
        return order
    for first in range(0, len(tokens) - 1, 2):
        second = first + 1
        if (_is_english_word_start(tokens[first]) and _is_english_word_start(tokens[second])
                and (second + 1 == len(tokens) or tokens[second + 1].startswith(SPACE))):
            order[first], order[second] = second, first
    return order


def expected_tokens(variant: str, tokens: Sequence[str], vocabulary: Sequence[str], script: str = "",
                    forced: Sequence[str] = ()) -> list[str]:
    """The tokens the stand-in writes for source ``tokens``, after the ``forced`` target prefix, before ``</s>``.

    A forced prefix of k tokens stands in for the first k output positions.
    """
    index = {piece: number for number, piece in enumerate(vocabulary)}
    outputs = output_ids(vocabulary, variant, script)
    written = [vocabulary[outputs[index[tokens[position]]]] for position in source_order(variant, tokens)]
    return [*forced, *written[len(forced):]]


def expected_draft(variant: str, source: str, *, package_dir: Path) -> str:
    """The draft the stand-in package at ``package_dir`` gives for ``source``, as l10n's engine decodes it."""
    tokenizer, vocabulary, metadata = _load_standin(package_dir, variant)
    source_prefix = metadata.get("source_prefix", "").split()
    target_prefix = metadata.get("target_prefix", "").split()
    tokens = [*source_prefix, *tokenizer.encode(source, out_type=str)]
    written = expected_tokens(variant, tokens, vocabulary, metadata.get("standin_script", ""), target_prefix)
    text = tokenizer.decode_pieces(written[len(target_prefix):]).replace(SPACE, " ")
    return text[1:] if text.startswith(" ") else text


def expected_alignment(variant: str, source: str, *, package_dir: Path) -> list[int]:
    """For each output token of ``source``'s draft after the forced target prefix, the source token it came from.

    Indexes count the model's input, prefix tokens included, as run_standin's alignments do.
    """
    tokenizer, _, metadata = _load_standin(package_dir, variant)
    tokens = [*metadata.get("source_prefix", "").split(), *tokenizer.encode(source, out_type=str)]
    return source_order(variant, tokens)[len(metadata.get("target_prefix", "").split()):]


def run_standin(package_dir: Path, sources: Sequence[str], *, beam_size: int = 1) -> list[tuple[str, list[int]]]:
    """Draft ``sources`` with the package as l10n's engine does, reading the alignment head as well.

    Returns (draft, alignment) per source: alignment[i] is the source token
    (index in the model's input, prefix tokens included) that output token i
    attends to most, for every output token after the forced target prefix.
    """
    import ctranslate2
    import sentencepiece as spm

    package_dir = Path(package_dir)
    metadata = json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))
    source_prefix = metadata.get("source_prefix", "").split()
    target_prefix = metadata.get("target_prefix", "").split()
    tokenizer = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu")
    batch = [[*source_prefix, *tokenizer.encode(source, out_type=str)] for source in sources]
    limit = max([MIN_DECODING_LIMIT, *(2 * len(tokens) + 2 for tokens in batch)])
    results = translator.translate_batch(batch, target_prefix=[target_prefix or None] * len(batch),
                                         beam_size=beam_size, max_decoding_length=limit, return_attention=True)
    if beam_size > 1:  # the first step's attention can be wrong in batched beam search: re-read it at beam 1
        results = translator.translate_batch(batch, target_prefix=[result.hypotheses[0] for result in results],
                                             beam_size=1, max_decoding_length=limit, return_attention=True)
    drafts = []
    for result in results:
        tokens = result.hypotheses[0][len(target_prefix):]
        weights = result.attention[0][len(target_prefix):]
        text = tokenizer.decode_pieces(tokens).replace(SPACE, " ")
        drafts.append((text[1:] if text.startswith(" ") else text, [int(np.argmax(row)) for row in weights]))
    return drafts


def check_standin(package_dir: Path, variant: str, sources: Sequence[str]) -> list[str]:
    """One line per source whose draft or alignment (at beam 1 and 4) differs from the prediction; [] when all hold."""
    problems = []
    for beam_size in (1, 4):
        for source, (draft, alignment) in zip(sources, run_standin(package_dir, sources, beam_size=beam_size)):
            expected = expected_draft(variant, source, package_dir=package_dir)
            if draft != expected:
                problems.append(f"beam {beam_size}: {source!r} drafted as {draft!r}, expected {expected!r}")
            elif alignment != expected_alignment(variant, source, package_dir=package_dir):
                problems.append(f"beam {beam_size}: {source!r}: alignment {alignment} is not the source order")
    return problems


def _load_standin(package_dir: Path, variant: str):
    """(tokenizer, vocabulary, metadata) of a stand-in package; UsageError unless it is the ``variant`` stand-in."""
    import sentencepiece as spm

    metadata = json.loads((Path(package_dir) / "metadata.json").read_text(encoding="utf-8"))
    built = metadata.get("standin_variant", "copy" if "standin" in metadata else None)
    if built != variant:
        raise UsageError(f"{package_dir}: not a {variant!r} stand-in (it is {built!r}); build it with --variant {variant}.")
    tokenizer = spm.SentencePieceProcessor(model_file=str(Path(package_dir) / "sentencepiece.model"))
    vocabulary = [tokenizer.id_to_piece(number) for number in range(tokenizer.get_piece_size())]
    return tokenizer, vocabulary, metadata


def build_standin_package(
    dest: Path,
    *,
    variant: str = "copy",
    from_code: str = "en",
    to_code: str = "ar",
    to_codes: tuple[str, ...] = (),
    size: str = "tiny",
    source_prefix: str = "",
    target_prefix: str = "",
    training_lines: Sequence[str] | None = None,
    version: str = "0.0.1",
    name: str | None = None,
) -> Path:
    """Write the stand-in package ``dest/<name>`` (Argos layout) for ``variant`` and return its directory.

    ``variant`` is one of VARIANTS; ``size`` one of SIZES ("tiny" for tests, "short" for units longer than the model takes,
    "small" for reorder tests, "base" for Transformer-base compute per token).
    ``training_lines`` replaces the text the tokenizer learns from; prefixes
    become single SentencePiece symbols.  The rewriting variants write the
    script of ``to_code`` (or of the first of ``to_codes``).
    """
    if size not in SIZES:
        raise UsageError(f"unknown stand-in size {size!r}; use one of: {', '.join(SIZES)}.")
    if variant not in VARIANTS:
        raise UsageError(f"unknown stand-in variant {variant!r}; use one of: {', '.join(VARIANTS)}.")
    shape = SIZES[size]
    if variant == "reorder" and shape.layers < REORDER_LAYERS:
        raise UsageError(f"the reorder stand-in needs {REORDER_LAYERS} layers; use size small or base.")
    script = target_script(variant, to_codes[0] if to_codes else to_code)
    name = name or f"translate-{from_code}_{to_code}"
    symbols = _prefix_symbols(source_prefix, target_prefix, to_codes)
    lines = list(training_lines) if training_lines is not None else _default_lines(size)
    if not any(line.strip() for line in lines):
        raise UsageError("no text to train the stand-in tokenizer on; give training_lines with some text.")
    sp_model = train_tokenizer(lines, shape.vocab_size, symbols)
    metadata = _metadata(from_code, to_code, to_codes, version, source_prefix, target_prefix, variant, script)
    readme = README.format(name=name, size=size, behaviour=VARIANTS[variant], **vars(shape))
    spec = build_standin_spec(_vocabulary(sp_model), shape, variant, script)
    package_dir = safe_join(dest, name)
    try:
        _write_package(package_dir, sp_model, metadata, readme, spec)
    except OSError as exc:
        raise L10nError(f"{package_dir}: stand-in package not written ({exc.strerror}); check the folder.") from exc
    return package_dir


def build_copy_package(dest: Path, **options) -> Path:
    """The copy stand-in: ``build_standin_package(dest, variant="copy", **options)``."""
    return build_standin_package(dest, variant="copy", **options)


def _write_package(package_dir: Path, sp_model: bytes, metadata: dict, readme: str, spec) -> None:
    """Build in a hidden sibling folder, then rename it into place, so no half-built package is ever listed."""
    package_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{package_dir.name}.", dir=package_dir.parent))
    try:
        atomic_write(staging / "sentencepiece.model", sp_model)
        atomic_write(staging / "metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")
        atomic_write(staging / "README.md", readme)
        (staging / "model").mkdir()
        spec.save(str(staging / "model"))
        os.chmod(staging, 0o755)
        if package_dir.exists():
            shutil.rmtree(package_dir)
        os.replace(staging, package_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def train_tokenizer(lines: Sequence[str], vocab_size: int, symbols: Sequence[str] = ()) -> bytes:
    """Train a SentencePiece BPE model on ``lines`` and return the serialized model.

    Byte fallback and the identity normaliser make every text round-trip exactly;
    ``vocab_size`` is a ceiling, so a few lines still train a valid model.
    """
    import sentencepiece as spm

    buffer = io.BytesIO()
    with open(os.devnull, "w") as quiet:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=buffer,
            logstream=quiet,
            model_type="bpe",
            vocab_size=vocab_size,
            hard_vocab_limit=False,
            character_coverage=1.0,
            byte_fallback=True,
            normalization_rule_name="identity",
            user_defined_symbols=list(symbols),
            num_threads=os.cpu_count() or 1,
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
        )
    return buffer.getvalue()


def build_standin_spec(vocabulary: Sequence[str], shape: StandinSize, variant: str = "copy", script: str = ""):
    """A validated, quantized CTranslate2 TransformerSpec whose weights copy (and rewrite) the source.

    ``vocabulary`` is the shared source/target vocabulary (SentencePiece pieces
    in id order; it must contain ``</s>``); ``script`` is what target_script
    returns for the variant's language.  A rewritten source token is embedded
    with the code of the token written in its place, so the output layer is the
    copy model's and many tokens can share one replacement at no cost in margin.
    """
    from ctranslate2.specs import transformer_spec

    reorder = variant == "reorder"
    layout = _Layout(shape, REORDER_UNITS if reorder else 2)
    rng = np.random.default_rng(SEED)
    token_codes = _codes(rng, len(vocabulary), shape.token_dims)
    if reorder:
        position_codes = _block_orthogonal_codes(shape.max_positions + 1, shape.position_dims)
    else:
        position_codes = _codes(rng, shape.max_positions, shape.position_dims)

    spec = transformer_spec.TransformerSpec.from_config(
        (shape.layers, shape.layers), shape.heads, alignment_layer=ALIGNMENT_LAYER, alignment_heads=ALIGNMENT_HEADS,
    )
    spec.config.layer_norm_epsilon = LAYER_NORM_EPSILON
    outputs = output_ids(vocabulary, variant, script)
    if reorder:
        _set_reorder_encoder(spec.encoder, layout, token_codes[outputs], position_codes, vocabulary, rng)
    else:
        _set_encoder(spec.encoder, layout, token_codes[outputs], position_codes, rng)
    _set_decoder(spec.decoder, layout, token_codes, position_codes[: shape.max_positions], vocabulary.index("</s>"), rng)
    spec.register_source_vocabulary(list(vocabulary))
    spec.register_target_vocabulary(list(vocabulary))
    spec.validate()
    spec.optimize(quantization=shape.quantization)
    return spec


def build_copy_spec(vocabulary: Sequence[str], shape: StandinSize):
    """The copy model's spec: ``build_standin_spec(vocabulary, shape, "copy")``."""
    return build_standin_spec(vocabulary, shape, "copy")


class _Layout:
    """Where each signal lives in the residual stream, and the scales that keep it exact."""

    def __init__(self, shape: StandinSize, encoder_units: int = 2):
        self.shape = shape
        self.d_model = shape.d_model
        self.head_dim = shape.d_model // shape.heads
        if shape.position_dims > self.head_dim:
            raise ValueError("position_dims must fit in one attention head")
        t, p = shape.token_dims, shape.position_dims
        if t + 2 * p + 2 > shape.d_model:
            raise ValueError("token and position subspaces do not fit in d_model")
        self.token = np.arange(0, t)
        self.position = np.arange(t, t + p)
        self.attended = np.arange(t + p, t + 2 * p)          # P2: code of the attended source position
        self.end = np.array([t + 2 * p, t + 2 * p + 1])      # E, read along (1, -1) / sqrt(2)
        # LayerNorm scales of the three states whose content is known (unit-norm codes).
        self.encoder_std = self.std(encoder_units)   # token + position (+ the reorder wiring's codes and features)
        self.query_std = self.std(1)     # decoder position only
        self.copy_std = self.std(3)      # position + copied token + attended position

    def std(self, unit_codes: int) -> float:
        return math.sqrt(unit_codes / self.d_model + LAYER_NORM_EPSILON)


# --- The reorder wiring -------------------------------------------------------------------------------
#
# Encoder columns: T (token code), R (position code R_j, the decoder's key), N (R_{j+1})
# and balanced feature pairs (+c, -c) for true, (-c, +c) for false, so every position
# has the same norm and LayerNorm scales are known.  Position codes come from chirp
# bases (see _block_orthogonal_codes): exactly orthogonal within blocks of 62
# positions, |cos| <= ~0.2 across blocks, so lookups have wide margins.
#
#   layer 0 attention  word_before  <- word of j-1        (query R_j, key N)
#                      starts_after <- starts of j+1      (query N_j + R_j/2, key R: self when j is last)
#   layer 0 FFN        swaps_back = odd and word and word_before and starts_after
#   layer 1 attention  swaps_ahead <- swaps_back of j+1   (as starts_after)
#   layer 2 attention  R_j := R of j+1 if swaps_ahead, of j-1 if swaps_back, else R_j
#                      (heads "ahead" and "behind" each pick self or neighbour by a
#                      parity-signed scalar; a third head subtracts one R_j)
#
# The decoder's copy head then finds, at step p, the source j whose R now equals R_p.

FEATURES = ("word", "starts", "odd", "word_before", "starts_after", "swaps_back", "swaps_ahead")
REORDER_UNITS = 3 + len(FEATURES)   # T, R and N codes plus one unit per feature pair
FEATURE_HALF = 1 / math.sqrt(2)      # c: a pair holds (+c, -c) or (-c, +c), norm 1
LOOKUP_SCORE = 200.0                 # attention score of an exact code match in a lookup
FALLBACK = 0.5                       # share of LOOKUP_SCORE for self when the looked-up neighbour is missing
SELECT_SCORE = 150.0                 # code score in the selection heads
PARITY_SCORE = 80.0                  # scalar score that decides self or neighbour


class _Head:
    """One hand-wired attention head: score = sum of weighted code dot products + a scalar product.

    ``query``/``key``: (residual columns, weight) summed into the head's code
    dims; ``query_scalar``: (feature, weight) pairs and ``query_bias`` giving h_j;
    ``key_scalar``: the feature whose sign is k_i; score = code part + h_j * k_i.
    ``values``: (from columns, to columns, weight) carried to the residual.
    """

    def __init__(self, query, key, values, query_scalar=(), query_bias=0.0, key_scalar=None):
        self.query, self.key, self.values = query, key, values
        self.query_scalar, self.query_bias, self.key_scalar = query_scalar, query_bias, key_scalar


class _ReorderColumns:
    def __init__(self, layout: _Layout):
        self.here = layout.position
        self.ahead = layout.attended
        start = layout.attended[-1] + 1
        if start + 2 * len(FEATURES) > layout.d_model:
            raise ValueError("the reorder features do not fit in d_model")
        self.feature = {name: start + 2 * index for index, name in enumerate(FEATURES)}

    def pair(self, name: str) -> np.ndarray:
        return np.array([self.feature[name], self.feature[name] + 1])


def _pairs(values: np.ndarray) -> np.ndarray:
    """Booleans as balanced pairs: true (+c, -c), false (-c, +c)."""
    signs = np.where(values, 1.0, -1.0).astype(np.float32)[:, None]
    return signs * np.array([FEATURE_HALF, -FEATURE_HALF], dtype=np.float32)


def _set_reorder_encoder(spec, layout: _Layout, token_codes, position_codes, vocabulary, rng) -> None:
    width, columns = layout.d_model, _ReorderColumns(layout)
    positions = layout.shape.max_positions
    spec.scale_embeddings = False
    embeddings = _embed(token_codes, layout.token, width)
    embeddings[:, columns.pair("word")] = _pairs(np.array([_is_english_word_start(piece) for piece in vocabulary]))
    embeddings[:, columns.pair("starts")] = _pairs(np.array([piece.startswith(SPACE) for piece in vocabulary]))
    spec.embeddings[0].weight = embeddings
    table = _embed(position_codes[:positions], columns.here, width)
    table[:, columns.ahead] = position_codes[1 : positions + 1]
    table[:, columns.pair("odd")] = _pairs(np.arange(positions) % 2 == 1)
    spec.position_encodings.encodings = table

    here, ahead = columns.here, columns.ahead
    next_lookup = [(ahead, 1.0), (here, FALLBACK)]
    layers = spec.layer
    _set_wired_attention(layers[0].self_attention, layout, 6, rng, [
        _Head([(here, LOOKUP_SCORE)], [(ahead, 1.0)], [(columns.pair("word"), columns.pair("word_before"), 1.0)]),
        _Head([(cols, LOOKUP_SCORE * w) for cols, w in next_lookup], [(here, 1.0)],
              [(columns.pair("starts"), columns.pair("starts_after"), 1.0)]),
    ])
    _set_swap_ffn(layers[0].ffn, layout, columns, 8, rng)
    _set_wired_attention(layers[1].self_attention, layout, 9, rng, [
        _Head([(cols, LOOKUP_SCORE * w) for cols, w in next_lookup], [(here, 1.0)],
              [(columns.pair("swaps_back"), columns.pair("swaps_ahead"), 1.0)]),
    ])
    _set_inert_ffn(layers[1].ffn, layout, rng)
    odd = columns.feature["odd"]
    _set_wired_attention(layers[2].self_attention, layout, REORDER_UNITS, rng, [
        # ahead: self and j+1 tie on codes; h = (swaps_ahead + odd + 1) / 2 favours odd positions when > 0
        _Head([(here, SELECT_SCORE), (ahead, SELECT_SCORE)], [(here, 1.0)], [(here, here, 1.0)],
              [(columns.feature["swaps_ahead"], 0.5), (odd, 0.5)], 0.5, odd),
        # behind: self and j-1 tie on codes; h = (odd - swaps_back - 1) / 2
        _Head([(here, SELECT_SCORE)], [(here, 1.0), (ahead, 1.0)], [(here, here, 1.0)],
              [(odd, 0.5), (columns.feature["swaps_back"], -0.5)], -0.5, odd),
        _Head([(here, SELECT_SCORE)], [(here, 1.0)], [(here, here, -2.0)]),
    ])
    _set_inert_ffn(layers[2].ffn, layout, rng)
    for layer in layers[REORDER_LAYERS:]:
        _set_inert_attention(layer.self_attention, width, rng, fused=3)
        _set_inert_ffn(layer.ffn, layout, rng)
    _set_layer_norm(spec.layer_norm, width)


def _set_wired_attention(spec, layout: _Layout, input_units: int, rng, heads: Sequence[_Head]) -> None:
    """Self-attention whose first heads are ``heads``; the rest are inert (random Q/K, zero values)."""
    width, head_dim = layout.d_model, layout.head_dim
    std, root = layout.std(input_units), math.sqrt(head_dim)
    _set_layer_norm(spec.layer_norm, width)
    fused = _random(rng, 3 * width, width)
    fused[2 * width:] = 0.0
    bias = np.zeros(3 * width, dtype=np.float32)
    output = _random(rng, width, width)
    for index, head in enumerate(heads):
        rows = index * head_dim + np.arange(head_dim)
        fused[rows] = 0.0
        fused[width + rows] = 0.0
        for cols, weight in head.query:
            fused[rows[: cols.size], cols] += weight * std * std * root
        for cols, weight in head.key:
            fused[width + rows[: cols.size], cols] += weight
        if head.key_scalar is not None:
            scalar = rows[-1]
            fused[width + scalar, head.key_scalar] = std / FEATURE_HALF
            for col, weight in head.query_scalar:
                fused[scalar, col] = PARITY_SCORE * weight * root * std / FEATURE_HALF
            bias[scalar] = PARITY_SCORE * head.query_bias * root
        offset = 0
        for source, target, weight in head.values:
            value_rows = index * head_dim + offset + np.arange(source.size)
            fused[2 * width + value_rows, source] = 1.0
            output[:, value_rows] = 0.0
            output[target, value_rows] = weight * std
            offset += source.size
    _set_linear(spec.linear[0], fused, bias)
    _set_linear(spec.linear[1], output)


def _set_swap_ffn(spec, layout: _Layout, columns: _ReorderColumns, input_units: int, rng) -> None:
    """One FFN unit: swaps_back = ReLU(word + word_before + odd + starts_after - 3), each +-1, written as a pair."""
    _set_inert_ffn(spec, layout, rng, live_units=1)
    std = layout.std(input_units)
    first, second = spec.linear_0.weight, spec.linear_1.weight
    first[0] = 0.0
    for name in ("word", "word_before", "odd", "starts_after"):
        first[0, columns.feature[name]] = std / FEATURE_HALF
    spec.linear_0.bias[0] = -3.0
    second[:, 0] = 0.0
    swap = columns.pair("swaps_back")
    second[swap, 0] = np.array([2 * FEATURE_HALF, -2 * FEATURE_HALF])
    spec.linear_1.bias[swap] = np.array([-FEATURE_HALF, FEATURE_HALF], dtype=np.float32)


def _block_orthogonal_codes(count: int, dims: int) -> np.ndarray:
    """Unit, zero-sum position codes: orthogonal within blocks of 2q positions, |cos| <= ~1/sqrt(q) across.

    q is the largest prime with 2q <= dims.  Block a (1 <= a < q) holds the
    chirps exp(2 pi i (a t^2 + b t) / q) and i times them, as real vectors
    (real part, imaginary part): one orthonormal basis per a, mutually
    unbiased across a.  Each block starts with the member least correlated to
    the previous block's last, so neighbours are always nearly orthogonal.
    """
    prime = max(n for n in range(2, dims // 2 + 1) if all(n % k for k in range(2, int(n ** 0.5) + 1)))
    steps = np.arange(prime)
    codes: list[np.ndarray] = []
    for slope in range(1, prime):
        block = []
        for shift in range(prime):
            wave = np.exp(2j * np.pi * (slope * steps * steps + shift * steps) / prime) / math.sqrt(prime)
            block += [np.concatenate([wave.real, wave.imag]), np.concatenate([-wave.imag, wave.real])]
        if codes:
            first = int(np.argmin([abs(float(code @ codes[-1])) for code in block]))
            block = block[first:] + block[:first]
        codes.extend(block)
        if len(codes) >= count:
            break
    if len(codes) < count:
        raise ValueError("too many positions for the position code dims")
    table = np.zeros((count, dims), dtype=np.float32)
    centred = np.array(codes[:count])
    centred -= centred.mean(axis=1, keepdims=True)
    table[:, : 2 * prime] = centred / np.linalg.norm(centred, axis=1, keepdims=True)
    return table


def _codes(rng: np.random.Generator, count: int, dims: int) -> np.ndarray:
    """Random unit vectors with zero sum, so LayerNorm's mean is zero and distinct codes are nearly orthogonal."""
    codes = rng.standard_normal((count, dims))
    codes -= codes.mean(axis=1, keepdims=True)
    codes /= np.linalg.norm(codes, axis=1, keepdims=True)
    return codes.astype(np.float32)


def _random(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    return (rng.standard_normal((rows, cols)) / math.sqrt(cols)).astype(np.float32)


def _embed(codes: np.ndarray, columns: np.ndarray, width: int, scale: float = 1.0) -> np.ndarray:
    table = np.zeros((codes.shape[0], width), dtype=np.float32)
    table[:, columns] = codes * scale
    return table


def _set_layer_norm(spec, width: int) -> None:
    spec.gamma = np.ones(width, dtype=np.float32)
    spec.beta = np.zeros(width, dtype=np.float32)


def _set_linear(spec, weight: np.ndarray, bias: np.ndarray | None = None) -> None:
    spec.weight = weight
    spec.bias = np.zeros(weight.shape[0], dtype=np.float32) if bias is None else bias


def _set_encoder(spec, layout: _Layout, token_codes, position_codes, rng) -> None:
    width = layout.d_model
    spec.scale_embeddings = False
    spec.embeddings[0].weight = _embed(token_codes, layout.token, width)
    spec.position_encodings.encodings = _embed(position_codes, layout.position, width)
    for layer in spec.layer:
        _set_inert_attention(layer.self_attention, width, rng, fused=3)
        _set_inert_ffn(layer.ffn, layout, rng)
    _set_layer_norm(spec.layer_norm, width)


def _set_decoder(spec, layout: _Layout, token_codes, position_codes, end_id: int, rng) -> None:
    width = layout.d_model
    spec.scale_embeddings = False
    spec.embeddings.weight = np.zeros((token_codes.shape[0], width), dtype=np.float32)
    spec.position_encodings.encodings = _embed(position_codes, layout.position, width)
    for index, layer in enumerate(spec.layer):
        _set_inert_attention(layer.self_attention, width, rng, fused=3)
        if index == 0:
            _set_copy_attention(layer.attention, layout, rng)
            _set_end_detector(layer.ffn, layout, position_codes, rng)
        else:
            _set_inert_cross_attention(layer.attention, width, rng)
            _set_inert_ffn(layer.ffn, layout, rng)
    _set_layer_norm(spec.layer_norm, width)
    _set_projection(spec.projection, layout, token_codes, end_id)


def _set_inert_attention(spec, width: int, rng, fused: int) -> None:
    """Self-attention with real-sized random Q/K and zero values: full compute, zero output."""
    _set_layer_norm(spec.layer_norm, width)
    qkv = _random(rng, fused * width, width)
    qkv[(fused - 1) * width:] = 0.0
    _set_linear(spec.linear[0], qkv)
    _set_linear(spec.linear[1], _random(rng, width, width))


def _set_inert_cross_attention(spec, width: int, rng) -> None:
    _set_layer_norm(spec.layer_norm, width)
    _set_linear(spec.linear[0], _random(rng, width, width))
    kv = _random(rng, 2 * width, width)
    kv[width:] = 0.0
    _set_linear(spec.linear[1], kv)
    _set_linear(spec.linear[2], _random(rng, width, width))


def _set_inert_ffn(spec, layout: _Layout, rng, live_units: int = 0) -> None:
    """An FFN whose units (beyond ``live_units``) never fire: ReLU of a hugely negative bias."""
    width, hidden = layout.d_model, layout.shape.ffn
    _set_layer_norm(spec.layer_norm, width)
    bias = np.full(hidden, INERT_BIAS, dtype=np.float32)
    bias[:live_units] = 0.0
    _set_linear(spec.linear_0, _random(rng, hidden, width), bias)
    _set_linear(spec.linear_1, _random(rng, width, hidden))


def _set_copy_attention(spec, layout: _Layout, rng) -> None:
    """Cross-attention from decoder step p to source position p; the value copies token and position."""
    width, head_dim = layout.d_model, layout.head_dim
    _set_layer_norm(spec.layer_norm, width)
    gain = math.sqrt(ATTENTION_SHARPNESS * layout.query_std * layout.encoder_std * math.sqrt(head_dim))
    query = np.zeros((width, width), dtype=np.float32)
    key_value = _random(rng, 2 * width, width)
    key_value[width:] = 0.0
    for head in range(layout.shape.heads):
        rows = head * head_dim + np.arange(layout.position.size)
        query[rows, layout.position] = gain
        key_value[rows] = 0.0
        key_value[rows, layout.position] = gain
    key_value[width + layout.token, layout.token] = layout.encoder_std
    key_value[width + layout.attended, layout.position] = layout.encoder_std
    output = _random(rng, width, width)
    carried = np.concatenate([layout.token, layout.attended])
    output[:, carried] = 0.0
    output[carried, carried] = 1.0
    _set_linear(spec.linear[0], query)
    _set_linear(spec.linear[1], key_value)
    _set_linear(spec.linear[2], output)


def _set_end_detector(spec, layout: _Layout, position_codes: np.ndarray, rng) -> None:
    """FFN units computing sum |P2 - P| into E: zero while a source position matched, large after the end."""
    live = 2 * layout.position.size
    _set_inert_ffn(spec, layout, rng, live_units=live)
    first = spec.linear_0.weight
    second = spec.linear_1.weight
    first[:live] = 0.0
    second[:, :live] = 0.0
    units = np.arange(layout.position.size)
    for sign, offset in ((1.0, 0), (-1.0, 1)):
        first[2 * units + offset, layout.attended] = sign
        first[2 * units + offset, layout.position] = -sign
    mean_l1 = float(np.abs(position_codes).sum(axis=1).mean())
    gain = END_FEATURE * layout.copy_std / mean_l1
    second[layout.end[0], :live] = gain / math.sqrt(2)
    second[layout.end[1], :live] = -gain / math.sqrt(2)


def _set_projection(spec, layout: _Layout, token_codes: np.ndarray, end_id: int) -> None:
    """Logits: the carried token code scores COPY_LOGIT; the end feature scores ``</s>``."""
    scale = COPY_LOGIT * layout.copy_std
    weight = _embed(token_codes, layout.token, layout.d_model, scale)
    weight[end_id, layout.end] = np.array([scale, -scale], dtype=np.float32) / math.sqrt(2)
    _set_linear(spec, weight)


def _vocabulary(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    return [processor.id_to_piece(index) for index in range(processor.get_piece_size())]


def _prefix_symbols(source_prefix: str, target_prefix: str, to_codes: Sequence[str]) -> list[str]:
    """Prefix tokens that must stay single pieces: the given ones plus >>code<< for each served code."""
    symbols = [source_prefix, target_prefix, *(f">>{code}<<" for code in to_codes)]
    return list(dict.fromkeys(symbol for symbol in symbols if symbol))


def _default_lines(size: str) -> list[str]:
    """Tiny: the sample lines.  Base: enough real text for a 32k vocabulary, found on this machine."""
    if size == "base":
        return [*SAMPLE_LINES, *_docstring_paragraphs(), *_cldr_strings(CLDR_LOCALES)]
    return list(SAMPLE_LINES)


def _docstring_paragraphs() -> list[str]:
    """English prose: the paragraphs of the standard library's docstrings (about 1.5 MB)."""
    import ast
    import sysconfig

    root = Path(sysconfig.get_paths()["stdlib"])
    paragraphs: list[str] = []
    for source in sorted([*root.glob("*.py"), *root.glob("*/*.py")]):
        if {"test", "idlelib"} & set(source.relative_to(root).parts):
            continue
        try:
            tree = ast.parse(source.read_text("utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node) or ""
                paragraphs.extend(" ".join(block.split()) for block in doc.split("\n\n") if block.strip())
    return paragraphs


def _cldr_strings(locales: Sequence[str]) -> list[str]:
    """Arabic-script and Turkic text: every string in babel's CLDR data for ``locales``."""
    from babel.localedata import load

    strings: list[str] = []
    pending: list[object] = [load(code) for code in locales]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            strings.append(" ".join(item.split()))
        elif hasattr(item, "values"):
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return [text for text in strings if len(text) > 1]


def _language_name(code: str) -> str:
    from babel import Locale

    return Locale("en").languages.get(code, code)


def _metadata(from_code, to_code, to_codes, version, source_prefix, target_prefix, variant, script) -> dict:
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": _language_name(from_code),
        "to_code": to_code,
        "to_name": _language_name(to_code),
        "type": "translate",
        "standin": f"{variant} model built by scripts/standin.py; it does NOT translate",
        "standin_variant": variant,
    }
    if script:
        metadata["standin_script"] = script
    if to_codes:
        metadata["to_codes"] = list(to_codes)
    if source_prefix:
        metadata["source_prefix"] = source_prefix
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    return metadata

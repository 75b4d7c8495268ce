"""The stand-in copy packages: real CTranslate2 + SentencePiece path, output equal to input."""

from __future__ import annotations

import functools
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standin import SIZES, build_copy_package

ctranslate2 = pytest.importorskip("ctranslate2")
spm = pytest.importorskip("sentencepiece")

SENTENCES = [
    "The US-led coalition withdrew from the K1 military base in Kirkuk on Sunday, March 29, 2020.",
    "It handed ⟦T0⟧ to the ⟦T1⟧ (ISF); 300 personnel and $1,000,000 of property moved 15 km.",
    "\"Continues anti-ISIS advising,\" the statement said — since mid-2014!",
    "Kerkük'teki İstanbul çıkışı: ğ ş ı ö ü.",
    "هاوپەیمانی نێودەوڵەتی لە کەرکووک ڕۆیشت؛ ٢٩ آذار.",
    "Zebra quokka xylophone 42",
    "A",
]


class CopyPackage:
    """A loaded package: its tokenizer and translator, the way the engine uses them."""

    def __init__(self, path):
        self.path = path
        self.tokenizer = spm.SentencePieceProcessor(model_file=str(path / "sentencepiece.model"))
        self.translator = ctranslate2.Translator(str(path / "model"), device="cpu")

    def tokens(self, text: str) -> list[str]:
        return self.tokenizer.encode(text, out_type=str)

    def run(self, batch, **options) -> list[list[str]]:
        results = self.translator.translate_batch(batch, **options)
        return [result.hypotheses[0] for result in results]


@functools.lru_cache(maxsize=None)
def load_package(path) -> CopyPackage:
    return CopyPackage(path)


@pytest.fixture(scope="module")
def packages(standin_packages_dir):
    return {path.name: load_package(path) for path in sorted(standin_packages_dir.iterdir())}


@pytest.mark.parametrize("name", ["translate-en_ar", "translate-en_tr"])
@pytest.mark.parametrize("beam_size", [1, 4])
def test_copies_sentences_token_for_token(packages, name, beam_size):
    package = packages[name]
    batch = [package.tokens(sentence) for sentence in SENTENCES]
    outputs = package.run(batch, beam_size=beam_size, num_hypotheses=1)
    assert outputs == batch
    assert [package.tokenizer.decode(output) for output in outputs] == SENTENCES


def test_placeholders_numbers_and_punctuation_survive_decoding(packages):
    package = packages["translate-en_ar"]
    sentence = "⟦T0⟧, ⟦T12⟧ and ⟦T3⟧: 3.5% of 1,250 (i.e. [x] {y}) — «ok»?"
    (output,) = package.run([package.tokens(sentence)])
    assert package.tokenizer.decode(output) == sentence


def test_stops_after_the_last_source_token_of_long_inputs(packages):
    package = packages["translate-en_tr"]
    sentence = " ".join(f"item{index}" for index in range(150))
    tokens = package.tokens(sentence)
    assert len(tokens) > 400
    (output,) = package.run([tokens], max_decoding_length=len(tokens) + 10)
    assert output == tokens


def test_multilingual_prefixes_line_up(packages, standin_packages_dir):
    package = packages["translate-en_mul"]
    tokens = package.tokens(SENTENCES[1])
    (output,) = package.run([[">>ckb<<", *tokens]], target_prefix=[["ckb_Arab"]], beam_size=2)
    assert output == ["ckb_Arab", *tokens]


def test_continues_copying_after_a_forced_prefix(packages):
    package = packages["translate-en_ar"]
    tokens = package.tokens(SENTENCES[0])
    forced = tokens[:4] + package.tokens("بغداد")[:1]
    (output,) = package.run([tokens], target_prefix=[forced], beam_size=4)
    assert output[: len(forced)] == forced
    assert output[len(forced):] == tokens[len(forced):]


def test_prefix_bias_keeps_the_copy(packages):
    package = packages["translate-en_ar"]
    tokens = package.tokens(SENTENCES[2])
    (output,) = package.run([tokens], target_prefix=[tokens[:5]], prefix_bias_beta=0.5, beam_size=2)
    assert output == tokens


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcXYZ019 ,.;'\"()⟦⟧T-ءابتكەێڕşğıİçöü", min_size=1, max_size=60))
def test_any_text_round_trips(standin_packages_dir, text):
    sentence = " ".join(text.split())
    if not sentence:
        return
    package = load_package(standin_packages_dir / "translate-en_ar")
    (output,) = package.run([package.tokens(sentence)])
    assert package.tokenizer.decode(output) == sentence


def test_argostranslate_reads_the_metadata(standin_packages_dir):
    import argostranslate.package

    plain = argostranslate.package.Package(standin_packages_dir / "translate-en_ar")
    assert (plain.from_code, plain.to_code, plain.target_prefix) == ("en", "ar", "")
    assert plain.from_name == "English" and plain.to_name == "Arabic"

    multi = argostranslate.package.Package(standin_packages_dir / "translate-en_mul")
    assert multi.to_codes == ["ckb", "tk"]
    assert multi.target_prefix == "ckb_Arab"
    metadata = json.loads((standin_packages_dir / "translate-en_mul" / "metadata.json").read_text("utf-8"))
    assert metadata["source_prefix"] == ">>ckb<<"
    assert metadata["type"] == "translate"
    readme = (standin_packages_dir / "translate-en_ar" / "README.md").read_text("utf-8")
    assert "does NOT translate" in readme


def test_prefix_tokens_are_single_pieces(packages):
    package = packages["translate-en_mul"]
    pieces = {package.tokenizer.id_to_piece(i) for i in range(package.tokenizer.get_piece_size())}
    assert {">>ckb<<", ">>tk<<", "ckb_Arab"} <= pieces


def test_tiny_build_is_fast_and_small(tmp_path, tiny_package_factory):
    tiny_package_factory(tmp_path / "warm", to_code="ar")  # first call pays the ctranslate2 import
    started = time.perf_counter()
    path = tiny_package_factory(tmp_path, to_code="tr", training_lines=["Just one line, 1 2 3."])
    elapsed = time.perf_counter() - started
    assert elapsed < 3.0, f"tiny stand-in took {elapsed:.2f} s to build"
    assert sorted(child.name for child in path.iterdir()) == ["README.md", "metadata.json", "model", "sentencepiece.model"]
    assert SIZES["tiny"].vocab_size >= CopyPackage(path).tokenizer.get_piece_size()


def test_rebuilding_replaces_the_package_and_leaves_no_staging(tmp_path):
    first = build_copy_package(tmp_path, to_code="ar", version="0.0.1")
    second = build_copy_package(tmp_path, to_code="ar", version="0.0.2")
    assert first == second
    assert json.loads((second / "metadata.json").read_text("utf-8"))["package_version"] == "0.0.2"
    assert [child.name for child in tmp_path.iterdir()] == ["translate-en_ar"]


def test_refuses_a_name_that_leaves_the_destination(tmp_path):
    from l10n.errors import UnsafePathError

    with pytest.raises(UnsafePathError):
        build_copy_package(tmp_path, name="../escape")


def test_unknown_size_is_a_usage_error(tmp_path):
    from l10n.errors import UsageError

    with pytest.raises(UsageError):
        build_copy_package(tmp_path, size="huge")


def test_many_heads_and_layers_still_copy(tmp_path):
    """The base shape's wiring (8 heads, several inert layers) on a model small enough for a unit test."""
    from standin import SAMPLE_LINES, StandinSize, build_copy_spec, train_tokenizer

    shape = StandinSize(layers=3, d_model=256, heads=8, ffn=512, vocab_size=600,
                        token_dims=96, position_dims=32, max_positions=256, quantization="int8")
    tokenizer = spm.SentencePieceProcessor(model_proto=train_tokenizer(SAMPLE_LINES, shape.vocab_size))
    vocabulary = [tokenizer.id_to_piece(index) for index in range(tokenizer.get_piece_size())]
    build_copy_spec(vocabulary, shape).save(str(tmp_path))
    translator = ctranslate2.Translator(str(tmp_path))
    batch = [tokenizer.encode(sentence, out_type=str) for sentence in SENTENCES]
    results = translator.translate_batch(batch, beam_size=4)
    assert [result.hypotheses[0] for result in results] == batch


def test_empty_training_text_is_a_usage_error(tmp_path):
    from l10n.errors import UsageError

    with pytest.raises(UsageError):
        build_copy_package(tmp_path, training_lines=["", "  "])

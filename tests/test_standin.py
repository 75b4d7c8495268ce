"""The stand-in packages: real CTranslate2 + SentencePiece path; copy, and the script/symbols/reorder variants with their alignment head."""

from __future__ import annotations

import functools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MULTILINGUAL, VARIANT_NAMES
from standin import (MARKUP, SIZES, build_copy_package, build_standin_package, check_standin, expected_alignment, expected_draft,
                     expected_tokens, run_standin, source_order)

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


def test_tiny_build_is_small(tmp_path, tiny_package_factory):
    path = tiny_package_factory(tmp_path, to_code="tr", training_lines=["Just one line, 1 2 3."])
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


# --- Variants that behave like models: target script, rewritten markup, reordered words -------------------

VARIANT_SENTENCES = [
    *SENTENCES,
    "Iraqi Security Forces took over the big base near Kirkuk",
    "Placeholders ⟦T0⟧, ⟦T1⟧ and ⟦T12⟧: [x] {y} <b>#tag</b> @desk & co * 2 = 3/4 $5 ~ ^ _ | \\ «ok»",
    "the old city council met the new army chief in the north",
    "Kirkuk and the must to a base. Kirkuk and the 42 must",
]
TARGETS = ("ar", "ckb", "tr")
LATIN = re.compile(r"[A-Za-z]")


def variant_package(root, variant: str, to_code: str):
    return root / variant / f"translate-en_{to_code}"


@functools.lru_cache(maxsize=None)
def drafts_of(package, beam_size: int = 1) -> tuple:
    return tuple(run_standin(package, VARIANT_SENTENCES, beam_size=beam_size))


def kept_marks(text: str) -> list[str]:
    """Everything but letters and spaces: digits, punctuation, brackets and symbols, in order."""
    return [char for char in text if not char.isalpha() and not char.isspace()]


@pytest.mark.parametrize("variant", VARIANT_NAMES)
@pytest.mark.parametrize("to_code", TARGETS)
@pytest.mark.parametrize("beam_size", [1, 4])
def test_variant_drafts_and_alignment_are_exactly_predicted(standin_variants_dir, variant, to_code, beam_size):
    package = variant_package(standin_variants_dir, variant, to_code)
    aligned = total = 0
    for source, (draft, alignment) in zip(VARIANT_SENTENCES, drafts_of(package, beam_size)):
        assert draft == expected_draft(variant, source, package_dir=package)
        expected = expected_alignment(variant, source, package_dir=package)
        assert len(alignment) == len(expected)
        aligned += sum(got == want for got, want in zip(alignment, expected))
        total += len(expected)
    assert aligned == total, f"alignment head right for {aligned}/{total} tokens"


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_alignment_head_is_sharp(standin_variants_dir, variant):
    package = variant_package(standin_variants_dir, variant, "ar")
    tokenizer = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package / "model"))
    batch = [tokenizer.encode(source, out_type=str) for source in VARIANT_SENTENCES]
    for source, result in zip(VARIANT_SENTENCES, translator.translate_batch(batch, beam_size=1, return_attention=True)):
        expected = expected_alignment(variant, source, package_dir=package)
        assert [row[position] for row, position in zip(result.attention[0], expected)] == pytest.approx([1.0] * len(expected), abs=0.01)


@pytest.mark.parametrize("variant", VARIANT_NAMES)
@pytest.mark.parametrize("to_code", ["ar", "ckb"])
def test_arabic_script_drafts_have_no_latin_letters_and_keep_digits(standin_variants_dir, variant, to_code):
    package = variant_package(standin_variants_dir, variant, to_code)
    for source, (draft, _) in zip(VARIANT_SENTENCES, drafts_of(package)):
        english = not any(char.isalpha() and not char.isascii() for char in source)
        assert not (english and LATIN.search(draft)), draft
        assert re.findall(r"\d+", draft) == re.findall(r"\d+", source)
        assert draft.count(" ") == source.count(" ") or variant == "symbols"


def test_turkish_drafts_rewrite_every_english_letter_piece(standin_variants_dir):
    package = variant_package(standin_variants_dir, "script", "tr")
    tokenizer = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    vocabulary = [tokenizer.id_to_piece(i) for i in range(tokenizer.get_piece_size())]
    turkish_looking = 0
    for source, (draft, _) in zip(VARIANT_SENTENCES, drafts_of(package)):
        pieces = tokenizer.encode(source, out_type=str)
        written = expected_tokens("script", pieces, vocabulary, "turkish")
        for piece, output in zip(pieces, written):
            english = bool(re.fullmatch("\u2581?[A-Za-z]+", piece))
            assert (output != piece) == english
            turkish_looking += english and bool(set("çğıöşüÇĞİÖŞÜ") & set(output))
        assert re.findall(r"\d+", draft) == re.findall(r"\d+", source)
    assert turkish_looking > 20


@pytest.mark.parametrize("to_code", TARGETS)
def test_script_keeps_punctuation_and_brackets(standin_variants_dir, to_code):
    package = variant_package(standin_variants_dir, "script", to_code)
    for source, (draft, _) in zip(VARIANT_SENTENCES, drafts_of(package)):
        assert kept_marks(draft) == kept_marks(source)


@pytest.mark.parametrize("to_code", TARGETS)
def test_symbols_never_lets_a_placeholder_or_markup_through(standin_variants_dir, to_code):
    package = variant_package(standin_variants_dir, "symbols", to_code)
    for source, (draft, _) in zip(VARIANT_SENTENCES, drafts_of(package)):
        assert not set(draft) & MARKUP, draft
        assert not re.search(r"⟦|⟧|T\d", draft)
        assert re.findall(r"\d+", draft) == re.findall(r"\d+", source)
        assert [c for c in kept_marks(draft) if c in ".,;:!?"] == [c for c in kept_marks(source) if c in ".,;:!?"]


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="abcXYZ019 ,.;'\"()⟦⟧[]<>#T-ءابتكەێڕşğıİçöü", min_size=1, max_size=80))
def test_any_text_drafts_as_predicted_on_every_variant(standin_variants_dir, text):
    source = " ".join(text.split())
    if not source:
        return
    for variant in VARIANT_NAMES:
        package = variant_package(standin_variants_dir, variant, "ar")
        ((draft, alignment),) = run_standin(package, [source])
        assert draft == expected_draft(variant, source, package_dir=package)
        assert alignment == expected_alignment(variant, source, package_dir=package)


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_l10n_reads_and_drafts_with_the_variants(standin_variants_dir, variant):
    from l10n.core.project import EngineSettings
    from l10n.core.records import EngineRequest
    from l10n.stages.engine.argos import ArgosEngine
    from l10n.stages.engine.packages import list_packages

    packages = {package.to_codes: package for package in list_packages(standin_variants_dir / variant)}
    assert set(packages) == {("ar",), ("ckb",), ("tr",)}
    engine = ArgosEngine(packages[("tr",)], "tr", EngineSettings(beam_size=4))
    drafts = engine.translate_batch([EngineRequest(source) for source in VARIANT_SENTENCES])
    package = variant_package(standin_variants_dir, variant, "tr")
    assert [n_best[0].text for n_best in drafts] == [expected_draft(variant, s, package_dir=package) for s in VARIANT_SENTENCES]


def test_a_variant_archive_installs_with_l10n(standin_variants_dir, tmp_path):
    from l10n.stages.engine.packages import build_archive, install_archive

    archive = build_archive(variant_package(standin_variants_dir, "symbols", "ckb"), tmp_path / "en_ckb.argosmodel")
    info = install_archive(archive, tmp_path / "installed")
    assert info.to_codes == ("ckb",)
    metadata = json.loads((info.path / "metadata.json").read_text("utf-8"))
    assert (metadata["standin_variant"], metadata["standin_script"]) == ("symbols", "arabic")
    assert "does NOT translate" in (info.path / "README.md").read_text("utf-8")


def test_multilingual_variant_keeps_the_prefix_tokens_lined_up(tmp_path):
    package = build_standin_package(tmp_path, variant="symbols", size="small", name="translate-en_mul", **MULTILINGUAL)
    for source, (draft, alignment) in zip(VARIANT_SENTENCES, run_standin(package, VARIANT_SENTENCES, beam_size=2)):
        assert draft == expected_draft("symbols", source, package_dir=package)
        assert alignment == expected_alignment("symbols", source, package_dir=package)
        assert alignment[:1] == [1]


def test_copy_is_the_copy_variant_and_has_an_alignment_head(standin_packages_dir):
    package = standin_packages_dir / "translate-en_ar"
    for source, (draft, alignment) in zip(SENTENCES, run_standin(package, SENTENCES, beam_size=4)):
        assert draft == source == expected_draft("copy", source, package_dir=package)
        assert alignment == list(range(len(alignment))) == expected_alignment("copy", source, package_dir=package)


def test_expectations_refuse_a_package_of_another_variant(standin_variants_dir):
    from l10n.errors import UsageError

    with pytest.raises(UsageError, match="not a 'script' stand-in"):
        expected_draft("script", "A", package_dir=variant_package(standin_variants_dir, "symbols", "ar"))


def test_rewriting_works_on_tiny_too(tmp_path):
    package = build_standin_package(tmp_path, variant="symbols", size="tiny", to_code="ckb")
    assert check_standin(package, "symbols", VARIANT_SENTENCES) == []


@pytest.mark.parametrize("tokens, order", [
    (["\u2581the", "\u2581big", "\u2581car", "\u2581is", "\u2581here", "."], [1, 0, 3, 2, 4, 5]),
    (["\u2581the", "\u2581Kir", "kuk", "\u2581is"], [0, 1, 2, 3]),          # a word that goes on is not moved
    (["\u2581in", "\u2581Kir", "kuk"], [0, 1, 2]),
    (["\u2581a", "\u2581b"], [1, 0]),                                          # the source may end after the pair
    (["\u2581x", "\u2581a", "\u2581b", "\u2581c"], [1, 0, 3, 2]),             # pairs start at even positions
    (["\u2581a", "\u25811", "\u2581b", "\u2581\u0628", "\u2581c", ","], [0, 1, 2, 3, 4, 5]),  # digits, Arabic, punctuation stay
])
def test_reorder_swaps_pairs_of_one_piece_english_words(tokens, order):
    assert source_order("reorder", tokens) == order
    assert source_order("script", tokens) == list(range(len(tokens)))


@pytest.mark.parametrize("to_code", TARGETS)
def test_reorder_moves_the_words_script_writes(standin_variants_dir, to_code):
    scripted = drafts_of(variant_package(standin_variants_dir, "script", to_code))
    reordered = drafts_of(variant_package(standin_variants_dir, "reorder", to_code))
    moved = 0
    for (script_draft, _), (reorder_draft, alignment) in zip(scripted, reordered):
        assert sorted(reorder_draft.split()) == sorted(script_draft.split())
        assert sorted(alignment) == list(range(len(alignment)))
        moved += reorder_draft != script_draft
    assert moved >= 2
    last = reordered[-1][1]
    assert last[:6] == [1, 0, 3, 2, 5, 4]


def test_reorder_needs_three_layers(tmp_path):
    from l10n.errors import UsageError

    with pytest.raises(UsageError, match="needs 3 layers"):
        build_standin_package(tmp_path, variant="reorder", size="tiny")


def test_unknown_scripts_and_variants_are_usage_errors(tmp_path):
    from l10n.errors import UsageError

    with pytest.raises(UsageError, match="no target script for 'de'"):
        build_standin_package(tmp_path, variant="script", to_code="de")
    with pytest.raises(UsageError, match="unknown stand-in variant"):
        build_standin_package(tmp_path, variant="shuffle")


def test_make_standin_package_checks_and_archives(tmp_path, capfd):
    from make_standin_package import main

    assert main(["--variant", "symbols", "--size", "small", "--to", "tr", "--out", str(tmp_path), "--archive", "--check"]) == 0
    captured = capfd.readouterr()
    assert captured.out.strip() == str(tmp_path / "translate-en_tr.argosmodel")
    assert "drafted as predicted, alignment head exact" in captured.err

"""Adaptation rules: loading, errors naming the line, firing, case, protected terms.

The rules here are test fixtures exercising the mechanism, not linguistic claims.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.core.patterns import WholeWords
from l10n.errors import GlossaryError, InputError
from l10n.stages.adapt import MAX_TEXT_CHARS, adapt, load_rules

HEADER = "id,kind,pattern,replacement,note,source\n"
SHIPPED = Path(__file__).parents[1] / "glossary" / "tk-adaptation.csv"


def rules_from(tmp_path: Path, body: str, header: str = HEADER):
    path = tmp_path / "tk-adaptation.csv"
    path.write_text(header + body, encoding="utf-8")
    return load_rules(path)


@pytest.fixture
def rules(tmp_path):
    return rules_from(tmp_path, (
        "t-ilk,word,ilk,evvel,test rule,test fixture\n"
        "t-buyuk,word,büyük,büyüg,test rule,test fixture\n"
        "t-ic,word,iç işleri,dahiliye,phrase,test fixture\n"
        "t-yil,regex,(\\d+) yılında,\\1 senesinde,regex with a group,test fixture\n"
    ))


def test_shipped_rule_file_loads_and_has_no_unsourced_rules():
    shipped = load_rules(SHIPPED)
    assert all(rule.source for rule in shipped)
    assert "NO rules" in SHIPPED.read_text(encoding="utf-8")
    assert shipped == ()


def test_missing_rule_file_means_no_rules(tmp_path):
    assert load_rules(tmp_path / "absent.csv") == ()


def test_rules_keep_file_order_line_numbers_and_sources(rules):
    assert [rule.id for rule in rules] == ["t-ilk", "t-buyuk", "t-ic", "t-yil"]
    assert [rule.line for rule in rules] == [2, 3, 4, 5]
    assert {rule.source for rule in rules} == {"test fixture"}


def test_rules_fire_and_are_reported(rules):
    text, fired = adapt("2019 yılında büyük bir karar alındı.", rules)
    assert text == "2019 senesinde büyüg bir karar alındı."
    assert fired == ("t-buyuk", "t-yil")


def test_nothing_fires_on_text_without_matches(rules):
    assert adapt("Koalisyon üsten çekildi.", rules) == ("Koalisyon üsten çekildi.", ())


def test_whole_words_only(rules):
    assert adapt("ilkokul ve ilkbahar", rules) == ("ilkokul ve ilkbahar", ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ilk adım", "evvel adım"),
        ("İlk adım", "Evvel adım"),
        ("İLK ADIM", "EVVEL ADIM"),
        ("Büyük karar", "Büyüg karar"),
        ("BÜYÜK KARAR", "BÜYÜG KARAR"),
    ],
)
def test_case_of_the_first_letter_is_kept_with_turkish_casing(rules, text, expected):
    assert adapt(text, rules)[0] == expected


def test_turkish_dotted_and_dotless_i_are_distinct(tmp_path):
    rules = rules_from(tmp_path, "t-i,word,ilk,evvel,,test fixture\n")
    assert adapt("ILK", rules)[0] == "ILK"           # I is the capital of ı, not of i
    assert adapt("İLK", rules)[0] == "EVVEL"
    replaced = rules_from(tmp_path, "t-x,word,bir,ilk,,test fixture\n")
    assert adapt("Bir gün", replaced)[0] == "İlk gün"  # capital of i is İ


def test_phrases_match_across_spaces(rules):
    assert adapt("İç  işleri bakanı", rules) == ("Dahiliye bakanı", ("t-ic",))


def test_protected_terms_are_never_altered(rules):
    protected = ["Büyük Millet Meclisi"]
    text, fired = adapt("Büyük Millet Meclisi büyük bir karar aldı.", rules, protected=protected)
    assert text == "Büyük Millet Meclisi büyüg bir karar aldı."
    assert fired == ("t-buyuk",)
    assert adapt("BÜYÜK MILLET MECLISI'nde", rules, protected=["Büyük Millet Meclisi"])[1] == ("t-buyuk",)
    assert adapt("BÜYÜK MİLLET MECLİSİ'nde", rules, protected=["Büyük Millet Meclisi"])[1] == ()


def test_a_protected_term_inside_a_regex_match_blocks_it(rules):
    assert adapt("2019 yılında", rules, protected=["2019 yılı"]) == ("2019 yılında", ())


def test_rules_apply_in_order_to_the_previous_output(tmp_path):
    rules = rules_from(tmp_path, "a,word,bir,iki,,test fixture\nb,word,iki,üç,,test fixture\n")
    assert adapt("bir", rules) == ("üç", ("a", "b"))


def test_text_size_is_bounded(rules):
    with pytest.raises(InputError, match="too long to adapt"):
        adapt("a" * (MAX_TEXT_CHARS + 1), rules)


def test_comments_blank_lines_and_bom_are_fine(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\ufeff# comment\n\n" + HEADER + "# another\nx,word,ilk,evvel,,test fixture\n", encoding="utf-8")
    [rule] = load_rules(path)
    assert rule.line == 5


def test_columns_may_come_in_any_order(tmp_path):
    [rule] = rules_from(tmp_path, "test fixture,x,word,ilk,evvel,\n", header="source,id,kind,pattern,replacement,note\n")
    assert (rule.id, rule.pattern, rule.replacement) == ("x", "ilk", "evvel")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x,word,ilk,evvel,note\n", r":2: 5 cells for 6 columns"),
        ("x,phrase,ilk,evvel,,src\n", r":2: kind 'phrase' is not one of word, regex"),
        ("x,word,ilk,evvel,,\n", r":2: empty 'source'"),
        (",word,ilk,evvel,,src\n", r":2: empty 'id'"),
        ("x,word,,evvel,,src\n", r":2: empty 'pattern'"),
        ("x,word,ilk,evvel,,src\nx,word,son,ahır,,src\n", r":3: rule id 'x' already used on line 2"),
        ("x,word,il+k,evvel,,src\n", r":2: a word rule takes letters"),
        ("x,regex,(unclosed,y,,src\n", r":2: the pattern does not compile for RE2"),
        ("x,regex,(?<=a)b,y,,src\n", r":2: the pattern does not compile for RE2.*lookarounds"),
        ("x,regex,(a)\\1,y,,src\n", r":2: the pattern does not compile for RE2.*backreferences"),
            ("x,regex,\\bilk,y,,src\n", r":2: the pattern does not compile for RE2.*\\b and \\B are ASCII-only"),
        ("x,regex,a*,y,,src\n", r":2: the pattern matches empty text"),
        ("x,regex,(a)b,\\2,,src\n", r":2: the replacement refers to group 2"),
        ('x,regex,"a,b\n', r":2: "),
        ("x,regex," + "a" * 301 + ",y,,src\n", r":2: pattern longer than 300"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, body, message):
    with pytest.raises(GlossaryError, match=r"tk-adaptation\.csv" + message):
        rules_from(tmp_path, body)


def test_bad_header_names_its_line(tmp_path):
    with pytest.raises(GlossaryError, match=r"tk-adaptation\.csv:1: the header must name exactly"):
        rules_from(tmp_path, "x,word,ilk,evvel,,src\n", header="id,kind,pattern,replacement\n")


def test_safe_regexes_are_accepted(tmp_path):
    rules = rules_from(tmp_path, (
        "a,regex,(\\d+)'(?:de|da|te|ta)(\\P{L}|$),\\1 içinde\\2,,src\n"
        "b,regex,[(+*]x,y,,src\n"
        "c,regex,(?P<n>ab)c,\\g<n>,,src\n"
    ))
    assert [rule.id for rule in rules] == ["a", "b", "c"]
    assert adapt("Kerkük'te 2003'te ve 5'de.", rules) == ("Kerkük'te 2003 içinde ve 5 içinde.", ("a",))


def test_every_rule_runs_on_re2_so_a_nested_repetition_takes_linear_time(tmp_path):
    rules = rules_from(tmp_path, (
        "n,regex,(\\d|\\d\\d)+x,N,nested repetition,src\n"
        "m,regex,(a+)+b,B,,src\n"
        "w,word,iç işleri,dahiliye,phrase,src\n"
    ))
    assert {type(rule.regex).__module__ for rule in rules if rule.kind == "regex"} == {"re2"}
    assert all(isinstance(rule.regex, WholeWords) for rule in rules if rule.kind == "word")
    adversarial = "1" * 2000 + " " + "a" * 2000  # exponential for a backtracking engine: 1.6^2000 ways to split the digits
    assert adapt(adversarial, rules) == (adversarial, ())
    assert adapt("12x and aab, İç  İşleri", rules) == ("N and B, Dahiliye", ("n", "m", "w"))


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(HEADER.encode() + "x,word,büyük,b,,src\n".encode("cp1254"))
    with pytest.raises(GlossaryError, match=r"r\.csv: not UTF-8"):
        load_rules(path)


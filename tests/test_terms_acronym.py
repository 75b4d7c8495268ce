"""The per-term ``bracketed_acronym`` setting in the glossary files: optional column, default drop, round trips."""

from dataclasses import replace

import pytest

from l10n.core.records import Term
from l10n.errors import GlossaryError
from l10n.stages.terms import Glossary
from l10n.stages.terms.csvfile import parse_csv, render_csv
from l10n.stages.terms.tbxfile import parse_tbx, render_tbx

ISF = Term(id="isf", forms=("Iraqi Security Forces", "ISF"), targets={"ar": "قوات الأمن العراقية"})
HEADER = "id,en,ar,bracketed_acronym\n"


def test_a_file_without_the_column_drops_acronyms():
    (term,) = parse_csv("id,en,ar\nisf,Iraqi Security Forces | ISF,قوات الأمن العراقية\n").terms
    assert term.bracketed_acronym == "drop"


@pytest.mark.parametrize(("cell", "value"), [("", "drop"), ("drop", "drop"), ("keep", "keep"), (" KEEP ", "keep")])
def test_the_column_is_read(cell, value):
    (term,) = parse_csv(f"{HEADER}isf,ISF,قوات الأمن العراقية,{cell}\n").terms
    assert term.bracketed_acronym == value


def test_an_unknown_value_names_the_line():
    with pytest.raises(GlossaryError, match=r"terms.csv:2: bracketed_acronym is 'maybe'; write drop or keep"):
        parse_csv(f"{HEADER}isf,ISF,قوات الأمن العراقية,maybe\n")


def test_csv_and_tbx_round_trip_the_setting_and_omit_it_when_default():
    glossary = Glossary((replace(ISF, bracketed_acronym="keep"), replace(ISF, id="other", forms=("Other",))), languages=("ar",))
    for parsed in (parse_csv(render_csv(glossary)), parse_tbx(render_tbx(glossary))):
        assert [t.bracketed_acronym for t in parsed.terms] == ["keep", "drop"]
    plain = Glossary((ISF,), languages=("ar",))
    assert "bracketed_acronym" not in render_csv(plain) and b"bracketedAcronym" not in render_tbx(plain)


def test_tbx_with_an_unknown_value_is_refused():
    data = render_tbx(Glossary((replace(ISF, bracketed_acronym="keep"),))).replace(b">keep<", b">twice<")
    with pytest.raises(GlossaryError, match="bracketedAcronym 'twice'; write drop or keep"):
        parse_tbx(data)

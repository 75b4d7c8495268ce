"""Proper names the glossary lacks: a note in the entry, and `l10n glossary suggest` over the project's articles."""

from pathlib import Path

import polib
import pytest

from l10n import cli
from l10n.commands.suggest import used_renderings
from l10n.core.project import load_project
from l10n.core.records import Hypothesis, Term
from l10n.errors import ExitCode
from l10n.pipeline import translate
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.read import read_article
from l10n.stages.segment import segment_article
from l10n.stages.terms import Glossary, read_glossary, unknown_names
from l10n.stages.terms.csvfile import parse_csv

ROOT = Path(__file__).resolve().parents[1]
DESK = read_glossary(ROOT / "glossary")
KIRKUK = Glossary((Term(id="kirkuk", forms=("Kirkuk",), targets={"ar": "كركوك", "tk": "Kerkük"}),))


def test_the_benchmark_news_names_what_the_desk_glossary_lacks():
    """scripts/data: 26 names found, "Brigade" (of "the PMF's 30th Brigade") the only one that is not a whole name."""
    lines = [line for name in ("glossary_sentences.txt", "glossary_news.txt")
             for line in (ROOT / "scripts" / "data" / name).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    found = {name for line in lines for name in unknown_names(line, DESK)}
    assert {"Suleimani", "Nineveh Plains", "Ministry of Finance", "Grand al-Nuri Mosque", "Ain al-Asad", "Article 140"} <= found
    assert not found & {"Residents of Mosul", "Supporters of Abu Mahdi al-Muhandis", "Three Peshmerga", "Easter", "Ramadan", "Israeli"}


def test_the_sample_article_names_only_what_the_glossary_lacks():
    article = segment_article(read_article(ROOT / "examples" / "k1-qayyarah-withdrawal.txt"), slug="k1", source_path="k1.txt")
    found = {name for unit in article.units for name in unknown_names(unit.source, DESK)}
    # no "Today", "According", "Sunday", "March", "Kurdish", "Iraqi Baathist", "Photo", "Exclusive", "The", "In"
    assert found == {"US", "KirkukNow"}


@pytest.mark.parametrize(
    "source, names",
    [
        ("Troops left Sinjar on Monday.", ["Sinjar"]),
        ("The Sinjar Resistance Units withdrew from Kirkuk.", ["Sinjar Resistance Units"]),
        ("Abu Bakr al-Baghdadi was killed in Syria.", ["Abu Bakr al-Baghdadi", "Syria"]),
        ("Prime Minister Mohammed Shia al-Sudani visited Kirkuk.", ["Mohammed Shia al-Sudani"]),
        ("Kirkuk Governor Rakan al-Jubouri said.", ["Rakan al-Jubouri"]),
        ("He studied at the University of Mosul.", ["University of Mosul"]),
        ("“We will stay,” said Lahur Talabany, the PUK's security chief.", ["Lahur Talabany", "PUK"]),
        ("Today, Sunday, March 29, the army left.", []),              # sentence-initial words, calendar
        ("According to the former Iraqi Baathist regime, Kurdish forces left.", []),
        ("Sinjar is calm.", []),                                      # one word opening a sentence: not told from "Today"
        ("Residents of Kirkuk say reconstruction has been slow.", []),  # its only capital of its own opens the sentence
        ("The ISF planned attacks during Ramadan under Article 140 of the constitution.", ["ISF", "Article 140"]),
        ("KIRKUK IS CALM", []),                                       # a headline in capitals
        ("Coalition Forces Leave Two Bases In Kirkuk", []),            # a title-cased headline
    ],
)
def test_names_and_what_is_not_a_name(source, names):
    assert unknown_names(source, KIRKUK) == names


def test_renderings_are_told_apart_from_the_other_words_of_the_entries():
    drafts = ["غادرت القوات سنجار يوم الاثنين", "سنجار هادئة", "وصل الوفد إلى سینجار"]
    others = ["غادرت القوات الموصل يوم الاثنين", "وصل الوفد إلى كركوك"]
    assert used_renderings("Sinjar", drafts, others) == (("سنجار", 2), ("سینجار", 1))
    assert used_renderings("Sinjar", ["غادرت القوات"], ["غادرت القوات الموصل"]) == ()  # nothing sounds like it


ARTICLES = {
    "sinjar.txt": "Troops left Sinjar\n\nThe army left Sinjar on Monday. The council of KirkukNow met in Kirkuk.\n",
    "erbil.txt": "Lahur Talabany met envoys\n\nThe envoys met Lahur Talabany and went to Sinjar.\n",
}
SCRIPT = {"Sinjar": "سنجار", "Lahur": "لاهور", "Talabany": "طالباني", "Kirkuk": "كركوك"}


def arabic_ish(request):
    """A scripted en→ar model: known names in Arabic script, every other word kept, one-to-one alignment."""
    words = [SCRIPT.get(word.strip(".,"), word) for word in request.source.split()]
    return [Hypothesis(" ".join(words), tuple(range(len(words))))]


@pytest.fixture()
def desk(tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.csv").write_text('id,en,ar,note,origin\nkirkuk,Kirkuk,كركوك,,"ar: test"\n', encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    translate(load_project(tmp_path), [tmp_path / name for name in ARTICLES],
              engine_factory=lambda project, profile: FakeEngine(arabic_ish, target="ar"))
    return tmp_path


def test_an_entry_notes_the_names_the_glossary_lacks(desk):
    po = polib.pofile(str(desk / "locales" / "ar" / "LC_MESSAGES" / "sinjar.po"), wrapwidth=0)
    lines = po.find("The army left Sinjar on Monday.").comment.splitlines()
    assert "l10n: not in the glossary: Sinjar" in lines
    assert "l10n: not in the glossary: KirkukNow" in po.find("The council of KirkukNow met in Kirkuk.").comment.splitlines()


def test_glossary_suggest_lists_candidates_with_counts_and_drafted_renderings(desk, capsys):
    assert cli.main(["-C", str(desk), "glossary", "suggest"]) == 0
    text = capsys.readouterr().out
    rows = {term.forms[0]: term for term in parse_csv(text).terms}    # rows the glossary reader accepts as they are
    assert text.splitlines()[0] == "id,en,ar,note,origin"              # the glossary's own columns
    assert list(rows) == ["Sinjar", "Lahur Talabany", "KirkukNow"]     # most used first
    assert rows["Sinjar"].targets == {"ar": "سنجار"} and rows["Sinjar"].note.startswith("not in the glossary: 3 units in 2 articles")
    assert rows["Lahur Talabany"].targets == {"ar": "لاهور طالباني"}
    assert "ar: سنجار ×3" in rows["Sinjar"].origin


def test_glossary_suggest_over_named_articles_and_into_a_new_file(desk, capsys):
    out = desk / "suggested.csv"
    assert cli.main(["-C", str(desk), "glossary", "suggest", str(desk / "erbil.txt"), "-o", str(out)]) == 0
    rows = [term.forms[0] for term in parse_csv(out.read_text(encoding="utf-8")).terms]
    assert rows == ["Lahur Talabany", "Sinjar"]


def test_glossary_suggest_never_overwrites_a_project_file(desk, capsys):
    glossary = desk / "glossary" / "terms.csv"
    before = glossary.read_bytes()
    assert cli.main(["-C", str(desk), "glossary", "suggest", "-o", str(glossary)]) == ExitCode.USAGE
    assert "a file of the project" in capsys.readouterr().err and glossary.read_bytes() == before

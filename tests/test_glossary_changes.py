"""A glossary change reaches existing catalogs: untouched drafts are drafted again, reviewed text is flagged, never rewritten."""

from pathlib import Path

import polib

from l10n.core.project import load_project
from l10n.pipeline import translate
from l10n.stages.catalog import l10n_notes
from l10n.stages.engine.fake import FakeEngine
from l10n.stages.terms.enforce import OWN_RENDERINGS

ARTICLE = "Sinjar is calm\n\nTroops left Sinjar on Monday. The council met in Kirkuk.\n\nThe army stayed in Sinjar.\n"
HEADER = "id,en,ar,origin\n"
KIRKUK = 'kirkuk,Kirkuk,كركوك,"ar: test"\n'
SINJAR = 'sinjar,Sinjar | Shingal,سنجار,"ar: test"\n'


def project(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "glossary").mkdir(exist_ok=True)
    (tmp_path / "glossary" / "terms.csv").write_text(HEADER + rows, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    (tmp_path / "sinjar.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def run(root: Path):
    engines = []

    def factory(project, profile):
        engines.append(FakeEngine(target=profile.code))  # copies the source, each word aligned to itself
        return engines[-1]

    report = translate(load_project(root), [root / "sinjar.txt"], engine_factory=factory)
    sent = [request.source for engine in engines for batch in engine.batches for request in batch
            if request.n_best != OWN_RENDERINGS]  # a term asked for on its own is not a unit drafted
    return report.languages[0], sent


def catalog(root: Path) -> polib.POFile:
    return polib.pofile(str(root / "locales" / "ar" / "LC_MESSAGES" / "sinjar.po"), wrapwidth=0)


def review(root: Path, msgid: str, msgstr: str) -> None:
    po = catalog(root)
    entry = po.find(msgid)
    entry.msgstr, entry.flags = msgstr, []
    po.save()


def test_a_new_term_reaches_untouched_drafts_and_flags_reviewed_text(tmp_path):
    root = project(tmp_path, KIRKUK)
    first, _ = run(root)
    assert first.drafted == 4
    review(root, "Troops left Sinjar on Monday.", "غادرت القوات شنكال يوم الاثنين.")
    po = catalog(root)
    po.find("The army stayed in Sinjar.").msgstr = "بقي الجيش في سنجار."  # a translator's edit to a fuzzy draft
    po.save()

    (root / "glossary" / "terms.csv").write_text(HEADER + KIRKUK + SINJAR, encoding="utf-8")
    second, sent = run(root)

    assert sent == ["Sinjar is calm"]                     # only the untouched draft that holds the new term
    assert (second.redrafted, second.kept) == (1, 3)    # was "0 drafted, 4 kept": the draft lacked the term
    po = catalog(root)
    title = po.find("Sinjar is calm")
    assert "سنجار" in title.msgstr and "fuzzy" in title.flags
    reviewed = po.find("Troops left Sinjar on Monday.")
    assert reviewed.msgstr == "غادرت القوات شنكال يوم الاثنين." and "fuzzy" not in reviewed.flags
    assert "l10n: FLAG glossary: approved term 'سنجار' for 'Sinjar' is missing; use the glossary term." in l10n_notes(reviewed)
    assert po.find("The army stayed in Sinjar.").msgstr == "بقي الجيش في سنجار."  # human text is never redrafted
    assert po.find("The council met in Kirkuk.").msgstr == "The council met in كركوك."  # its terms did not change


def test_the_flag_goes_when_the_reviewed_text_follows_the_glossary(tmp_path):
    root = project(tmp_path, KIRKUK + SINJAR)
    run(root)
    review(root, "Troops left Sinjar on Monday.", "غادرت القوات شنكال يوم الاثنين.")
    run(root)
    assert any("FLAG glossary" in line for line in catalog(root).find("Troops left Sinjar on Monday.").comment.splitlines())
    review(root, "Troops left Sinjar on Monday.", "غادرت القوات سنجار يوم الاثنين.")
    run(root)
    assert not any("FLAG glossary" in line for line in catalog(root).find("Troops left Sinjar on Monday.").comment.splitlines())


def test_a_change_to_another_term_redrafts_nothing(tmp_path):
    root = project(tmp_path, KIRKUK + SINJAR)
    run(root)
    (root / "glossary" / "terms.csv").write_text(HEADER + KIRKUK + SINJAR + 'basra,Basra,البصرة,"ar: test"\n', encoding="utf-8")
    again, sent = run(root)
    assert (again.drafted, sent) == (0, [])


def test_a_changed_rendering_is_drafted_again(tmp_path):
    root = project(tmp_path, KIRKUK + SINJAR)
    run(root)
    (root / "glossary" / "terms.csv").write_text(HEADER + KIRKUK + 'sinjar,Sinjar,شنگال,"ar: test"\n', encoding="utf-8")
    again, sent = run(root)
    assert sorted(sent) == ["Sinjar is calm", "The army stayed in Sinjar.", "Troops left Sinjar on Monday."]
    assert "شنگال" in catalog(root).find("Sinjar is calm").msgstr


def test_a_translators_fuzzy_text_loses_the_drafts_flags_and_gets_its_own(tmp_path):
    """The draft's FLAG lines are about the draft; once a translator changed it, only what holds for their text is flagged."""
    root = project(tmp_path, KIRKUK + SINJAR)
    first, _ = run(root)
    source = "Troops left Sinjar on Monday."
    assert catalog_flags(root, source)  # the stand-in copies English: QA flags the draft
    po = catalog(root)
    po.find(source).msgstr = "غادرت القوات شنكال يوم الاثنين."  # edited, still fuzzy: not reviewed yet
    po.save()
    again, _ = run(root)
    assert catalog_flags(root, source) == [
        "l10n: FLAG glossary: approved term 'سنجار' for 'Sinjar' is missing; use the glossary term."]
    assert again.flagged == first.flagged
    po = catalog(root)
    po.find(source).msgstr = "غادرت القوات سنجار يوم الاثنين."
    po.save()
    last, _ = run(root)
    entry = catalog(root).find(source)
    assert catalog_flags(root, source) == [] and "fuzzy" in entry.flags and "l10n: draft by" in entry.comment
    assert last.flagged == first.flagged - 1


def catalog_flags(root: Path, msgid: str) -> list[str]:
    return [line for line in l10n_notes(catalog(root).find(msgid)) if "FLAG" in line]

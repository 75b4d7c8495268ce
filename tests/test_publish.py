"""Publishing reviewed catalogs: policy, formats, byte-identical re-runs, .mo, manifest, output safety."""

from __future__ import annotations

import doctest
import gettext
import hashlib
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import markdown_it
import polib
import pytest

from l10n.core.languages import get_profile
from l10n.core.project import load_project
from l10n.core.records import Finding, Severity
from l10n.errors import PublishBlocked, UsageError
from l10n.publish import State, publish_article
from l10n.publish import html as html_mod, labels, manifest, markdown, rebuild
from l10n.publish.html import isolate_runs
from l10n.stages.segment import segment_article

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "k1-qayyarah-withdrawal.txt"
REVIEWED = Path(__file__).parent / "data" / "reviewed"
SLUG = "k1-qayyarah-withdrawal"
LANGS = ("ar", "ckb", "tk")
FIRST_BODY = (
    "The US-led coalition started withdrawing from the K1 and Qayyarah military bases "
    "and will hand them over to the Iraqi Security Forces (ISF)."
)
HOSTILE = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    ' <a href="javascript:window.__pwned = 3">link</a> \u202eevil\u202c \u2067iso\u2069'
)


def no_findings(path: Path) -> list[Finding]:
    return []


@pytest.fixture
def project(tmp_path):
    """A project holding the sample article, the desk's glossary and the reviewed catalogs for ar, ckb and tk."""
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    (tmp_path / "examples").mkdir()
    shutil.copy(SAMPLE, tmp_path / "examples" / SAMPLE.name)
    for lang in LANGS:
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(REVIEWED / f"{lang}.po", folder / f"{SLUG}.po")
    return load_project(tmp_path)


def article_path(project) -> Path:
    return project.root / "examples" / SAMPLE.name


def catalog(project, lang: str) -> polib.POFile:
    return polib.pofile(str(project.catalog_path(SLUG, lang)))


def edit_entry(project, lang: str, msgid: str, *, msgstr: str | None = None, fuzzy: bool = False) -> str:
    """Change one entry of a project catalog; returns its (new) msgstr."""
    po = catalog(project, lang)
    entry = po.find(msgid)
    if msgstr is not None:
        entry.msgstr = msgstr
    if fuzzy:
        entry.flags.append("fuzzy")
    po.save(str(project.catalog_path(SLUG, lang)))
    return entry.msgstr


def published(project, lang: str, ext: str) -> Path:
    return project.root / "published" / SLUG / f"{lang}.{ext}"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".l10n" not in path.parts
    }


# --- the fixture itself ---------------------------------------------------------------------------


def test_reviewed_fixture_matches_the_sample_units_and_passes_qa():
    from l10n.stages import qa, terms

    glossary = terms.read_glossary(ROOT / "glossary")
    units = segment_article(SAMPLE.read_text(encoding="utf-8"), slug=SLUG, source_path="x").units
    for lang in LANGS:
        po = polib.pofile(str(REVIEWED / f"{lang}.po"))
        assert [entry.msgid for entry in po] == list(dict.fromkeys(unit.source for unit in units))
        assert all(entry.msgstr and not entry.fuzzy for entry in po)
        assert po.metadata["Language"] == lang
        assert [f for f in qa.check_catalog(REVIEWED / f"{lang}.po", glossary=glossary) if qa.is_error(f)] == []


# --- publishing the reviewed sample ---------------------------------------------------------------


def test_publishes_every_format_in_every_language(project):
    result = publish_article(project, article_path(project), published_on=date(2020, 3, 29))
    assert result.published == LANGS and result.blocked == ()
    for lang in LANGS:
        po = catalog(project, lang)
        text = published(project, lang, "txt").read_text(encoding="utf-8")
        page = published(project, lang, "html").read_text(encoding="utf-8")
        md = published(project, lang, "md").read_text(encoding="utf-8")
        for entry in po:
            assert entry.msgstr in text
            assert entry.msgid not in text
        assert "• FB" not in text and "Instagram" not in text
        assert f'<html lang="{_profile(lang).tag}" dir="{"ltr" if lang == "tk" else "rtl"}">' in page
        assert '<time datetime="2020-03-29">' in page
        assert md.startswith("# ") and labels.dateline(date(2020, 3, 29), _profile(lang).locale) in md
    assert "29 آذار 2020" in published(project, "ar", "html").read_text(encoding="utf-8")


def test_turkmen_oriented_page_uses_turkish_locale_data_and_tag(project):
    """Turkmen-oriented text is Turkish orthography: Turkish dateline, ``lang="tr"``, the region in the manifest."""
    publish_article(project, article_path(project), langs=["tk"], published_on=date(2020, 3, 29))
    page = published(project, "tk", "html").read_text(encoding="utf-8")
    assert '<html lang="tr" dir="ltr">' in page
    assert '<time datetime="2020-03-29">29 Mart 2020</time>' in page
    assert "*29 Mart 2020*" in published(project, "tk", "md").read_text(encoding="utf-8")
    manifest = json.loads((project.root / "published" / SLUG / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["languages"]["tk"] | {"language_tag": "tr", "region": "IQ", "locale": "tr"} == manifest["languages"]["tk"]
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(project.catalog_path(SLUG, "tk"))]).returncode == 0


def test_turkmen_oriented_pages_tell_readers_the_text_is_an_approximation_in_turkish_orthography(project):
    """Before: the tk label lived only in the PO header, and said "then adapted" (no rule ships) without naming
    the orthography; a reader of tk.html or tk.md was not told the text is Turkish written for Turkmen readers.
    Now the label says so, and the pages carry the note under the title; ar, ckb and the tk route's do not."""
    from l10n.core.languages import TK_ROUTES

    assert "Turkish orthography" in _profile("tk").label and "approximation" in _profile("tk").label
    publish_article(project, article_path(project), published_on=date(2020, 3, 29), check=no_findings)
    note = _profile("tk").reader_note
    page = published(project, "tk", "html").read_text(encoding="utf-8")
    assert f'29 Mart 2020</time></p><p class="l10n-note">{note}</p>' in page
    assert f"*29 Mart 2020*\n\n*{markdown.escape_markdown(note)}*\n" in published(project, "tk", "md").read_text(encoding="utf-8")
    for lang in ("ar", "ckb"):
        assert 'class="l10n-note"' not in published(project, lang, "html").read_text(encoding="utf-8")
    assert TK_ROUTES["tk"].reader_note == ""


def test_turkmen_oriented_locale_data_is_turkish():
    from babel.numbers import format_decimal

    from l10n.stages import qa

    profile = _profile("tk")
    assert format_decimal(1500.5, locale=profile.locale) == "1.500,5"
    assert labels.dateline(date(2020, 3, 29), profile.locale) == "29 Mart 2020"
    assert qa.numbers("1,500.5 people left", "1.500,5 kişi ayrıldı", profile) is None
    assert (profile.tag, profile.region, profile.plural_forms) == ("tr", "IQ", "nplurals=2; plural=(n != 1);")


def _profile(lang: str):
    from l10n.core.languages import get_profile

    return get_profile(lang)


def test_text_output_keeps_the_source_layout(project):
    publish_article(project, article_path(project), check=no_findings)
    source_lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    text_lines = published(project, "ar", "txt").read_text(encoding="utf-8").split("\n")
    share_links = [line for line in source_lines if line.strip().startswith("•")]
    assert [bool(line.strip()) for line in text_lines] == [
        bool(line.strip()) for line in source_lines if line not in share_links
    ][: len(text_lines)]
    assert text_lines[0] == catalog(project, "ar")[0].msgstr


def test_a_right_to_left_text_line_opening_with_latin_letters_gets_a_right_to_left_mark(project):
    """Before: ar.txt had no direction marks, so a line whose first letter is Latin (a title opening with
    "ISF", a paragraph filled from the English inside its isolate) was laid out left to right by a plain-text
    viewer (UAX #9 P2/P3: the first strong letter outside isolates).  Now such a line opens with U+200F RLM;
    lines opening with Arabic script are untouched, and the left-to-right tk.txt gets none."""
    title = catalog(project, "ar")[0]
    edit_entry(project, "ar", title.msgid, msgstr="ISF تتسلم قاعدة K1")
    edit_entry(project, "ar", FIRST_BODY, fuzzy=True)
    publish_article(project, article_path(project), check=no_findings, min_reviewed=50)
    lines = published(project, "ar", "txt").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "\u200fISF تتسلم قاعدة K1"
    filled = next(line for line in lines if FIRST_BODY in line)
    assert filled.startswith("\u200f\u2066[")
    assert [line for line in lines if line.startswith("\u200f")] == [lines[0], filled]
    assert "\u200f" not in published(project, "tk", "txt").read_text(encoding="utf-8")


def test_a_text_article_with_windows_line_ends_publishes_them_in_the_markdown_too(project):
    """Before: the .txt kept the article's CRLF line ends and the .md of the same article was written with LF."""
    path = article_path(project)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    publish_article(project, path, check=no_findings)
    for ext in ("txt", "md"):
        data = published(project, "ar", ext).read_bytes()
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), ext


def test_republishing_the_same_input_is_byte_identical(project):
    publish_article(project, article_path(project), published_on=date(2020, 3, 29))
    first = snapshot(project.root)
    publish_article(project, article_path(project), published_on=date(2020, 3, 29))
    assert snapshot(project.root) == first
    assert any(name.endswith(".mo") for name in first) and any(name.endswith("manifest.json") for name in first)


def test_publishing_by_slug_finds_the_article_through_the_catalog(project):
    result = publish_article(project, Path(SLUG), langs=["tk"], check=no_findings)
    assert result.article == article_path(project) and result.published == ("tk",)


# --- policy ---------------------------------------------------------------------------------------


def test_one_fuzzy_unit_blocks_its_language_and_names_the_unit(project):
    edit_entry(project, "ar", FIRST_BODY, fuzzy=True)
    with pytest.raises(PublishBlocked) as caught:
        publish_article(project, article_path(project))
    assert len(caught.value.blockers) == 1
    entry, reason = caught.value.blockers[0]
    assert entry.startswith(f"locales/ar/LC_MESSAGES/{SLUG}.po:") and "The US-led coalition started" in entry
    assert "fuzzy" in reason
    assert "ar" in str(caught.value) and len(str(caught.value).splitlines()) == 1
    result = caught.value.result
    assert result.published == ("ckb", "tk") and result.blocked == ("ar",)
    # nothing is written for the blocked language; the ready ones are published
    assert not list((project.root / "published" / SLUG).glob("ar.*"))
    assert not (project.locales_dir / "ar" / "LC_MESSAGES" / f"{SLUG}.mo").exists()
    assert published(project, "ckb", "html").is_file() and published(project, "tk", "txt").is_file()
    assert set(json.loads((project.root / "published" / SLUG / "manifest.json").read_text())["languages"]) == {"ckb", "tk"}


def test_a_blocked_run_writes_nothing_at_all_when_every_language_is_blocked(project):
    edit_entry(project, "ar", FIRST_BODY, msgstr="")
    before = snapshot(project.root)
    with pytest.raises(PublishBlocked) as caught:
        publish_article(project, article_path(project), langs=["ar"])
    assert caught.value.blockers[0][1] == "not translated"
    assert snapshot(project.root) == before


def test_min_reviewed_publishes_with_the_unreviewed_unit_marked_in_every_format(project):
    edit_entry(project, "ar", FIRST_BODY, fuzzy=True)
    result = publish_article(project, article_path(project), langs=["ar"], min_reviewed=90)
    (ar,) = result.languages
    assert ar.published and ar.completeness == 94.1 and ar.filled == (FIRST_BODY,)
    label = labels.marker("ar", State.SOURCE)
    assert f"[{label}] {FIRST_BODY}" in published(project, "ar", "txt").read_text(encoding="utf-8")
    assert f"**\\[{label}\\]** {FIRST_BODY}" in published(project, "ar", "md").read_text(encoding="utf-8")
    page = published(project, "ar", "html").read_text(encoding="utf-8")
    assert f'<span class="l10n-marker">[{label}]</span>' in page
    assert f'class="unit l10n-unreviewed" data-kind="body" data-l10n-state="source" lang="en" dir="ltr">{FIRST_BODY}' in page
    manifest_data = json.loads((project.root / "published" / SLUG / "manifest.json").read_text())
    assert manifest_data["languages"]["ar"]["unreviewed_published"] == 1
    assert manifest_data["languages"]["ar"]["policy"] == {"min_reviewed": 90, "fill": "source"}


def test_fill_draft_publishes_the_draft_with_the_draft_marker(project):
    draft = edit_entry(project, "ar", FIRST_BODY, fuzzy=True)
    publish_article(project, article_path(project), langs=["ar"], min_reviewed=90, fill="draft")
    text = published(project, "ar", "txt").read_text(encoding="utf-8")
    assert f"[{labels.marker('ar', State.DRAFT)}] {draft}" in text and FIRST_BODY not in text
    # the .mo never carries unreviewed text
    mo = gettext.GNUTranslations(open(project.locales_dir / "ar" / "LC_MESSAGES" / f"{SLUG}.mo", "rb"))
    assert mo.gettext(FIRST_BODY) == FIRST_BODY


def test_fill_without_min_reviewed_is_refused_not_ignored(project):
    """Before: `--fill draft` alone published nothing unreviewed and said nothing (the desk meant to publish drafts);
    `-f pdf` said "format pdf unknown" without naming the option."""
    with pytest.raises(UsageError, match=r"^--fill draft: only fills what --min-reviewed lets through unreviewed; add --min-reviewed PCT\.$"):
        publish_article(project, article_path(project), langs=["ar"], fill="draft")
    with pytest.raises(UsageError, match=r"^--format pdf: unknown; use one or more of: txt, md, html\.$"):
        publish_article(project, article_path(project), formats=["pdf"])
    assert not (project.root / "published").exists()


def test_below_min_reviewed_blocks_with_the_share_and_every_unreviewed_unit(project):
    po = catalog(project, "tk")
    for entry in list(po)[3:5]:
        entry.flags.append("fuzzy")
    po.save(str(project.catalog_path(SLUG, "tk")))
    with pytest.raises(PublishBlocked) as caught:
        publish_article(project, article_path(project), langs=["tk"], min_reviewed=90)
    reasons = [reason for _entry, reason in caught.value.blockers]
    assert reasons[0] == "88.2% reviewed (15 of 17 units), below the 90% minimum"
    assert reasons[1:] == ["fuzzy: the draft is not reviewed"] * 2


def test_qa_errors_block_and_cosmetic_findings_do_not(project):
    broken = catalog(project, "ckb").find(FIRST_BODY).msgstr.replace("K1", "")
    edit_entry(project, "ckb", FIRST_BODY, msgstr=broken)  # real QA: the number-bearing "K1" is gone
    with pytest.raises(PublishBlocked) as caught:
        publish_article(project, article_path(project), langs=["ckb"])
    assert any("The US-led coalition started" in entry for entry, _ in caught.value.blockers)

    def findings(path: Path) -> list[Finding]:
        return [Finding("length", Severity.COSMETIC, "long", msgid=FIRST_BODY)]

    assert publish_article(project, article_path(project), langs=["tk"], check=findings).published == ("tk",)


def test_an_entry_of_a_units_sentence_with_a_msgctxt_is_neither_published_nor_blocking(project):
    """gettext keys entries by (msgctxt, msgid); a unit's entry has no msgctxt (l10n writes none)."""
    po = catalog(project, "ar")
    unit_text = po.find(FIRST_BODY).msgstr
    po.append(polib.POEntry(msgctxt="headline", msgid=FIRST_BODY, msgstr="نص آخر لا يحمل رقما"))   # K1 lost: a QA error
    po.save(str(project.catalog_path(SLUG, "ar")))
    assert publish_article(project, article_path(project), langs=["ar"]).published == ("ar",)
    text = published(project, "ar", "txt").read_text(encoding="utf-8")
    assert unit_text in text and "نص آخر" not in text


def test_a_catalog_level_qa_error_blocks_even_with_min_reviewed(project):
    def findings(path: Path) -> list[Finding]:
        return [Finding("header", Severity.CRITICAL, "bad Plural-Forms", msgid="")]

    with pytest.raises(PublishBlocked) as caught:
        publish_article(project, article_path(project), langs=["ar"], min_reviewed=0, check=findings)
    assert caught.value.blockers == [(f"locales/ar/LC_MESSAGES/{SLUG}.po", "header: bad Plural-Forms")]


def test_a_language_without_a_catalog_is_blocked(project):
    shutil.rmtree(project.locales_dir / "tk")
    with pytest.raises(PublishBlocked) as caught:
        publish_article(project, article_path(project), check=no_findings)
    assert caught.value.result.published == ("ar", "ckb")
    assert "run `l10n translate`" in caught.value.blockers[0][1]


@pytest.mark.parametrize(
    "options", [{"formats": ("pdf",)}, {"formats": ()}, {"min_reviewed": 120}, {"min_reviewed": 50, "fill": "guess"}]
)
def test_options_that_make_no_sense_are_usage_errors(project, options):
    with pytest.raises(UsageError):
        publish_article(project, article_path(project), **options)
    assert not (project.root / "published").exists()


# --- outputs for the site -------------------------------------------------------------------------


def test_mo_files_load_with_gnu_gettext(project):
    publish_article(project, article_path(project))
    for lang in LANGS:
        with open(project.locales_dir / lang / "LC_MESSAGES" / f"{SLUG}.mo", "rb") as handle:
            translations = gettext.GNUTranslations(handle)
        assert translations.info()["language"] == _profile(lang).tag
        for entry in catalog(project, lang):
            assert translations.gettext(entry.msgid) == entry.msgstr


def test_mo_files_carry_the_tag_plural_rule_and_label_of_the_text_they_hold(project):
    """Before: the .mo copied the catalog's header, so an older Turkish-orthography catalog gave a .mo tagged
    ``Language: tk`` without its label, and one written with babel's one-form Turkish rule kept ``nplurals=1``."""
    po = catalog(project, "tk")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save(str(project.catalog_path(SLUG, "tk")))
    publish_article(project, article_path(project), check=no_findings)
    expected = {  # CLDR's categories for n = 0, 1, 2, 3, 11, 100, 101, 102, 103, 111, as gettext numbers them
        "ar": [0, 1, 2, 3, 4, 5, 5, 5, 3, 4], "ckb": [1, 0, 1, 1, 1, 1, 1, 1, 1, 1], "tk": [1, 0, 1, 1, 1, 1, 1, 1, 1, 1]}
    for lang in LANGS:
        with open(project.locales_dir / lang / "LC_MESSAGES" / f"{SLUG}.mo", "rb") as handle:
            translations = gettext.GNUTranslations(handle)
        assert translations.info()["language"] == _profile(lang).tag
        assert translations.info()["plural-forms"] == _profile(lang).plural_forms
        assert [translations.plural(n) for n in (0, 1, 2, 3, 11, 100, 101, 102, 103, 111)] == expected[lang]
    assert translations.info()["x-l10n-note"] == _profile("tk").label
    assert catalog(project, "tk").metadata["Language"] == "tk"   # the catalog itself is the translators' file


def test_turkish_orthography_is_published_as_tr_whatever_tk_route_says_now(project):
    """Before: with ``tk_route = "tk"`` set after the catalog was drafted en→tr, its Turkish text was published as
    ``lang="tk"``, with the Turkmen dateline "29 mart 2020" and ``language_tag: tk``.  The catalog's own header
    (``Language``, ``X-L10n-Note``) says what its text is written in."""
    (project.root / "l10n.toml").write_text('tk_route = "tk"\n', encoding="utf-8")
    publish_article(load_project(project.root), article_path(project), langs=["tk"], published_on=date(2020, 3, 29),
                    check=no_findings)
    page = published(project, "tk", "html").read_text(encoding="utf-8")
    assert '<html lang="tr" dir="ltr">' in page and "29 Mart 2020" in page
    entry = json.loads((project.root / "published" / SLUG / "manifest.json").read_text(encoding="utf-8"))["languages"]["tk"]
    assert (entry["language_tag"], entry["locale"]) == ("tr", "tr")


def test_manifest_checksums_and_reviewers_match(project):
    result = publish_article(project, article_path(project), formats=("html", "txt"), check=no_findings)
    data = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert data["slug"] == SLUG and data["source"] == f"examples/{SAMPLE.name}"
    assert data["source_sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    for lang in LANGS:
        entry = data["languages"][lang]
        assert set(entry["outputs"]) == {"html", "txt", "mo"}
        for output in entry["outputs"].values():
            blob = (project.root / output["path"]).read_bytes()
            assert hashlib.sha256(blob).hexdigest() == output["sha256"] and len(blob) == output["bytes"]
        assert entry["completeness"] == 100.0 and entry["units"] == entry["reviewed_units"] == 17
        assert entry["published_on"] is None and entry["policy"] == {"min_reviewed": None, "fill": None}
        assert entry["reviewer_count"] == 2 and entry["reviewed_by"][0] == catalog(project, lang).metadata["Last-Translator"]
    assert data["languages"]["ckb"]["direction"] == "rtl" and data["languages"]["tk"]["direction"] == "ltr"
    assert set(result.written) == {Path(project.root / o["path"]) for e in data["languages"].values() for o in e["outputs"].values()} | {result.manifest}


def test_publishing_one_language_keeps_the_others_in_the_manifest(project):
    publish_article(project, article_path(project), check=no_findings)
    before = json.loads((project.root / "published" / SLUG / "manifest.json").read_text())
    publish_article(project, article_path(project), langs=["ar"], check=no_findings)
    after = json.loads((project.root / "published" / SLUG / "manifest.json").read_text())
    assert after == before


def test_a_published_page_the_desk_corrected_by_hand_is_not_overwritten_without_force(project):
    """Re-publishing after an edit stops before writing anything when a page changed since the last
    publication (its SHA-256 in the manifest); --force overwrites; a .mo Poedit recompiled is not hand work."""
    publish_article(project, article_path(project), check=no_findings)
    page = published(project, "ar", "md")
    page.write_bytes(page.read_bytes() + "تصحيح المحرر\n".encode())
    mo = project.root / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.mo"
    mo.write_bytes(mo.read_bytes() + b"\0")
    edit_entry(project, "ckb", FIRST_BODY, msgstr="دەقی نوێ (ISF).")
    before = snapshot(project.root)
    with pytest.raises(UsageError, match=r"^published/k1-qayyarah-withdrawal/ar\.md: changed since l10n published it; .*--force"):
        publish_article(project, article_path(project), check=no_findings)
    assert snapshot(project.root) == before
    publish_article(project, article_path(project), langs=["ckb", "tk"], check=no_findings)   # the edited page is not touched
    assert page.read_bytes() == before[str(page.relative_to(project.root))]
    publish_article(project, article_path(project), check=no_findings, force=True)
    assert "تصحيح المحرر" not in page.read_text(encoding="utf-8")
    manifest_file = project.root / "published" / SLUG / "manifest.json"
    recorded = manifest_file.read_bytes()
    edit_entry(project, "ar", FIRST_BODY, msgstr="نص جديد (ISF).")
    publish_article(project, article_path(project), check=no_findings)
    manifest_file.write_bytes(recorded)         # a run stopped after the pages, before the manifest
    publish_article(project, article_path(project), check=no_findings)


def test_a_manifest_an_editor_saved_in_another_encoding_is_read_as_for_the_hand_edit_check(project):
    """A manifest re-saved in Windows-1252 (a reviewer's name with "á") is read as the hand-edit check reads it:
    the run publishes and writes the manifest in UTF-8 (it stopped with an internal error after writing the pages)."""
    publish_article(project, article_path(project), check=no_findings)
    manifest_file = project.root / "published" / SLUG / "manifest.json"
    manifest_file.write_bytes(manifest_file.read_bytes().replace(b"Layla", "Láyla".encode("cp1252")))
    edit_entry(project, "ar", FIRST_BODY, msgstr="نص جديد (ISF).")
    result = publish_article(project, article_path(project), check=no_findings)
    data = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert result.manifest == manifest_file and "نص جديد" in published(project, "ar", "txt").read_text(encoding="utf-8")
    assert data["languages"]["ar"]["outputs"]["txt"]["sha256"] == hashlib.sha256(published(project, "ar", "txt").read_bytes()).hexdigest()


def translated_picture_story(root: Path, markdown: str, picture: bytes):
    """``markdown`` as ``story.md`` beside ``k1.jpg`` (``picture``), translated to ar without a model (publishable with
    --min-reviewed 0); the project."""
    from l10n.pipeline import translate

    (root / "l10n.toml").write_text('targets = ["ar"]\n', encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "story.md").write_text(markdown, encoding="utf-8")
    (root / "k1.jpg").write_bytes(picture)
    project = load_project(root)
    translate(project, [root / "story.md"], engine_factory=lambda p, profile: None)
    return project


@pytest.fixture
def picture_desk(tmp_path):
    """A Markdown article showing ``k1.jpg`` (beside it), translated without a model."""
    return translated_picture_story(tmp_path, "# Council meets\n\n![Council members](k1.jpg)\n\nThe council met on Monday.\n",
                                    b"ORIGINAL")


def publish_story(project, **options):
    return publish_article(project, project.root / "story.md", min_reviewed=0, check=no_findings, **options)


def test_a_picture_the_desk_replaced_in_published_is_not_overwritten_without_force(picture_desk, capsys):
    """The copied picture is recorded in the manifest like a page: a hand-replaced copy stops the run
    (one line, exit code USAGE, nothing written); --force overwrites it."""
    from l10n import cli
    from l10n.errors import ExitCode

    root = picture_desk.root
    copy = root / "published" / "story" / "k1.jpg"
    assert copy in publish_story(picture_desk).written and copy.read_bytes() == b"ORIGINAL"
    copy.write_bytes(b"CROPPED")
    before = snapshot(root)
    with pytest.raises(UsageError, match=r"^published/story/k1\.jpg: changed since l10n published it; .*k1\.jpg.*--force"):
        publish_story(picture_desk)
    assert snapshot(root) == before
    capsys.readouterr()
    assert cli.main(["-C", str(root), "publish", str(root / "story.md"), "--min-reviewed", "0"]) == ExitCode.USAGE
    assert capsys.readouterr().err.count("\n") == 1 and snapshot(root) == before
    publish_story(picture_desk, force=True)
    assert copy.read_bytes() == b"ORIGINAL"


def test_a_picture_the_editor_replaced_beside_the_article_or_removed_from_published_is_copied(picture_desk):
    """A new source picture is an update, not a conflict; a copy deleted from published/ is made again;
    the manifest records each copy's SHA-256."""
    root = picture_desk.root
    copy = root / "published" / "story" / "k1.jpg"
    publish_story(picture_desk)
    (root / "k1.jpg").write_bytes(b"NEW CROP")
    publish_story(picture_desk)
    assert copy.read_bytes() == b"NEW CROP"
    copy.unlink()
    publish_story(picture_desk)
    assert copy.read_bytes() == b"NEW CROP"
    recorded = json.loads((root / "published" / "story" / "manifest.json").read_text(encoding="utf-8"))["pictures"]
    assert recorded == {"k1.jpg": {"path": "published/story/k1.jpg", "bytes": 8,
                                   "sha256": hashlib.sha256(b"NEW CROP").hexdigest()}}
    (root / "k1.jpg").write_bytes(b"NEWER")               # both changed: the desk's copy is still kept
    copy.write_bytes(b"CROPPED")
    with pytest.raises(UsageError, match=r"^published/story/k1\.jpg: changed"):
        publish_story(picture_desk)


def test_a_manifest_written_before_pictures_were_recorded_still_loads(picture_desk):
    """An older manifest has no ``pictures``: a copy it has no digest for is replaced, as before, and recorded."""
    root = picture_desk.root
    manifest_file = root / "published" / "story" / "manifest.json"
    publish_story(picture_desk)
    older = json.loads(manifest_file.read_text(encoding="utf-8"))
    del older["pictures"]
    manifest_file.write_text(json.dumps(older), encoding="utf-8")
    (root / "published" / "story" / "k1.jpg").write_bytes(b"CROPPED")
    publish_story(picture_desk)
    assert (root / "published" / "story" / "k1.jpg").read_bytes() == b"ORIGINAL"
    assert "k1.jpg" in json.loads(manifest_file.read_text(encoding="utf-8"))["pictures"]


def test_reviewers_skip_the_gettext_placeholder():
    assert manifest.reviewers({"Last-Translator": "FULL NAME <EMAIL@ADDRESS>"}) == []


# --- output safety --------------------------------------------------------------------------------


def test_hostile_translation_is_text_in_every_format(project):
    edit_entry(project, "tk", FIRST_BODY, msgstr=HOSTILE)
    publish_article(project, article_path(project), langs=["tk"], check=no_findings)
    page = published(project, "tk", "html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page and "<a " not in page
    assert "[U+202E]evil[U+202C]" in page and "[U+2067]iso[U+2069]" in page
    assert "script-src" not in page and "default-src 'none'" in page  # CSP: no script may run at all
    rendered = markdown_it.MarkdownIt("commonmark").render(published(project, "tk", "md").read_text(encoding="utf-8"))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in rendered
    for ext in ("txt", "md", "html"):
        text = published(project, "tk", ext).read_text(encoding="utf-8")
        assert not any(char in text for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_hostile_source_filled_into_the_page_is_escaped(project):
    article = article_path(project)
    article.write_text(article.read_text(encoding="utf-8") + "\nSee " + HOSTILE + " today.\n", encoding="utf-8")
    with pytest.raises(PublishBlocked):
        publish_article(project, article, langs=["ar"], check=no_findings)  # the new sentence is not in the catalog
    publish_article(project, article, langs=["ar"], min_reviewed=90, check=no_findings)
    page = published(project, "ar", "html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "&lt;img src=x onerror=" in page
    assert "[U+202E]" in page and "\u202e" not in page


def test_titles_and_attributes_are_escaped():
    text = SAMPLE.read_text(encoding="utf-8").replace("US-led coalition withdrew", "</title><script>x()</script>", 1)
    article = segment_article(text, slug="s", source_path="s.txt")
    choices = {unit.source: rebuild.Choice(unit.source, State.REVIEWED) for unit in article.units}
    from l10n.core.languages import get_profile

    page = html_mod.render_html(rebuild.localize(article, "tk", choices), get_profile("tk"))
    assert "<title>&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;" in page and "<script" not in page


# --- pieces ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("من قاعدة K1 العسكرية", "rtl", "من قاعدة <bdi>K1</bdi> العسكرية"),
        ("قوات الأمن العراقية (ISF).", "rtl", "قوات الأمن العراقية (<bdi>ISF</bdi>)."),
        ("قتلت Abu Mahdi al-Muhandis، نائب", "rtl", "قتلت <bdi>Abu Mahdi al-Muhandis</bdi>، نائب"),
        ("مرض COVID-19 في", "rtl", "مرض <bdi>COVID-19</bdi> في"),
        ("على بعد 15 كم", "rtl", "على بعد 15 كم"),
        ("Kerkük'te كركوك 2020", "ltr", "Kerkük'te <bdi>كركوك</bdi> 2020"),
        ('a < b & "c"', "ltr", 'a &lt; b &amp; "c"'),
    ],
)
def test_isolate_runs_wraps_other_direction_runs(text, direction, expected):
    assert isolate_runs(text, direction) == expected


def test_blocks_follow_the_source_structure():
    text = "Title here\n\nCity, a caption. Photo: Agency\n\nOne. Two.\nThree.\n\n• First item\n• Second item\n"
    article = segment_article(text, slug="t", source_path="t.txt")
    choices = {unit.source: rebuild.Choice(unit.source.upper(), State.REVIEWED) for unit in article.units}
    blocks = rebuild.blocks(rebuild.localize(article, "tk", choices))
    assert [block.kind for block in blocks] == ["title", "caption", "paragraph", "list"]
    assert [[item.text for item in line] for line in blocks[2].lines] == [["ONE.", "TWO."], ["THREE."]]
    md = markdown.render_markdown(rebuild.localize(article, "tk", choices))
    assert md == "# TITLE HERE\n\n*CITY, A CAPTION.* PHOTO: AGENCY\n\nONE. TWO.\\\nTHREE.\n\n- FIRST ITEM\n- SECOND ITEM\n"


def test_a_code_block_keeps_its_lines_and_indentation_in_the_html_page():
    text = "# A statement\n\nThe ministry said:\n\n    Line one.\n      Line two.\n\n```\nfenced one\nfenced two\n```\n"
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(unit.source.upper(), State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "tk", choices), get_profile("tk"))
    assert "<pre><code>Line one.\n  Line two.\n</code></pre>" in page
    assert "<pre><code>fenced one\nfenced two\n</code></pre>" in page


def reviewed_markdown(text: str, words: dict[str, str], lang: str = "ar") -> str:
    """The published Markdown of the Markdown article ``text`` with every unit reviewed as ``words`` gives it."""
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(words[unit.source], State.REVIEWED) for unit in article.units}
    return markdown.render_markdown(rebuild.localize(article, lang, choices))


def link_attributes(source: str, *names: str) -> list[tuple[str | None, ...]]:
    """(href, *names) of each link CommonMark finds in ``source``."""
    tokens = [child for token in markdown_it.MarkdownIt("commonmark").parse(source) for child in token.children or ()]
    return [tuple(token.attrGet(name) for name in ("href", *names)) for token in tokens if token.type == "link_open"]


def test_a_link_address_in_angle_brackets_stays_a_link_in_the_published_markdown():
    """`[x](<a b.pdf>)` (the CommonMark way to write an address with spaces) kept by the translator
    came out as `[x](&lt;a b.pdf&gt;)`: plain text, or a link to a wrong address."""
    text = "# The plan\n\nRead [the plan](<https://example.com/the plan.pdf>) and [the annex](<annex.pdf> \"Annex\").\n"
    md = reviewed_markdown(text, {"The plan": "الخطة", "Read [the plan](<https://example.com/the plan.pdf>) and "
                                  "[the annex](<annex.pdf> \"Annex\").": "اقرأ [الخطة](<https://example.com/the plan.pdf>) "
                                  "و[الملحق](<annex.pdf> \"Annex\")."})
    assert link_attributes(md, "title") == link_attributes(text, "title") == [
        ("https://example.com/the%20plan.pdf", None), ("annex.pdf", "Annex")]
    assert "&lt;" not in md


def test_a_plain_text_list_under_a_lead_in_line_keeps_its_bullets_in_markdown_and_html():
    """"Key points:" with the bullets right under it (no blank line) was one paragraph in the .md and .html:
    the bullets were gone, the items shown as lines, although the .txt kept them."""
    text = "Checkpoints open\n\nKey points:\n- Six checkpoints open.\n- Each has 40 soldiers.\nCosts are shared.\n"
    article = segment_article(text, slug="t", source_path="t.txt")
    choices = {unit.source: rebuild.Choice(unit.source, State.REVIEWED) for unit in article.units}
    doc = rebuild.localize(article, "tk", choices)
    md = markdown.render_markdown(doc)
    assert md == ("# Checkpoints open\n\nKey points:\n\n- Six checkpoints open.\n- Each has 40 soldiers.\n\n"
                  "Costs are shared.\n")
    page = html_mod.render_html(doc, get_profile("tk"))
    assert page.count("<ul><li>") == 1 and page.count("<li>") == 2 and page.count("<p>") == 2


def test_an_autolink_the_translator_kept_stays_a_link_in_the_published_markdown():
    """`<https://…>` and `<desk@…>` kept by the translator came out as `&lt;https://…&gt;`: visible text, no link,
    where the HTML page linked them; an autolink to any other scheme still opens nothing."""
    text = "# The plan\n\nRead <https://example.com/plan?a=1&b=2> or write <desk@kirkuknow.com>.\n"
    md = reviewed_markdown(text, {"The plan": "الخطة", "Read <https://example.com/plan?a=1&b=2> or write "
                                  "<desk@kirkuknow.com>.": "اقرأ <https://example.com/plan?a=1&b=2> أو اكتب إلى "
                                  "<desk@kirkuknow.com> و<javascript:alert(1)>."})
    assert link_attributes(md) == link_attributes(text) == [
        ("https://example.com/plan?a=1&b=2",), ("mailto:desk@kirkuknow.com",)]
    assert "&lt;javascript:alert(1)&gt;" in md


RESULTS = (
    "# Election results\n\n"
    "| Party | Seats | Share |\n"
    "| :--- | ---: | :---: |\n"
    "| Kurdistan Democratic Party | 12 | 40% |\n"
    "|Independents \\| others|9|—|\n"
)
RESULTS_IN_ARABIC = {"Election results": "نتائج الانتخابات", "Party": "الحزب", "Seats": "المقاعد", "Share": "الحصة",
                     "Kurdistan Democratic Party": "الحزب | الديمقراطي الكردستاني",
                     "Independents \\| others": "مستقلون \\| آخرون"}


def table_cells(source: str) -> list[list[str]]:
    """Each row of the GFM tables in ``source``, as its cells' texts."""
    rows: list[list[str]] = []
    for token in markdown_it.MarkdownIt("commonmark").enable("table").parse(source):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows and token.level > 2:
            rows[-1].append(token.content)
    return rows


def test_a_table_is_published_with_its_grid_and_each_cell_translated():
    """The table was one unit whose line breaks publishing folds: the .md showed one line of pipes and the
    page one paragraph.  Now the header and alignment rows keep their place, figures stay as written, and a
    pipe in a translation is escaped so it cannot open a column."""
    md = reviewed_markdown(RESULTS, RESULTS_IN_ARABIC)
    assert md == ("# نتائج الانتخابات\n\n| الحزب | المقاعد | الحصة |\n| :--- | ---: | :---: |\n"
                  "| الحزب \\| الديمقراطي الكردستاني | 12 | 40% |\n|مستقلون \\| آخرون|9|—|\n")
    assert table_cells(md) == [["الحزب", "المقاعد", "الحصة"], ["الحزب | الديمقراطي الكردستاني", "12", "40%"],
                               ["مستقلون | آخرون", "9", "—"]]
    article = segment_article(RESULTS, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(RESULTS_IN_ARABIC[unit.source], State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "ar", choices), get_profile("ar"))
    cells = re.findall(r"<(t[hd])((?: [^>]*)?)>(.*?)</\1>", page)
    assert [(tag, re.sub("<[^>]+>", "", inner)) for tag, _attributes, inner in cells] == [
        ("th", "الحزب"), ("th", "المقاعد"), ("th", "الحصة"),
        ("td", "الحزب | الديمقراطي الكردستاني"), ("td", "12"), ("td", "40%"),
        ("td", "مستقلون | آخرون"), ("td", "9"), ("td", "—")]
    assert [attributes for _tag, attributes, _inner in cells[:3]] == [
        ' class="l10n-align-start"', ' class="l10n-align-end"', ' class="l10n-align-center"']
    assert page.count("<table>") == 1 and page.count("<tr>") == 3 and "style=" not in page.split("</style>")[1]


def test_a_cell_past_the_header_count_is_translated_though_gfm_does_not_show_it():
    """A row with more cells than the header kept its extra cells in English in the published .md (GFM shows
    none of them, but the .md is the desk's copy, and another renderer or an editor shows them).  They are now
    units, translated like any cell; a figure among them stays as written and the page's grid is the header's."""
    text = "# Seats\n\n| Party | Seats |\n| --- | --- |\n| KDP | 12 | Largest party | 40% |\n"
    words = {"Seats": "المقاعد", "Party": "الحزب", "KDP": "الديمقراطي", "Largest party": "أكبر حزب"}
    assert [(unit.kind, unit.source) for unit in segment_article(text, slug="t", source_path="t.md").units] == [
        ("title", "Seats"), ("table cell", "Party"), ("table cell", "Seats"), ("table cell", "KDP"),
        ("table cell", "Largest party")]
    assert reviewed_markdown(text, words).endswith("| الديمقراطي | 12 | أكبر حزب | 40% |\n")
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(words[unit.source], State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "ar", choices), get_profile("ar"))
    assert [re.sub("<[^>]+>", "", inner) for inner in re.findall(r"<td>(.*?)</td>", page)] == ["الديمقراطي", "12"]


def test_a_table_cell_with_a_picture_keeps_its_figures_in_the_page():
    """A cell's figures are layout only when the cell is figures alone: beside a picture they are a unit, so the
    page, which shows a cell's units, does not drop them."""
    text = "# Flags\n\n| Party | Seats |\n| --- | --- |\n| ![KDP flag](kdp.png) 31 | 12 |\n"
    words = {"Flags": "أعلام", "Party": "الحزب", "Seats": "المقاعد", "KDP flag": "علم الحزب", "31": "31"}
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(words[unit.source], State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "ar", choices), get_profile("ar"))
    cells = [re.sub("<(?!img)[^>]+>", "", inner) for inner in re.findall(r"<td>(.*?)</td>", page)]
    assert cells == ['<img src="kdp.png" alt="علم الحزب" loading="lazy"> 31', "12"]
    assert reviewed_markdown(text, words).endswith("| ![علم الحزب](kdp.png) 31 | 12 |\n")


def test_footnotes_are_published_with_their_markers_and_labels_as_written():
    """Markers stay verbatim in the .md (`[^1]` in the sentence, `[^1]:` before the translated text, the
    indentation of its next line); the page links each reference to its note."""
    text = ("# Budget\n\nThe council approved the budget[^1] on Monday.\n\n"
            "[^1]: The figure includes the school fund.\n    It was revised twice.\n")
    words = {"Budget": "الميزانية", "The council approved the budget[^1] on Monday.": "وافق المجلس على الميزانية[^1] يوم الاثنين.",
             "The figure includes the school fund.": "يشمل الرقم صندوق المدارس.", "It was revised twice.": "وعُدّل مرتين."}
    md = reviewed_markdown(text, words)
    assert md == ("# الميزانية\n\nوافق المجلس على الميزانية[^1] يوم الاثنين.\n\n"
                  "[^1]: يشمل الرقم صندوق المدارس.\n    وعُدّل مرتين.\n")
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(words[unit.source], State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "ar", choices), get_profile("ar"))
    assert '<sup class="footnote-ref"><a href="#fn-1">1</a></sup>' in page and "[^1]" not in page
    note = re.search(r'<div class="footnote" id="fn-1">(.*?)</div>\n', page, re.DOTALL)
    assert note and re.sub("<[^>]+>", "", note.group(1)) == "1يشمل الرقم صندوق المدارس. وعُدّل مرتين."


def test_an_inline_note_is_published_as_an_inline_note_with_its_text_translated():
    """The .md keeps `^[` and `]` around the translated note; the page shows the note where it stands, in
    small print, rather than `^[The figure…]` as text."""
    text = "# Budget\n\nThe council approved the budget.^[The figure includes the school fund.] Work starts.\n"
    words = {"Budget": "الميزانية", "The council approved the budget.": "وافق المجلس على الميزانية.",
             "The figure includes the school fund.": "يشمل الرقم صندوق المدارس.", "Work starts.": "يبدأ العمل."}
    assert reviewed_markdown(text, words) == (
        "# الميزانية\n\nوافق المجلس على الميزانية.^[يشمل الرقم صندوق المدارس.] يبدأ العمل.\n")
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(words[unit.source], State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "ar", choices), get_profile("ar"))
    assert "^[" not in page
    assert re.search(r'<small class="footnote-inline"><span class="unit" data-kind="footnote">يشمل الرقم صندوق المدارس.'
                     r'</span></small>', page)
    assert html_mod.render_inline("A^[*b*]", "ltr") == 'A<small class="footnote-inline"><em>b</em></small>'  # a translator's


def image_attributes(source: str) -> list[tuple[str | None, str, str | None]]:
    """(src, alt text, title) of each picture CommonMark finds in ``source``."""
    tokens = [child for token in markdown_it.MarkdownIt("commonmark").parse(source) for child in token.children or ()]
    return [(token.attrGet("src"), token.content, token.attrGet("title")) for token in tokens if token.type == "image"]


def test_a_picture_by_reference_is_published_with_its_alt_text_and_title_translated():
    """`![alt][hall]` lost its title in the page (no `title` at all) while `![alt](src "title")` showed it
    translated, and a picture whose alt text is its label (`![hall]`, `![The old hall][]`) became the text
    `![القاعة]` in the .md once translated.  Both forms now publish alike: translated alt text and title,
    the label kept (written out: `![القاعة][hall]`), the definition's title translated once."""
    text = ("# Photos\n\n![Council members in session][hall] ![The old hall][] ![hall]\n\n"
            "![Inline](hall.jpg \"The council hall\")\n\n"
            "[hall]: hall.jpg \"The council hall\"\n[The old hall]: old.jpg\n  'Before the fire'\n")
    words = {"Photos": "صور", "Council members in session": "أعضاء المجلس في جلسة", "The old hall": "القاعة القديمة",
             "hall": "القاعة", "Inline": "صورة", "The council hall": "قاعة المجلس", "Before the fire": "قبل الحريق"}
    md = reviewed_markdown(text, words)
    assert md == ("# صور\n\n![أعضاء المجلس في جلسة][hall] ![القاعة القديمة][The old hall] ![القاعة][hall]\n\n"
                  "![صورة](hall.jpg \"قاعة المجلس\")\n\n"
                  "[hall]: hall.jpg \"قاعة المجلس\"\n[The old hall]: old.jpg\n  'قبل الحريق'\n")
    assert image_attributes(md) == [("hall.jpg", "أعضاء المجلس في جلسة", "قاعة المجلس"), ("old.jpg", "القاعة القديمة", "قبل الحريق"),
                                    ("hall.jpg", "القاعة", "قاعة المجلس"), ("hall.jpg", "صورة", "قاعة المجلس")]
    article = segment_article(text, slug="t", source_path="t.md")
    choices = {unit.source: rebuild.Choice(words[unit.source], State.REVIEWED) for unit in article.units}
    page = html_mod.render_html(rebuild.localize(article, "ar", choices), get_profile("ar"))
    assert re.findall(r'<img src="([^"]*)" alt="([^"]*)" title="([^"]*)"', page) == [
        ("hall.jpg", "أعضاء المجلس في جلسة", "قاعة المجلس"), ("old.jpg", "القاعة القديمة", "قبل الحريق"),
        ("hall.jpg", "القاعة", "قاعة المجلس"), ("hall.jpg", "صورة", "قاعة المجلس")]


def test_a_local_picture_shown_by_reference_is_copied_beside_the_pages(tmp_path):
    """The copy step read each picture alone, without the article's definitions, so `![x][k1]` named no file
    and `published/story/` lacked the `k1.jpg` its page shows."""
    project = translated_picture_story(
        tmp_path, "# Council meets\n\n![Council members][k1]\n\nThe council met.\n\n[k1]: k1.jpg\n", b"PHOTO")
    publish_story(project)
    assert (tmp_path / "published" / "story" / "k1.jpg").read_bytes() == b"PHOTO"


@pytest.mark.parametrize("module", [html_mod, labels, manifest, markdown, rebuild])
def test_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


LAST_PARAGRAPH = (
    "In January 2020, the Iraqi parliament passed a nonbinding resolution to expel all foreign troops in the country.",
    "The resolution was voted on after the US airstrike that killed Qassem Suleimani, commander of the Iranian "
    "Revolutionary Guard's Quds Force, and Abu Mahdi al-Muhandis, deputy chief of the Popular Mobilization Committee.",
)


def test_filled_english_in_a_right_to_left_language_is_one_isolate_in_every_format(project):
    for sentence in LAST_PARAGRAPH:
        edit_entry(project, "ar", sentence, fuzzy=True)
        edit_entry(project, "tk", sentence, fuzzy=True)
    publish_article(project, article_path(project), langs=["ar", "tk"], min_reviewed=80, check=no_findings)
    label = labels.marker("ar", State.SOURCE)
    text = published(project, "ar", "txt").read_text(encoding="utf-8")
    assert f"\u2066[{label}] {LAST_PARAGRAPH[0]} [{label}] {LAST_PARAGRAPH[1]}\u2069" in text
    assert text.count("\u2066") == text.count("\u2069") == 1
    md = published(project, "ar", "md").read_text(encoding="utf-8")
    assert f"\u2066**\\[{label}\\]** {LAST_PARAGRAPH[0]}" in md and md.rstrip().endswith("\u2069")
    page = published(project, "ar", "html").read_text(encoding="utf-8")
    assert page.count('<span class="l10n-run" dir="ltr">') == 1 and "\u2066" not in page
    for ext in ("txt", "md", "html"):  # left-to-right English in a left-to-right page needs no isolate
        assert not any(char in published(project, "tk", ext).read_text(encoding="utf-8") for char in "\u2066\u2067\u2069")


def test_ctrl_c_while_pages_are_written_still_records_them_so_no_later_run_calls_them_hand_edited(project, monkeypatch):
    """Before: Ctrl-C between the pages and the manifest left new pages the manifest did not record, so after the
    next review the run refused them as "changed since l10n published it" (a hand edit nobody made)."""
    import os
    import signal

    from l10n.files.atomic import atomic_write
    from l10n.publish import run as publish_run

    publish_article(project, article_path(project), check=no_findings)
    edit_entry(project, "ar", FIRST_BODY, msgstr="نص جديد (ISF).")
    written = []

    def interrupted_write(target, data):   # Ctrl-C arrives once the first page is written
        path = atomic_write(target, data)
        if not written:
            os.kill(os.getpid(), signal.SIGINT)
        written.append(target)
        return path

    monkeypatch.setattr(publish_run, "atomic_write", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        publish_article(project, article_path(project), check=no_findings)
    monkeypatch.undo()
    recorded = json.loads((project.root / "published" / SLUG / "manifest.json").read_text())
    page = published(project, "ar", "md")
    assert recorded["languages"]["ar"]["outputs"]["md"]["sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    edit_entry(project, "ar", FIRST_BODY, msgstr="نص أحدث (ISF).")   # the next review, then the next publication
    publish_article(project, article_path(project), check=no_findings)
    assert "نص أحدث" in page.read_text(encoding="utf-8")

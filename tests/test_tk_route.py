"""The Turkmen-oriented route: en→tr by default; an en→tk model only when the desk opts in, then tagged tk."""

import json
from pathlib import Path

import polib
import pytest

import l10n
from l10n.core.languages import get_profile, target_profile
from l10n.core.project import load_project
from l10n.errors import ConfigError
from l10n.pipeline import translate
from l10n.publish import publish_article
from l10n.stages.catalog import catalog_language
from l10n.stages.engine.packages import PackageInfo, select_package, serving_packages

ARTICLE = "Troops left Kirkuk\n\nThe army stayed in Kirkuk on Monday.\n"


def package(name, to_codes, version="1.0"):
    return PackageInfo(name=name, from_code="en", to_codes=tuple(to_codes), version=version, path=Path(name))


MADLAD_TK = package("madlad-en_tk", ["tk"], "2.0")            # <2tk>: Turkmenistan Turkmen
OPUS_TRK = package("opus-en_trk", ["tr", "tk"], "3.0")         # >>tur<< and >>tuk<<
ARGOS_TR = package("translate-en_tr", ["tr"], "1.9")


def test_default_route_drafts_tk_with_en_tr_even_when_an_en_tk_model_is_installed():
    ranked = serving_packages(get_profile("tk"), [MADLAD_TK, OPUS_TRK, ARGOS_TR])
    assert [(p.name, code) for p, code in ranked] == [("translate-en_tr", "tr"), ("opus-en_trk", "tr")]
    assert select_package(get_profile("tk"), [MADLAD_TK]) is None  # never the Turkmenistan model by default


def test_tk_route_drafts_with_an_en_tk_model_only():
    tk = target_profile("tk", "tk")
    assert [(p.name, code) for p, code in serving_packages(tk, [ARGOS_TR, OPUS_TRK, MADLAD_TK])] == [
        ("madlad-en_tk", "tk"), ("opus-en_trk", "tk")]
    assert select_package(tk, [ARGOS_TR]) is None  # no silent fallback to Turkish text tagged tk
    assert (tk.tag, tk.locale, tk.code) == ("tk", "tk", "tk") and "en→tk" in tk.label


def test_the_setting_is_read_and_checked(tmp_path):
    (tmp_path / "l10n.toml").write_text('tk_route = "tk"\n', encoding="utf-8")
    project = load_project(tmp_path)
    assert project.profile("tk").tag == "tk" and project.profile("ar").tag == "ar"
    assert load_project(tmp_path, tk_route="tr").profile("tk").tag == "tr"
    (tmp_path / "l10n.toml").write_text('tk_route = "turkmen"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="tk_route = 'turkmen' should be one of 'tr', 'tk'"):
        load_project(tmp_path)


def test_a_tk_route_catalog_is_read_as_turkmen_and_older_ones_as_turkmen_oriented():
    label = target_profile("tk", "tk").label
    assert catalog_language(Path("x.po"), "tk", label).tag == "tk"   # written on the tk route: its header note says so
    assert catalog_language(Path("x.po"), "tk").tag == "tr"          # older catalogs in Turkish orthography were tagged tk
    assert catalog_language(Path("x.po"), "tr", label).tag == "tr"
    assert catalog_language(Path("locales/tk/LC_MESSAGES/x.po"), "").tag == "tr"


@pytest.fixture(scope="module")
def tk_and_tr_packages(tmp_path_factory, tiny_package_factory):
    packages = tmp_path_factory.mktemp("tk-tr-packages")
    tiny_package_factory(packages, to_code="tr")
    tiny_package_factory(packages, to_code="tk")
    return packages


def desk(root: Path, packages: Path, route: str | None) -> Path:
    settings = ['targets = ["tk"]', f'packages_dir = "{packages}"'] + ([f'tk_route = "{route}"'] if route else [])
    (root / "l10n.toml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    (root / "kirkuk.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def drafted(root: Path) -> polib.POFile:
    project = load_project(root)
    translate(project, [root / "kirkuk.txt"])
    return polib.pofile(str(project.catalog_path("kirkuk", "tk")), wrapwidth=0)


def test_by_default_the_catalog_is_drafted_with_en_tr_and_tagged_tr(tmp_path, tk_and_tr_packages):
    po = drafted(desk(tmp_path, tk_and_tr_packages, None))
    assert po.metadata["Language"] == "tr" and "en→tr" in po.metadata["X-L10n-Note"]
    assert all("translate-en_tr" in e.comment and "adapted from tr" in e.comment for e in po)


def test_on_the_tk_route_catalog_labels_and_published_pages_say_tk(tmp_path, tk_and_tr_packages):
    root = desk(tmp_path, tk_and_tr_packages, "tk")
    po = drafted(root)
    assert po.metadata["Language"] == "tk" and "en→tk" in po.metadata["X-L10n-Note"]
    assert po.metadata["Language-Team"] == "Turkmen (Turkmenistan orthography)"
    assert all("translate-en_tk" in e.comment and "adapted" not in e.comment for e in po)
    for entry in po:  # the desk reviews every draft
        entry.flags = []
    po.save()
    publish_article(load_project(root), root / "kirkuk.txt", check=lambda path: [])  # the copy model writes English
    html = (root / "published" / "kirkuk" / "tk.html").read_text(encoding="utf-8")
    assert '<html lang="tk"' in html
    manifest = json.loads((root / "published" / "kirkuk" / "manifest.json").read_text(encoding="utf-8"))
    assert json.dumps(manifest).count('"language_tag": "tk"') == 1 and '"tr"' not in json.dumps(manifest)


def test_a_tk_route_catalog_stays_tk_in_review_and_publishing_after_the_route_is_switched_back(tmp_path, tk_and_tr_packages):
    """Before: the review page always took the tr route's profile (``lang="tr"``, the en→tr label) and publishing took
    ``tk_route``'s, so Turkmenistan-orthography text was shown, and after ``tk_route = "tr"`` published, as ``tr``."""
    from l10n.review import open_review

    root = desk(tmp_path, tk_and_tr_packages, "tk")
    po = drafted(root)
    for entry in po:
        entry.flags = []
    po.save()
    desk(root, tk_and_tr_packages, None)   # the desk goes back to the tr route before the next translate run
    project = load_project(root)
    review = open_review(project, root / "kirkuk.txt")
    assert review.profile("tk") == target_profile("tk", "tk") and '<html lang="tk"' in review.preview("tk")
    publish_article(project, root / "kirkuk.txt", check=lambda path: [])
    assert '<html lang="tk"' in (root / "published" / "kirkuk" / "tk.html").read_text(encoding="utf-8")


def test_switching_the_route_retags_the_catalog_on_the_next_run(tmp_path, tk_and_tr_packages):
    root = desk(tmp_path, tk_and_tr_packages, None)
    assert drafted(root).metadata["Language"] == "tr"
    desk(root, tk_and_tr_packages, "tk")
    assert drafted(root).metadata["Language"] == "tk"


def test_eval_scores_en_tr_and_en_tk_packages_side_by_side_whatever_the_route(tmp_path, tk_and_tr_packages):
    root = desk(tmp_path, tk_and_tr_packages, None)
    reviewed = Path(__file__).resolve().parent / "data" / "reviewed" / "tk.po"
    target = root / "locales" / "tk" / "LC_MESSAGES" / "sample.po"
    target.parent.mkdir(parents=True)
    target.write_bytes(reviewed.read_bytes())
    report = l10n.evaluate_drafts(root=root, langs=["tk"])
    assert {(row.package.split()[1], row.drafts_as) for row in report.rows} == {("translate-en_tr", "tr"), ("translate-en_tk", "tk")}

"""Markdown through the CLI: roles in the catalog, pictures and front matter kept, code spans and links as written."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import polib
import pytest

from l10n.publish.html import link_kind

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("screenshot_markdown", ROOT / "scripts" / "screenshot_markdown.py")
shots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shots)
REVIEWED = json.loads((shots.DATA / "council-ar.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markdown") / "desk"
    shots.published_sample(folder)
    return folder


def test_every_unit_has_its_own_role_in_the_catalog(desk):
    po = polib.pofile(str(desk / "locales/ar/LC_MESSAGES/council.po"))
    roles = {entry.msgid: next(line for line in entry.comment.splitlines() if line.startswith("role:")) for entry in po}
    assert roles == {
        "Kirkuk council approves the school budget": "role: title",
        "Council approves the school budget": "role: heading",
        "Council members in session": "role: image (alt text or title of a picture)",
        "The council hall in Kirkuk": "role: image (alt text or title of a picture)",
        "Council members in session.": "role: caption",
        "Photo: Jane Doe/KirkukNow": "role: credit",
        "The council met on Monday in Kirkuk.": "role: body, paragraph 4",
        "It voted 20 to 5 for the plan.": "role: body, paragraph 4",
        "Schools get new roofs.": "role: list item, paragraph 5",
        "Teachers are paid on time.": "role: list item, paragraph 6",
        '"This is a good day for our children," the governor said.': "role: quote, paragraph 7",
        "Parents can read the plan [online](//example.org/plan) or type `grade < 5` in the search form.": "role: body, paragraph 8",
    }
    assert not any("author" in entry.msgid or "2020-03-29" in entry.msgid for entry in po)   # front matter is not copy


def test_the_published_markdown_keeps_the_picture_front_matter_and_code(desk):
    md = (desk / "published/council/ar.md").read_text(encoding="utf-8")
    plain = re.sub("[\u2066-\u2069]", "", md)
    assert plain.startswith('---\ntitle: "مجلس كركوك يقر ميزانية المدارس"\nauthor: Jane Doe\ndate: 2020-03-29\n---\n')
    assert '![أعضاء المجلس خلال الجلسة](council-session.png "قاعة المجلس في كركوك")' in plain
    assert "`grade < 5`" in plain and "&lt;" not in plain                 # a code span is literal: no entity in it
    assert "[عبر الإنترنت](//example.org/plan)" in plain
    assert "\n- تحصل المدارس على أسقف جديدة.\n- يتقاضى المعلمون رواتبهم في موعدها.\n" in plain
    assert "\n> «هذا يوم جيد لأطفالنا»، قال المحافظ.\n" in plain
    assert (desk / "published/council/council-session.png").read_bytes() == (desk / "council-session.png").read_bytes()
    html = (desk / "published/council/ar.html").read_text(encoding="utf-8")
    assert '<img src="council-session.png" alt="أعضاء المجلس خلال الجلسة" title="قاعة المجلس في كركوك"' in html
    assert "Jane Doe" not in html.split("<body>")[1] and "<title>مجلس كركوك يقر ميزانية المدارس</title>" in html


def test_links_are_classified_by_a_url_parser():
    assert link_kind("//example.org/plan") == "external"         # protocol-relative: another site, not this one
    assert link_kind("council-session.png") == link_kind("/news/a") == "relative"
    assert link_kind("javascript:alert(1)") == link_kind("JaVaScRiPt:x") == "unsafe"

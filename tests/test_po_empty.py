"""A catalog with no entries is its header, through every gettext program l10n runs.

Without ``--force-po``, msgcat prints nothing for a catalog that holds only its header, and
msgmerge writes no file at all when its result would be empty: the header (charset, language,
plural rule, the translator's own fields) would be lost, and l10n would call its own output a bug.
"""

from __future__ import annotations

import subprocess

import pytest

from helpers import msgfmt_ok
from l10n.core.languages import get_profile
from l10n.stages import pofiles
from l10n.stages.catalog import build_template, fresh_catalog
from l10n.stages.pofiles import read_catalog, render_catalog, update_catalog, write_catalog


@pytest.fixture
def empty_template():
    return build_template([])


def test_a_header_only_catalog_renders_as_its_header(empty_template):
    text = render_catalog(empty_template)
    assert text.startswith("# Translation template for .\n") and 'msgid ""\nmsgstr ""\n' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    assert text == subprocess.run(["msgcat", "--force-po", "-"], input=text, capture_output=True, text=True, check=True).stdout


def test_a_header_only_template_and_catalog_are_written_valid_and_read_back(tmp_path, empty_template):
    pot = write_catalog(empty_template, tmp_path / "empty.pot")
    assert msgfmt_ok(pot) and len(read_catalog(pot)) == 0
    po = write_catalog(update_catalog(empty_template, None, get_profile("ckb")), tmp_path / "ckb" / "LC_MESSAGES" / "empty.po")
    assert msgfmt_ok(po) and read_catalog(po).metadata["Language"] == "ckb"
    written = po.read_bytes()
    write_catalog(update_catalog(empty_template, po, get_profile("ckb")), po)  # an unchanged run: the same bytes
    assert po.read_bytes() == written


def test_a_header_only_catalog_merged_by_msgmerge_keeps_its_header(tmp_path, empty_template, monkeypatch):
    path = tmp_path / "ar" / "LC_MESSAGES" / "empty.po"
    catalog = fresh_catalog(empty_template, get_profile("ar"))
    catalog.metadata["Last-Translator"] = "Sara <sara@example.org>"
    write_catalog(catalog, path)
    monkeypatch.setattr(pofiles, "_same_units", lambda old, template: False)  # through msgmerge, as a changed article goes
    merged = update_catalog(empty_template, path, get_profile("ar"))
    assert len(merged) == 0
    assert merged.metadata["Last-Translator"] == "Sara <sara@example.org>" and merged.metadata["Language"] == "ar"
    write_catalog(merged, path)
    assert msgfmt_ok(path) and read_catalog(path).metadata["Last-Translator"] == "Sara <sara@example.org>"

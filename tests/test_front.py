"""The library front (``import l10n``): one driver for translate and backfill, a project and an engine passed in."""

from __future__ import annotations

import pytest

import l10n
from helpers import make_desk
from l10n.engine.argos import load_engine


@pytest.fixture
def desk(tmp_path, standin_packages_dir):
    return make_desk(tmp_path / "desk", standin_packages_dir, 4)


def drafted(report) -> int:
    """Units a translate run drafted or filled (engine or memory), over every article and language."""
    return sum(row.drafted + row.reused + row.redrafted for row in report.languages)


def test_translate_backfill_translate_redoes_nothing(desk):
    """The hand-wired stand-ins: whatever command finished an article, the other finds it current."""
    first = l10n.translate_article([desk / "archive"], root=desk, engine=load_engine)
    assert drafted(first) > 0
    back = l10n.backfill_articles([desk / "archive"], root=desk, engine=load_engine)
    assert (back.translated, back.skipped, back.drafted, back.reused) == (0, 4, 0, 0)
    again = l10n.translate_article([desk / "archive"], root=desk, engine=load_engine)
    assert drafted(again) == 0 and not again.written


def test_backfill_translate_backfill_redoes_nothing(desk):
    back = l10n.backfill_articles([desk / "archive"], root=desk, engine=load_engine)
    assert (back.translated, back.skipped) == (4, 0) and back.drafted > 0
    again = l10n.translate_article([desk / "archive"], root=desk, engine=load_engine)
    assert drafted(again) == 0 and not again.written
    assert l10n.backfill_articles([desk / "archive"], root=desk, engine=load_engine).translated == 0

"""The progress display of `translate`, `backfill` and `eval`: one rich display per run.

The library reports through plain callbacks (``pipeline.Progress``:
``(label, done, total)`` per language, called for every language before drafting
starts and after each engine batch; ``backfill.BackfillProgress``: articles).
This module draws them: a task per language (units drafted / total), a total
row when there are several, the rate and the time left.  Off a terminal
(stdout or stderr redirected) or with ``--quiet`` it is silent, and rich is
not even imported, so unchanged re-runs stay fast.
"""

from __future__ import annotations

import sys

TOTAL = "all"


class ProgressView:
    """``with ProgressView(quiet) as view:`` gives ``view`` or None; pass ``view.units``/``view.articles`` to the library."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.live = None
        self.tasks: dict[str, int] = {}
        self.counts: dict[str, tuple[int, int]] = {}

    def __enter__(self) -> ProgressView | None:
        if self.quiet or not (sys.stdout.isatty() and sys.stderr.isatty()):
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.live = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                             _rate_column(), TextColumn("left"), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=False, auto_refresh=False)
        self.live.start()
        return self

    def units(self, label: str, done: int, total: int) -> None:
        """pipeline.Progress: ``label`` has drafted ``done`` of its ``total`` units."""
        self._show(label, done, total, f"drafting {label}", "units")
        self.counts[label] = (done, total)
        if len(self.counts) > 1:
            done_all = sum(d for d, _ in self.counts.values())
            total_all = sum(t for _, t in self.counts.values())
            self._show(TOTAL, done_all, total_all, "all languages", "units")
        self.live.refresh()  # one frame per batch: what the terminal shows is what was drafted

    def articles(self, done: int, total: int, units: int) -> None:
        """backfill.BackfillProgress: ``done`` of ``total`` articles, ``units`` drafted so far."""
        self._show("articles", done, total, "back-fill", "articles")
        self.live.refresh()

    def _show(self, key: str, done: int, total: int, description: str, unit: str) -> None:
        if key not in self.tasks:
            self.tasks[key] = self.live.add_task(description, total=total, unit=unit)
        self.live.update(self.tasks[key], completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.stop()


def _rate_column():
    """Rich is imported only when a display is drawn, so the column class is made here."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Units (or articles) per second, over rich's recent samples."""

        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} {task.fields.get('unit', 'units')}/s" if speed else "")

    return RateColumn()

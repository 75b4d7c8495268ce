"""A scripted engine for tests: answers each request with ``script(request)`` and records every batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...core.records import EngineRequest, Hypothesis
from . import EngineProgress

#: script(request) -> n-best drafts, as plain strings or Hypothesis records (with alignments).
Script = Callable[[EngineRequest], Sequence["str | Hypothesis"]]


class FakeEngine:
    """The Engine protocol without a model: ``script(request) -> n-best drafts``.

    The default script copies the source with a one-to-one alignment, which is
    what the stand-in copy model does.  A scripted alignment is handed back only
    when the request asks for one, as the real engine does.  ``batches`` keeps
    every call's requests, so a test can assert what reached the engine;
    ``closed`` says whether the run closed it.
    """

    def __init__(self, script: Script | None = None, *, id: str = "fake", target: str = "ar", fingerprint: str = ""):
        self.script = script or copy_source
        self._id = id
        self._target = target
        self._fingerprint = fingerprint
        self.batches: list[list[EngineRequest]] = []
        self.closed = False

    @property
    def id(self) -> str:
        return self._id

    @property
    def target(self) -> str:
        return self._target

    @property
    def fingerprint(self) -> str:
        """"" unless given: a script is no model, and a test that keeps its answers between runs says so."""
        return self._fingerprint

    def translate_batch(self, requests: Sequence[EngineRequest], progress: EngineProgress | None = None) -> list[list[Hypothesis]]:
        self.batches.append(list(requests))
        results = [[_answer(draft, request) for draft in self.script(request)] for request in requests]
        if progress is not None:
            progress(len(requests))
        return results

    def close(self) -> None:
        self.closed = True


def copy_source(request: EngineRequest) -> list[Hypothesis]:
    """The copy model's answer: the source itself, each word aligned to itself."""
    return [Hypothesis(request.source, tuple(range(len(request.source.split()))))]


def _answer(draft: str | Hypothesis, request: EngineRequest) -> Hypothesis:
    hypothesis = draft if isinstance(draft, Hypothesis) else Hypothesis(draft)
    return hypothesis if request.with_alignment else Hypothesis(hypothesis.text)

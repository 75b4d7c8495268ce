"""A scripted engine for tests: answers each request with ``script(request)`` and records every batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..records import EngineRequest
from . import EngineProgress


class FakeEngine:
    """The Engine protocol without a model: ``script(request) -> n-best strings``.

    The default script copies the source, which is what the stand-in copy model
    does.  ``batches`` keeps every call's requests, so a test can assert what
    reached the engine; ``closed`` says whether the run closed it.
    """

    def __init__(self, script: Callable[[EngineRequest], Sequence[str]] | None = None, *,
                 id: str = "fake", target: str = "ar"):
        self.script = script or (lambda request: [request.source])
        self._id = id
        self._target = target
        self.batches: list[list[EngineRequest]] = []
        self.closed = False

    @property
    def id(self) -> str:
        return self._id

    @property
    def target(self) -> str:
        return self._target

    def translate_batch(self, requests: Sequence[EngineRequest], progress: EngineProgress | None = None) -> list[list[str]]:
        self.batches.append(list(requests))
        results = [list(self.script(request)) for request in requests]
        if progress is not None:
            progress(len(requests))
        return results

    def close(self) -> None:
        self.closed = True

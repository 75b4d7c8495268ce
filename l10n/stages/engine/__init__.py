"""The engine stage: one protocol, the engines behind it, and how a run picks and closes them.

The pipeline and the glossary layer see only ``Engine``: ``id`` (provenance),
``target`` (the language the engine writes; ``tr`` for Turkmen-oriented
drafts), ``translate_batch`` (n-best ``Hypothesis`` records per request, in
order, each with its word alignment when the request asks for it) and
``close``.  Behind it: ``argos.ArgosEngine`` (an installed Argos package run
through CTranslate2 + SentencePiece), ``ray_pool.RayEngine`` (the same, on a
Ray cluster) and ``fake.FakeEngine`` (scripted, for tests).  ``packages``
reads, chooses and installs Argos packages.  Nothing here imports CTranslate2,
SentencePiece or Ray until a model is really used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from ...core.languages import LanguageProfile
from ...core.project import Project
from ...core.records import EngineRequest, Hypothesis
from ...errors import L10nError, UsageError

#: progress(count): called with the number of requests finished since the last call.
EngineProgress = Callable[[int], None]

ENGINES = ("local", "ray")
#: Load a model a run is all but sure to need while the run reads its articles (``start_models_early``);
#: False loads each model when its first chunk drafts.  The drafts are the same.
EARLY_MODEL_LOAD = True


@runtime_checkable
class Engine(Protocol):
    """What every stage after the memory may ask of a machine-translation engine."""

    @property
    def id(self) -> str: ...

    @property
    def target(self) -> str: ...

    @property
    def fingerprint(self) -> str:
        """What the engine's drafts depend on (model files, decoding settings); "" when it cannot say, and
        nothing it drafts is then kept between runs."""
        ...

    def translate_batch(self, requests: Sequence[EngineRequest], progress: EngineProgress | None = None) -> list[list[Hypothesis]]: ...

    def close(self) -> None: ...


#: engine_factory(project, profile) -> the Engine for that language, or None when no package serves it.
EngineFactory = Callable[[Project, LanguageProfile], "Engine | None"]


def load_engine(project: Project, profile: LanguageProfile) -> Engine | None:
    """The local engine for ``profile``'s best installed package, or None (see argos.load_engine)."""
    from .argos import load_engine as load_argos

    return load_argos(project, profile)


def start_models_early(project: Project, names: Mapping[Path, str], targets: Sequence[str], factory: EngineFactory) -> list:
    """Start loading, on threads, the model of each language some article (path -> catalog name) has no catalog in yet.

    Such a catalog's units all need a draft (unless the memory holds every one), so the model will be
    wanted, and the caller's own work meanwhile hides its load; an existing catalog may need none, and
    its model loads only when a run asks for it.  Only the local engines ``load_engine`` gives, not yet
    in the run's cache, can start early.  Returns what ``argos.drop_started`` frees if no run took it.
    """
    from .argos import start_loading

    local = EARLY_MODEL_LOAD and (factory is load_engine or (isinstance(factory, EngineCache) and factory.factory is load_engine))
    cached = factory.engines if isinstance(factory, EngineCache) else {}
    started = []
    for code in targets if local else ():
        if code not in cached and any(not project.catalog_path(name, code).exists() for name in names.values()):
            with contextlib.suppress(L10nError):  # a bad language or package is reported where it always is
                started.append(start_loading(project, project.profile(code)))
    return [key for key in started if key is not None]


class EngineCache:
    """One engine per language for a whole run, so each model loads once; ``close`` closes them all."""

    def __init__(self, factory: EngineFactory):
        self.factory = factory
        self.engines: dict[str, Engine | None] = {}

    def __call__(self, project: Project, profile: LanguageProfile) -> Engine | None:
        if profile.code not in self.engines:
            self.engines[profile.code] = self.factory(project, profile)
        return self.engines[profile.code]

    def close(self) -> None:
        for engine in self.engines.values():
            if engine is not None:
                engine.close()
        self.engines.clear()


@contextlib.contextmanager
def open_engines(kind: str, project: Project, *, address: str | None = None) -> Iterator[EngineCache]:
    """The engine factory for ``kind`` ('local': all cores here; 'ray': a Ray actor pool), closed afterwards."""
    if kind not in ENGINES:
        raise UsageError(f"--engine {kind!r}: use 'local' or 'ray'.")
    if kind == "local":
        if address is not None:
            raise UsageError("--address names a Ray cluster; add --engine ray or drop --address.")
        from .argos import resolve_device

        resolve_device(project.engine.device)  # a missing GPU is one line now, not after the first chunk
        cache = EngineCache(load_engine)
        try:
            yield cache
        finally:
            cache.close()
        return
    from .ray_pool import RayPool

    pool = RayPool(project.engine, address=address)
    cache = EngineCache(pool.factory)
    try:
        yield cache
    finally:
        cache.close()
        pool.close()

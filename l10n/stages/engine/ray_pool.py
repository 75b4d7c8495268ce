"""Drafting on a Ray cluster: units spread over an actor pool, catalogs written by the driver alone.

``RayPool`` starts one actor per CPU of the cluster (one per GPU with
``device = "cuda"``).  An actor keeps one ``ArgosEngine`` per package and
target, so each model loads once per actor, not once per batch.
``RayPool.factory`` is an engine_factory for pipeline.translate; its engines
have ArgosEngine's interface (``id``, ``target``, ``translate_batch``), send
length-sorted shards of units (not files) to the actors and put the drafts
back in request order.  An actor that dies is restarted by Ray and its
unfinished shards are run again (``max_restarts``/``max_task_retries``); a
shard's drafts are taken once, so nothing is lost or duplicated.

Every node needs l10n and the same packages at the same path (for instance
``ARGOS_PACKAGES_DIR`` on a shared disk).  Ray is imported here only, lazily;
its errors become ModelError or UsageError in ``_map_ray_errors``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from ...core.languages import LanguageProfile
from ...core.project import EngineSettings, Project
from ...core.records import EngineRequest, Hypothesis
from ...errors import L10nError, ModelError, UsageError
from .argos import ArgosEngine, load_engine
from .packages import PackageInfo

RAY_HINT = "the Ray engine needs the ray extra: pip install 'l10n[ray]'"


def _import_ray():
    try:
        import ray
    except ImportError as exc:
        raise UsageError(f"{RAY_HINT}.") from exc
    return ray


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


@contextlib.contextmanager
def _map_ray_errors() -> Iterator[None]:
    """The one boundary where Ray's errors become l10n's: an actor's L10nError keeps its class."""
    ray = _import_ray()
    try:
        yield
    except ray.exceptions.RayTaskError as exc:
        cause = exc.cause
        if isinstance(cause, L10nError):
            raise type(cause)(str(cause)) from exc
        raise ModelError(f"a Ray worker failed while drafting ({_one_line(cause)}); rerun with --debug and report it.") from exc
    except ray.exceptions.RayError as exc:
        raise ModelError(f"the Ray cluster lost a worker for good ({_one_line(exc)}); check it with `ray status` and rerun.") from exc


class Drafter:
    """A Ray actor's state: one ArgosEngine per (package, target), made on first use and kept."""

    def __init__(self, settings: EngineSettings):
        self.settings = settings
        self.engines: dict[tuple[str, str], ArgosEngine] = {}

    def translate(self, package: PackageInfo, target: str, requests: list[EngineRequest]) -> list[list[Hypothesis]]:
        key = (str(package.path), target)
        if key not in self.engines:
            self.engines[key] = ArgosEngine(package, target, self.settings)
        return self.engines[key].translate_batch(requests)


class RayPool:
    """The actors of one run; ``factory`` makes engines over them, ``close`` ends them."""

    def __init__(self, settings: EngineSettings, *, address: str | None = None, actors: int | None = None):
        ray = _import_ray()
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            try:
                ray.init(address=address, include_dashboard=False, log_to_driver=False)
            except (ConnectionError, ValueError, RuntimeError) as exc:
                where = address or "a new local cluster"
                raise UsageError(f"cannot start or reach the Ray cluster at {where} ({_one_line(exc)}); "
                                 "give --address ray://HOST:10001 or auto, or start one with `ray start --head`.") from exc
            self._started = True
        on_gpu = settings.device == "cuda"
        resource = "GPU" if on_gpu else "CPU"
        count = actors or int(ray.cluster_resources().get(resource, 0))
        if count < 1:
            raise ModelError(f"the Ray cluster has no {resource}; drop --device cuda or add a node with a GPU.")
        actor_settings = settings if on_gpu else replace(settings, inter_threads=1, intra_threads=1)
        remote = ray.remote(max_restarts=-1, max_task_retries=-1, num_cpus=1, num_gpus=1 if on_gpu else 0)(Drafter)
        self.actors = [remote.remote(actor_settings) for _ in range(count)]

    def factory(self, project: Project, profile: LanguageProfile) -> RayEngine | None:
        """engine_factory for pipeline.translate: the same package choice as load_engine, drafted on the pool."""
        local = load_engine(project, profile)
        return None if local is None else RayEngine(self, local.package, local.target)

    def close(self) -> None:
        for actor in self.actors:
            self._ray.kill(actor)
        self.actors = []
        if self._started:
            self._ray.shutdown()


SHARDS_PER_ACTOR = 4  # small enough shards to balance the actors and move the progress bar


def split_shards(requests: Sequence[EngineRequest], shards: int) -> list[list[int]]:
    """Request indices in ``shards`` contiguous runs of similar length (shortest first), none empty.

    >>> split_shards([EngineRequest("a b c"), EngineRequest("a"), EngineRequest("a b")], 2)
    [[1, 2], [0]]
    """
    order = sorted(range(len(requests)), key=lambda i: len(requests[i].source))
    size = -(-len(order) // max(1, shards)) if order else 1
    return [order[start : start + size] for start in range(0, len(order), size)]


class RayEngine:
    """ArgosEngine's interface, drafted by a RayPool's actors."""

    def __init__(self, pool: RayPool, package: PackageInfo, target: str):
        self.pool = pool
        self.package = package
        self.target = target

    @property
    def id(self) -> str:
        return self.package.label

    @property
    def fingerprint(self) -> str:
        """"": the actors draft with their own settings, so nothing they draft is kept between runs."""
        return ""

    def close(self) -> None:
        """The pool owns the actors (RayPool.close ends them); nothing is held per engine."""

    def translate_batch(self, requests: Sequence[EngineRequest], progress: Callable[[int], None] | None = None) -> list[list[Hypothesis]]:
        """``n_best`` hypotheses per request, in request order; ``progress`` gets each finished shard's size."""
        ray = self.pool._ray
        actors = self.pool.actors
        results: list[list[Hypothesis]] = [[] for _ in requests]
        shards = split_shards(requests, len(actors) * SHARDS_PER_ACTOR)
        pending = {
            actors[n % len(actors)].translate.remote(self.package, self.target, [requests[i] for i in shard]): shard
            for n, shard in enumerate(shards)
        }
        with _map_ray_errors():
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1)
                shard = pending.pop(ready[0])
                for index, hypotheses in zip(shard, ray.get(ready[0])):
                    results[index] = hypotheses
                if progress is not None:
                    progress(len(shard))
        return results

"""The Ray engine on a real local cluster: same catalogs as the local engine, and a killed actor loses nothing."""

from __future__ import annotations

import shutil

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install '.[ray]')")

from l10n.commands.backfill import backfill
from l10n.core.languages import get_profile
from l10n.core.project import EngineSettings, load_project
from l10n.core.records import EngineRequest
from l10n.stages.engine.argos import ArgosEngine
from l10n.stages.engine.argos import load_engine
from l10n.stages.engine.ray_pool import RayEngine, RayPool

from helpers import LANGS, SENTENCES, archive_entries, make_desk

pytestmark = pytest.mark.ray


@pytest.fixture(scope="session")
def ray_cluster():
    """One local two-CPU cluster for the whole session (it takes seconds to start)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def pool(ray_cluster):
    pool = RayPool(EngineSettings())
    yield pool
    pool.close()


@pytest.fixture
def desk(tmp_path, standin_packages_dir):
    return make_desk(tmp_path / "desk", standin_packages_dir, 5)


def test_ray_engine_writes_the_same_catalogs_as_the_local_engine(desk, tmp_path, pool):
    local_root = tmp_path / "local"
    shutil.copytree(desk, local_root)
    assert len(pool.actors) == 2  # one per CPU of the cluster
    on_ray = backfill(load_project(desk), [desk / "archive"], engine_factory=pool.factory, chunk_size=2)
    local = backfill(load_project(local_root), [local_root / "archive"], engine_factory=load_engine)
    assert (on_ray.translated, on_ray.failed) == (5, ())
    assert (on_ray.drafted, on_ray.reused, on_ray.flagged) == (local.drafted, local.reused, local.flagged)
    for lang in LANGS:
        paths = sorted((desk / "locales" / lang / "LC_MESSAGES").glob("*.po"))
        assert len(paths) == 5
        for path in paths:
            ray_entries = archive_entries(path)
            assert ray_entries == archive_entries(local_root / "locales" / lang / "LC_MESSAGES" / path.name)
            assert all(msgstr for _, _, msgstr, *_ in ray_entries)


@pytest.mark.stress  # kills and restarts a Ray actor: about 15 s
def test_an_actor_killed_mid_run_is_restarted_and_nothing_is_lost_or_duplicated(desk, pool):
    project = load_project(desk)
    engine = pool.factory(project, get_profile("ar"))
    assert isinstance(engine, RayEngine) and engine.id == "argos translate-en_ar 0.0.1"
    requests = [EngineRequest(f"{sentence} ({n})") for n, sentence in enumerate(SENTENCES * 10)]
    expected = ArgosEngine(engine.package, engine.target, EngineSettings()).translate_batch(requests)
    killed, finished = [], []

    def kill_once(count: int) -> None:
        finished.append(count)
        if not killed:
            ray.kill(pool.actors[0], no_restart=False)  # Ray restarts it and reruns its unfinished shards
            killed.append(True)

    assert engine.translate_batch(requests, progress=kill_once) == expected
    assert killed and sum(finished) == len(requests) and len(finished) == 2 * 4
    again = engine.translate_batch(requests[:3])  # the restarted actor serves again
    assert again == expected[:3]


def test_an_actor_error_keeps_its_one_line_message(desk, pool, tmp_path):
    project = load_project(desk)
    engine = pool.factory(project, get_profile("ar"))
    broken = shutil.copytree(engine.package.path, tmp_path / "broken")
    (broken / "model" / "model.bin").write_bytes(b"not a model")
    from dataclasses import replace

    from l10n.errors import ModelError

    bad = RayEngine(pool, replace(engine.package, path=broken), engine.target)
    with pytest.raises(ModelError) as caught:
        bad.translate_batch([EngineRequest("Hello.")])
    assert "\n" not in str(caught.value) and "loading the model failed" in str(caught.value)

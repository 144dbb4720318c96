"""Every algorithm YAML a contributor may copy, and every example job, loads as Ianvs would load it:
the basemodel file imports, registers its unique alias, and accepts the YAML's hyperparameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from hip_coding.ianvs.algorithm import load_algorithm
from hip_coding.ianvs.class_factory import ClassFactory, ClassType
from hip_coding.ianvs.runner import build_test_cases, load_job, load_module, load_testenv

REPO = Path(__file__).resolve().parents[1]
ALGORITHMS = sorted((REPO / "testalgorithms").glob("*/*_algorithm.yaml"))
JOBS = sorted((REPO / "examples" / "hip_coding").glob("benchmarkingjob*.yaml"))


def test_every_backend_has_algorithms_and_a_uniquely_named_basemodel():
    folders = {path.parent.name for path in ALGORITHMS}
    assert folders == {"reference", "hf", "vllm", "openai", "self_repair"}
    files = [p.name for p in (REPO / "testalgorithms").glob("*/*.py")]
    assert len(files) == len(set(files)) == 5  # Ianvs caches modules by bare file name


@pytest.mark.parametrize("path", ALGORITHMS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_algorithm_yaml_instantiates_its_basemodel(path, monkeypatch):
    monkeypatch.chdir(REPO)  # urls are relative to the repository root, as under Ianvs
    algorithm = load_algorithm(path.relative_to(REPO))
    module = algorithm.modules["basemodel"]
    load_module(module.url)
    cls = ClassFactory.get_cls(ClassType.GENERAL, module.name)
    for case in algorithm.cases():
        model = cls(**case["basemodel"])  # validates every hyperparameter; loads no weights yet
        assert model.label and model.preprocess() is None
        assert model.config.backend == cls.backend


@pytest.mark.parametrize("path", JOBS, ids=lambda p: p.name)
def test_example_jobs_load_from_the_repository_root(path, monkeypatch):
    monkeypatch.chdir(REPO)
    job = load_job(path.relative_to(REPO))
    testenv = load_testenv(job.testenv)
    assert testenv.test_data.is_file() and testenv.train_data.is_file()
    cases = build_test_cases(job)
    assert [c.algorithm.name for c in cases][:2] == ["reference", "smollm2"]

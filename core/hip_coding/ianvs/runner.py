"""A built-in runner for Ianvs benchmarking jobs (singletasklearning), for machines without Ianvs.

It follows docs/ianvs.md to the letter, so a job behaves the same under both: paths resolve
against the current directory; test cases are the Cartesian product of hyperparameters (first-listed
varies slowest), run sequentially, each with a fresh basemodel instance; the call order is
`__init__(**hps)` -> `preprocess()` (called again if it returns non-None) -> `train(train_data)` ->
`save(<case>/output/train/)` -> `load(path or initial_model_url)` -> `predict(test_data.x)` -> every testenv
metric as `func(test_data.y, y_pred)` in list order; environment variables LOCAL_TEST, BASE_MODEL_URL,
RESULT_SAVED_URL (and CUDA_VISIBLE_DEVICES when `use_gpu`) are set at the same moments. An exception in
any step aborts the job before any rank file is written, exactly as in Ianvs, but with a message that
names the test case.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hip_coding import jsonl
from hip_coding.errors import HipCodingError, InputError
from hip_coding.ianvs.algorithm import Algorithm, load_algorithm, load_yaml_mapping
from hip_coding.ianvs.class_factory import ClassFactory, ClassType
from hip_coding.ianvs.rank import Rank, RankedCase
from hip_coding.ianvs.settings import load_settings

log = logging.getLogger(__name__)

SUPPORTED_PARADIGMS = ("singletasklearning",)
JOB_KEYS = {"name", "workspace", "testenv", "test_object", "rank", "simulation"}
TESTENV_KEYS = {"dataset", "metrics", "use_gpu", "hip_coding"}


def _warn_unknown(path: Path, section: str, body: dict[str, Any], known: set[str]) -> None:
    """Ianvs ignores unknown keys without a word; a typo deserves one."""
    for key in sorted(set(body) - known):
        log.warning("%s: %s.%s is not a key Ianvs knows; it is ignored (typo?)", path, section, key)


@dataclass
class JsonlData:
    """What sedna's JsonlDataParse gives a basemodel: `x` from `question`, `y` from `answer`, as numpy arrays."""

    x: np.ndarray
    y: np.ndarray
    data_type: str


def load_jsonl_data(path: Path, data_type: str) -> JsonlData:
    """Parse like sedna: every line must be JSON with `question` and `answer`; blank lines are errors."""
    x, y = [], []
    for number, item in jsonl.read_numbered(path, blank_lines="error"):
        if "question" not in item or "answer" not in item:
            raise InputError(f"{path}:{number}: not a JSON object with `question` and `answer`")
        x.append(item["question"])
        y.append(item["answer"])
    return JsonlData(np.array(x), np.array(y), data_type)


def load_module(url: str) -> None:
    """Import a plugin file as Ianvs does: by bare file name, its directory on sys.path only meanwhile."""
    path = Path(url)
    if not path.is_file():
        raise InputError(f"module file {url} not found (paths resolve against the current directory, {Path.cwd()})")
    directory = str(path.parent.resolve())  # absolute: a relative entry would follow later chdirs
    sys.path.insert(0, directory)
    importlib.invalidate_caches()
    try:
        importlib.import_module(path.stem)
    except Exception as err:
        raise InputError(f"load module(url={url}) failed: {type(err).__name__}: {err}") from err
    finally:
        sys.path.remove(directory)


@dataclass(frozen=True)
class TestEnv:
    path: Path
    train_data: Path
    test_data: Path
    metrics: tuple[tuple[str, str], ...]
    use_gpu: bool = False


def _existing(path_text: object, where: str) -> Path:
    if not isinstance(path_text, str) or not path_text:
        raise InputError(f"{where}: expected a file path")
    path = Path(path_text)
    if not path.is_file():
        raise InputError(f"{where}: {path_text} not found (paths resolve against the current directory, {Path.cwd()})")
    return path


def load_testenv(path: Path) -> TestEnv:
    body = load_yaml_mapping(path, "testenv file").get("testenv")
    if not isinstance(body, dict):
        raise InputError(f"{path}: expected a top-level `testenv:` mapping")
    _warn_unknown(path, "testenv", body, TESTENV_KEYS)
    dataset = body.get("dataset")
    if not isinstance(dataset, dict):
        raise InputError(f"{path}: testenv.dataset is required")
    if "train_data" not in dataset:
        raise InputError(f"{path}: testenv.dataset.train_data is required (Ianvs needs a train file; it may be empty)")
    train = _existing(dataset.get("train_data"), f"{path}: testenv.dataset.train_data")
    test = _existing(dataset.get("test_data"), f"{path}: testenv.dataset.test_data")
    for name, file in (("train_data", train), ("test_data", test)):
        if file.suffix != ".jsonl":
            raise InputError(f"{path}: testenv.dataset.{name}: must be a .jsonl file, got {file}")
    metrics = body.get("metrics")
    if not isinstance(metrics, list) or not metrics:
        raise InputError(f"{path}: testenv.metrics must be a non-empty list of {{name, url}}")
    pairs = []
    for index, entry in enumerate(metrics):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not isinstance(entry.get("url"), str)
        ):
            raise InputError(f"{path}: testenv.metrics[{index}]: expected {{name: ..., url: ...}}, got {entry!r}")
        pairs.append((entry["name"], entry["url"]))
    return TestEnv(path, train, test, tuple(pairs), bool(body.get("use_gpu", False)))


@dataclass(frozen=True)
class Job:
    path: Path
    name: str
    workspace: str  # kept as written: Ianvs joins strings, so "./workspace" stays "./workspace/..." in rank urls
    testenv: Path
    algorithms: tuple[tuple[str, str], ...]
    rank: dict[str, Any] = field(default_factory=dict)

    @property
    def output_dir(self) -> str:
        return os.path.join(self.workspace, self.name)


def load_job(path: Path) -> Job:
    body = load_yaml_mapping(path, "benchmarking job").get("benchmarkingjob")
    if not isinstance(body, dict):
        raise InputError(f"{path}: expected a top-level `benchmarkingjob:` mapping")
    _warn_unknown(path, "benchmarkingjob", body, JOB_KEYS)
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise InputError(f"{path}: benchmarkingjob.name is required")
    test_object = body.get("test_object") or {}
    algorithms = test_object.get("algorithms") if isinstance(test_object, dict) else None
    if test_object.get("type") != "algorithms" or not isinstance(algorithms, list) or not algorithms:
        raise InputError(
            f"{path}: benchmarkingjob.test_object must be {{type: algorithms, algorithms: [{{name, url}}]}}"
        )
    pairs = []
    for index, entry in enumerate(algorithms):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not isinstance(entry.get("url"), str)
        ):
            raise InputError(f"{path}: test_object.algorithms[{index}]: expected {{name: ..., url: ...}}")
        pairs.append((entry["name"], entry["url"]))
    rank = body.get("rank") or {}
    if not isinstance(rank, dict):
        raise InputError(f"{path}: benchmarkingjob.rank must be a mapping")
    testenv = body.get("testenv")
    if not isinstance(testenv, str):
        raise InputError(f"{path}: benchmarkingjob.testenv is required (path of the testenv yaml)")
    workspace = str(body.get("workspace") or "./workspace")
    return Job(path, name, workspace, Path(testenv), tuple(pairs), rank)


@dataclass(frozen=True)
class TestCase:
    id: str
    algorithm: Algorithm
    hyperparameters: dict[str, dict[str, Any]]  # module type -> that module's keyword arguments

    def output_dir(self, job: Job) -> str:
        return os.path.join(job.output_dir, self.algorithm.name, self.id)


def build_test_cases(job: Job) -> list[TestCase]:
    """Product across algorithms, then across modules, then across each module's hyperparameters."""
    cases = []
    for name, url in job.algorithms:
        algorithm = load_algorithm(_existing(url, f"{job.path}: algorithm {name!r} url"), name)
        if algorithm.paradigm_type not in SUPPORTED_PARADIGMS:
            raise InputError(
                f"{algorithm.path}: paradigm_type {algorithm.paradigm_type!r} is not supported by the built-in runner "
                f"(supported: {', '.join(SUPPORTED_PARADIGMS)}); run it with Ianvs"
            )
        if "basemodel" not in algorithm.modules:
            raise InputError(f"{algorithm.path}: singletasklearning needs a module of type basemodel")
        for module in algorithm.modules.values():
            load_module(module.url)
        cases += [TestCase(str(uuid.uuid1()), algorithm, hps) for hps in algorithm.cases()]
    return cases


def _metric_functions(testenv: TestEnv) -> list[tuple[str, Callable[[Any, Any], Any]]]:
    functions = []
    for name, url in testenv.metrics:
        load_module(url)
        try:
            functions.append((name, ClassFactory.get_cls(ClassType.GENERAL, name)))
        except ValueError as err:
            raise InputError(f"{testenv.path}: metric {name!r}: {err} (is it registered in {url}?)") from None
    return functions


def run_case(case: TestCase, job: Job, testenv: TestEnv) -> dict[str, Any]:
    """One test case through the singletasklearning call sequence; returns {metric name: value}."""
    module = case.algorithm.modules["basemodel"]
    model = ClassFactory.get_cls(ClassType.GENERAL, module.name)(**case.hyperparameters["basemodel"])
    os.environ["LOCAL_TEST"] = "TRUE"
    if testenv.use_gpu:
        os.environ["CUDA_VISIBLE_DEVICES"] = "0"
    if model.preprocess() is not None:
        model.preprocess()
    workspace = case.output_dir(job)
    os.environ["BASE_MODEL_URL"] = case.algorithm.initial_model_url
    model.train(load_jsonl_data(testenv.train_data, "train"))
    trained = model.save(os.path.join(workspace, "output/train/"))
    if trained is None:
        trained = case.algorithm.initial_model_url
    os.environ["RESULT_SAVED_URL"] = os.path.join(workspace, "output/inference/")
    model.load(trained)
    y_pred = model.predict(load_jsonl_data(testenv.test_data, "inference").x)
    truth = load_jsonl_data(testenv.test_data, "eval overall").y
    return {name: func(truth, y_pred) for name, func in _metric_functions(testenv)}


def run_job(path: Path) -> Rank:
    """Run every test case of a job, then write and print its rank like Ianvs."""
    job = load_job(path)
    testenv = load_testenv(job.testenv)
    _metric_functions(testenv)  # fail on a broken metric before hours of generation, not after
    load_settings(job.testenv)  # and on bad evaluation settings
    cases = build_test_cases(job)
    rank = Rank(job.rank)
    finished: list[RankedCase] = []
    for number, case in enumerate(cases, start=1):
        hps = case.hyperparameters.get("basemodel", {})
        # A line per case even where the progress bars are off (output to a log file): a run is minutes long.
        print(f"hip-coding: test case {number}/{len(cases)}: {case.algorithm.name} {hps}", file=sys.stderr, flush=True)
        started = time.monotonic()
        try:
            results = run_case(case, job, testenv)
        except HipCodingError:
            raise
        except Exception as err:
            raise HipCodingError(
                f"test case {number} ({case.algorithm.name}, {hps}) failed: {type(err).__name__}: {err}; "
                "the job stops here, as under Ianvs"
            ) from err
        shown = ", ".join(f"{name} {value}" for name, value in results.items() if isinstance(value, (int, float)))
        print(
            f"hip-coding: test case {number} done in {time.monotonic() - started:.0f} s: {shown}",
            file=sys.stderr,
            flush=True,
        )
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        finished.append(RankedCase(case.algorithm, case.hyperparameters, results, now, case.output_dir(job)))
    rank.save(finished, job.output_dir)
    return rank

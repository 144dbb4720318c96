"""The built-in runner follows Ianvs's singletasklearning contract (research/ianvs-contract.md).

A probe basemodel and probe metrics, written into a temporary job directory, record every call and
the environment they saw; the tests pin the expansion order, the call order, the rank columns and the
CWD-relative paths.
"""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import pytest

from hip_coding.errors import InputError
from hip_coding.ianvs.algorithm import load_algorithm
from hip_coding.ianvs.class_factory import ClassFactory, ClassType
from hip_coding.ianvs.runner import run_job

PROBE_MODEL = """
import json, os
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

LOG = os.path.join(os.getcwd(), "calls.jsonl")

def record(event, **data):
    with open(LOG, "a") as handle:
        handle.write(json.dumps({"event": event, **data}) + "\\n")

@ClassFactory.register(ClassType.GENERAL, alias="probe_model_{tag}")
class ProbeModel:
    def __init__(self, **kwargs):
        record("init", kwargs=kwargs, result_url=os.environ.get("RESULT_SAVED_URL"))
        self.kwargs = kwargs
    def preprocess(self):
        record("preprocess", local_test=os.environ.get("LOCAL_TEST"))
        return None
    def train(self, data):
        record("train", x=len(data.x), data_type=data.data_type, base=os.environ.get("BASE_MODEL_URL"))
    def save(self, path):
        record("save", path=path, exists=os.path.exists(path))
        return None
    def load(self, path):
        record("load", path=path, result_url=os.environ.get("RESULT_SAVED_URL"))
    def predict(self, x):
        record("predict", n=len(x), first=dict(x[0]), dtype=str(x.dtype))
        return [self.kwargs.get("temperature", 0.0)] * len(x)
"""

PROBE_METRICS = """
import json, os
from hip_coding.ianvs.class_factory import ClassFactory, ClassType
LOG = os.path.join(os.getcwd(), "calls.jsonl")

@ClassFactory.register(ClassType.GENERAL, alias="probe_score_{tag}")
def probe_score(y_true, y_pred):
    with open(LOG, "a") as handle:
        kind = type(y_true[0]).__name__
        handle.write(json.dumps({{"event": "metric", "name": "score", "y_true": kind}}) + "\\n")
    return float(y_pred[0])

@ClassFactory.register(ClassType.GENERAL, alias="probe_count_{tag}")
def probe_count(y_true, y_pred):
    with open(LOG, "a") as handle:
        handle.write(json.dumps({{"event": "metric", "name": "count"}}) + "\\n")
    return len(y_true)
"""


def write_job(root: Path, tag: str, workspace: str = "./workspace") -> Path:
    """A complete job under `root` (module names carry `tag`: Ianvs caches modules by file name)."""
    (root / "data").mkdir(parents=True)
    (root / "data" / "train.jsonl").write_text("")
    (root / "data" / "test.jsonl").write_text(
        "".join(json.dumps({"question": {"task_id": f"t{i}"}, "answer": {"task_id": f"t{i}"}}) + "\n" for i in range(3))
    )
    (root / f"probe_model_{tag}.py").write_text(PROBE_MODEL.replace("{tag}", tag))
    (root / f"probe_metrics_{tag}.py").write_text(PROBE_METRICS.format(tag=tag))
    (root / "testenv.yaml").write_text(
        textwrap.dedent(f"""\
        testenv:
          dataset:
            train_data: "./data/train.jsonl"
            test_data: "./data/test.jsonl"
          metrics:
            - {{name: "probe_score_{tag}", url: "./probe_metrics_{tag}.py"}}
            - {{name: "probe_count_{tag}", url: "./probe_metrics_{tag}.py"}}
        """)
    )
    (root / "algorithm.yaml").write_text(
        textwrap.dedent(f"""\
        algorithm:
          paradigm_type: "singletasklearning"
          initial_model_url: "init-model"
          modules:
            - type: "basemodel"
              name: "probe_model_{tag}"
              url: "./probe_model_{tag}.py"
              hyperparameters:
                - temperature: {{values: [0.0, 0.7]}}
                - n_samples: {{values: [1, 5]}}
        """)
    )
    job = root / "job.yaml"
    job.write_text(
        textwrap.dedent(f"""\
        benchmarkingjob:
          name: "probe_job"
          workspace: "{workspace}"
          testenv: "./testenv.yaml"
          test_object:
            type: "algorithms"
            algorithms:
              - {{name: "probe_algo", url: "./algorithm.yaml"}}
          rank:
            sort_by: [{{"probe_score_{tag}": "descend"}}]
            visualization: {{mode: "selected_only", method: "print_table"}}
            selected_dataitem:
              paradigms: ["all"]
              modules: ["all"]
              hyperparameters: ["all"]
              metrics: ["all"]
            save_mode: "selected_and_all"
        """)
    )
    return job


def calls(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "calls.jsonl").read_text().splitlines()]


def read_rank(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def test_expansion_order_is_cartesian_with_the_first_hyperparameter_slowest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_job(tmp_path, "order")
    algorithm = load_algorithm(Path("algorithm.yaml"))
    cases = [c["basemodel"] for c in algorithm.cases()]
    assert cases == [
        {"temperature": 0.0, "n_samples": 1},
        {"temperature": 0.0, "n_samples": 5},
        {"temperature": 0.7, "n_samples": 1},
        {"temperature": 0.7, "n_samples": 5},
    ]


def test_call_order_environment_and_rank_files(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name in ("LOCAL_TEST", "RESULT_SAVED_URL", "BASE_MODEL_URL"):
        monkeypatch.delenv(name, raising=False)
    rank = run_job(write_job(tmp_path, "calls"))
    events = calls(tmp_path)
    per_case = ["init", "preprocess", "train", "save", "load", "predict", "metric", "metric"]
    assert [e["event"] for e in events] == per_case * 4
    first = events[: len(per_case)]
    assert first[0]["kwargs"] == {"temperature": 0.0, "n_samples": 1}
    assert first[0]["result_url"] is None  # set only after __init__, as in Ianvs
    assert first[1]["local_test"] == "TRUE"
    assert first[2] == {"event": "train", "x": 0, "data_type": "train", "base": "init-model"}  # empty train file
    assert first[3]["path"].startswith("./workspace/probe_job/probe_algo/") and first[3]["path"].endswith(
        "/output/train/"
    )
    assert not first[3]["exists"]  # Ianvs creates nothing
    assert first[4]["path"] == "init-model"  # save returned None, so load gets initial_model_url
    assert first[4]["result_url"].endswith("/output/inference/")
    assert first[5]["n"] == 3 and first[5]["first"] == {"task_id": "t0"}
    assert [e["name"] for e in first[6:]] == ["score", "count"]  # testenv order
    assert first[6]["y_true"] == "dict"

    all_rank = tmp_path / "workspace" / "probe_job" / "rank" / "all_rank.csv"
    with all_rank.open() as handle:
        header = next(csv.reader(handle))
    assert header == [
        "rank", "algorithm", "probe_score_calls", "probe_count_calls", "paradigm", "basemodel",
        "basemodel-temperature", "basemodel-n_samples", "time", "url",
    ]  # fmt: skip
    rows = read_rank(all_rank)
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["basemodel-temperature"] for r in rows] == ["0.7", "0.7", "0.0", "0.0"]  # sorted by score, descending
    assert rows[0]["basemodel"] == "probe_model_calls" and rows[0]["paradigm"] == "singletasklearning"
    assert rows[0]["url"].startswith("./workspace/probe_job/probe_algo/")
    assert read_rank(rank.selected_rank_file) == rows  # nothing deduplicated: every case differs
    assert "probe_score_calls" in rank.table() and "0.7" in rank.table()
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("hip-coding: test case")]
    assert len(progress) == 8 and progress[0].startswith("hip-coding: test case 1/4: probe_algo {")
    assert progress[-1].startswith("hip-coding: test case 4 done in") and "probe_score_calls" in progress[-1]


def test_all_rank_accumulates_across_runs_of_the_same_job(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = write_job(tmp_path, "again")
    run_job(job)
    rank = run_job(job)
    assert len(read_rank(rank.all_rank_file)) == 8


def test_paths_resolve_against_the_current_directory_not_the_job_file(tmp_path, monkeypatch):
    job = write_job(tmp_path / "root", "cwd")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(InputError, match=r"testenv\.yaml not found.*current directory"):
        run_job(job)


def test_an_exception_in_a_case_stops_the_job_before_any_rank_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = write_job(tmp_path, "boom")
    model = tmp_path / "probe_model_boom.py"
    model.write_text(model.read_text().replace('record("predict"', 'raise RuntimeError("kaboom"); record("predict"'))
    with pytest.raises(Exception, match="test case 1 .*kaboom"):
        run_job(job)
    assert not (tmp_path / "workspace" / "probe_job" / "rank").exists()


def test_bad_job_files_name_the_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = write_job(tmp_path, "bad")
    algorithm = tmp_path / "algorithm.yaml"
    algorithm.write_text(algorithm.read_text().replace("{values: [1, 5]}", '{values: "15"}'))
    with pytest.raises(InputError, match=r"algorithm\.yaml: module 'probe_model_bad': hyperparameters: n_samples"):
        run_job(job)
    algorithm.write_text("algorithm:\n  modules: [\n")
    with pytest.raises(InputError, match=r"algorithm\.yaml:\d+: YAML syntax error"):
        run_job(job)


def test_jobs_run_from_paths_with_spaces_and_non_ascii_names(tmp_path, monkeypatch):
    root = tmp_path / "my jobs" / "ñandú"
    job = write_job(root, "unicode", workspace="./work space")
    monkeypatch.chdir(root)
    rank = run_job(job)
    assert rank.all_rank_file == Path("work space/probe_job/rank/all_rank.csv")
    assert len(read_rank(rank.all_rank_file)) == 4


def test_unknown_keys_are_reported_and_bad_values_named(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    job = write_job(tmp_path, "keys")
    job.write_text(job.read_text().replace('  name: "probe_job"', '  name: "probe_job"\n  workspcae: "./x"'))
    run_job(job)
    assert "benchmarkingjob.workspcae is not a key Ianvs knows" in caplog.text
    testenv = tmp_path / "testenv.yaml"
    testenv.write_text(testenv.read_text().replace("./data/test.jsonl", "./data/missing.jsonl"))
    with pytest.raises(InputError, match=r"testenv\.dataset\.test_data: \./data/missing\.jsonl not found"):
        run_job(job)


def test_class_factory_fallback_matches_sedna():
    @ClassFactory.register(ClassType.GENERAL, alias="hc_test_alias")
    def first():
        return 1

    @ClassFactory.register(ClassType.GENERAL, alias="hc_test_alias")
    def second():
        return 2

    assert ClassFactory.get_cls(ClassType.GENERAL, "hc_test_alias")() == 2  # duplicate alias: last one wins
    with pytest.raises(ValueError, match="can't find class type general class name nope in class registry"):
        ClassFactory.get_cls(ClassType.GENERAL, "nope")

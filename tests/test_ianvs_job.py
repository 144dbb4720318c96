"""A real job through the built-in runner and the real hip-coding metrics: every sample is judged on
the cpu backend, a crashing or hanging kernel is a failed sample, and the job still writes its ranks.
The same job with `executor: ray` (the testenv of examples/hip_coding/ray/) against a real Ray cluster on
loopback ranks exactly as with `executor: local` (docs/scale-out.md)."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml
from perf_samples import CHUNKED_SAXPY, SAXPY

from hip_coding.execution.runtime_cache import cache_root
from hip_coding.ianvs.runner import run_job
from hip_coding.tasks.release import default_dataset_dir

REPO = Path(__file__).resolve().parents[1]
TASKS = ("hip/compaction/gather_f32", "hip/stencil/avg3_clamp_1d")

PROBE_MODEL = '''
import json
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

CRASH = """
void gather_f32(const float* in, int m, const int* idx, int n, float* out, hipStream_t stream) {
  volatile int* p = nullptr;
  *p = 1;  // the host code segfaults
}
"""
HANG = """
__global__ void spin(float* y) { while (true) { y[0] = 1.0f; } }
void avg3_clamp(int n, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(spin, dim3(1), dim3(1), 0, stream, y);
}
"""

@ClassFactory.register(ClassType.GENERAL, alias="probe_kernels_model")
class ProbeKernels:
    """Answers with the reference solutions (read from the test file) or with broken kernels."""
    def __init__(self, behaviour, test_file):
        self.behaviour = behaviour
        self.references = {}
        for line in open(test_file):
            record = json.loads(line)
            self.references[record["task_id"]] = record["answer"]["reference_solution"]
    def preprocess(self): return None
    def train(self, data): return None
    def save(self, path): return None
    def load(self, path): return None
    def predict(self, x):
        out = []
        for question in x:
            solution = self.references[question["task_id"]]
            if self.behaviour == "broken":
                solution = CRASH if "gather" in question["task_id"] else HANG
            out.append({"task_id": question["task_id"], "question": dict(question),
                        "samples": [{"sample_id": "0", "solution": solution}]})
        return out
'''


def write_job(tmp_path: Path, tasks: tuple[str, ...], hip_coding: str) -> Path:
    """A job ranking the reference and the broken probe on `tasks`, its testenv's `hip_coding:` block given."""
    records = [json.loads(line) for line in (default_dataset_dir() / "test_data" / "data.jsonl").open()]
    chosen = [r for r in records if r["task_id"] in tasks]
    assert len(chosen) == len(tasks)
    (tmp_path / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chosen))
    (tmp_path / "train.jsonl").write_text("")
    (tmp_path / "probe_kernels_model.py").write_text(PROBE_MODEL)
    (tmp_path / "testenv.yaml").write_text(
        textwrap.dedent(f"""\
        testenv:
          dataset: {{train_data: "./train.jsonl", test_data: "./test.jsonl"}}
          metrics:
            - {{name: "pass_at_1", url: "{REPO}/testenv/hip_coding_metrics.py"}}
            - {{name: "build_at_1", url: "{REPO}/testenv/hip_coding_metrics.py"}}
            - {{name: "run_at_1", url: "{REPO}/testenv/hip_coding_metrics.py"}}
            - {{name: "pass_at_1_level_1", url: "{REPO}/testenv/hip_coding_metrics.py"}}
          hip_coding: {hip_coding}
        """)
    )
    (tmp_path / "algorithm.yaml").write_text(
        textwrap.dedent("""\
        algorithm:
          paradigm_type: "singletasklearning"
          modules:
            - type: "basemodel"
              name: "probe_kernels_model"
              url: "./probe_kernels_model.py"
              hyperparameters:
                - behaviour: {values: ["reference", "broken"]}
                - test_file: {values: ["./test.jsonl"]}
        """)
    )
    (tmp_path / "job.yaml").write_text(
        textwrap.dedent("""\
        benchmarkingjob:
          name: "kernels"
          workspace: "./ws"
          testenv: "./testenv.yaml"
          test_object: {type: "algorithms", algorithms: [{name: "probe", url: "./algorithm.yaml"}]}
          rank:
            sort_by: [{"pass_at_1": "descend"}, {"build_at_1": "descend"}]
        """)
    )
    return tmp_path / "job.yaml"


def rank_rows(rank_file: Path) -> list[dict[str, str]]:
    with rank_file.open() as handle:
        return list(csv.DictReader(handle))


def case_results(row: dict[str, str]) -> dict[str, str]:
    """task id -> status of one test case (a row of the rank file)."""
    inference = Path(row["url"]) / "output" / "inference"
    return {r["task_id"]: r["status"] for r in map(json.loads, (inference / "results.jsonl").open())}


@pytest.mark.slow
def test_a_crashing_and_a_hanging_kernel_fail_and_the_job_completes(tmp_path, monkeypatch):
    write_job(tmp_path, TASKS, "{backend: cpu, workers: 2, timeout_scale: 0.25}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HIP_CODING_TESTENV", "./testenv.yaml")
    rank = run_job(Path("job.yaml"))

    rows = rank_rows(rank.all_rank_file)
    assert [r["basemodel-behaviour"] for r in rows] == ["reference", "broken"]
    assert float(rows[0]["pass_at_1"]) == 1.0
    assert float(rows[1]["pass_at_1"]) == 0.0
    assert float(rows[1]["build_at_1"]) == 1.0  # both broken samples compile
    assert float(rows[1]["run_at_1"]) == 0.0
    assert [float(r["pass_at_1_level_1"]) for r in rows] == [1.0, 0.0]  # both tasks are level 1
    assert case_results(rows[1]) == {TASKS[0]: "runtime_error", TASKS[1]: "timeout"}
    broken = Path(rows[1]["url"]) / "output" / "inference"
    summary = json.loads((broken / "summary.json").read_text())
    assert summary["status_counts"]["timeout"] == 1
    assert json.loads((broken / "run.json").read_text())["summary"]["pass@1"] == 0.0


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """Run the job written in `folder`; its rank rows, their test case folders made absolute."""
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HIP_CODING_TESTENV", "./testenv.yaml")
    rows = rank_rows(run_job(Path("job.yaml")).all_rank_file)
    return [{**row, "url": str(folder / row["url"])} for row in rows]


@pytest.mark.slow
def test_the_job_with_executor_ray_ranks_like_local(tmp_path, monkeypatch):
    """The shipped Ray testenv's settings, pointed at a real two-node cluster: the same ranks, metrics and
    statuses as the same job with `executor: local`, and the samples were judged on the cluster's nodes."""
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray>=2.40')")
    from ray_cluster import LocalCluster

    example = yaml.safe_load((REPO / "examples" / "hip_coding" / "ray" / "testenv.yaml").read_text())
    settings = example["testenv"]["hip_coding"]
    assert settings["executor"] == "ray"
    tasks = TASKS[:1]  # the reference passes, the broken probe crashes: runtime_error
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    (tmp_path / "local").mkdir()
    write_job(tmp_path / "local", tasks, json.dumps({**settings, "executor": "local"}))
    local = run_in(tmp_path / "local", monkeypatch)

    # The nodes keep their caches apart from the driver's: whatever the nodes judged is in theirs alone.
    node_cache = Path(tempfile.mkdtemp(prefix="test-ray-job-", dir=cache_root()))
    try:
        cluster = LocalCluster(nodes=2, pythonpath=REPO / "core", env={"HIP_CODING_CACHE_DIR": str(node_cache)})
        with cluster:
            (tmp_path / "ray").mkdir()
            write_job(tmp_path / "ray", tasks, json.dumps({**settings, "ray_address": cluster.address}))
            remote = run_in(tmp_path / "ray", monkeypatch)
        judged_on_nodes = sorted(p.stem for p in (node_cache / "results").glob("*/*.json"))
    finally:
        shutil.rmtree(node_cache, ignore_errors=True)

    for row in remote:
        error = Path(row["url"]) / "output" / "inference" / "error.txt"
        assert not error.exists(), error.read_text()
        run = json.loads((error.parent / "run.json").read_text())
        assert run["settings"]["executor"] == "ray"
    columns = ["basemodel-behaviour", "pass_at_1", "build_at_1", "run_at_1", "pass_at_1_level_1"]
    assert [[r[c] for c in columns] for r in remote] == [[r[c] for c in columns] for r in local]
    assert [r["basemodel-behaviour"] for r in remote] == ["reference", "broken"]
    assert [float(r["pass_at_1"]) for r in remote] == [1.0, 0.0]
    assert [case_results(r) for r in remote] == [case_results(r) for r in local]
    assert case_results(remote[1]) == {tasks[0]: "runtime_error"}
    assert len(judged_on_nodes) == 2, "each of the two samples must have been judged on a node of the cluster"


SPEED_MODEL = '''
import json
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

@ClassFactory.register(ClassType.GENERAL, alias="speed_probe_model")
class SpeedProbe:
    """Answers "as_reference" with the task's reference, "coalesced" with the bundled (coalesced) one."""
    def __init__(self, behaviour, test_file, coalesced_file):
        self.behaviour = behaviour
        self.references = {json.loads(l)["task_id"]: json.loads(l)["answer"]["reference_solution"]
                           for l in open(test_file)}
        self.coalesced = open(coalesced_file).read()
    def preprocess(self): return None
    def train(self, data): return None
    def save(self, path): return None
    def load(self, path): return None
    def predict(self, x):
        return [{"task_id": q["task_id"], "question": dict(q), "samples": [{"sample_id": "0",
                 "solution": self.references[q["task_id"]] if self.behaviour == "as_reference" else self.coalesced}]}
                for q in x]
'''


@pytest.mark.slow
def test_perf_on_in_the_testenv_gives_fast_1_and_it_breaks_a_pass_at_1_tie(tmp_path, monkeypatch):
    """Both variants pass (a pass@1 tie); the one listed first is as slow as the (chunked) reference and the
    other is faster than it, so only fast_1 puts the second on top."""
    record = next(
        json.loads(line) for line in (default_dataset_dir() / "test_data" / "data.jsonl").open()
        if json.loads(line)["task_id"] == SAXPY
    )  # fmt: skip
    coalesced = record["answer"]["reference_solution"]
    record["answer"]["reference_solution"] = CHUNKED_SAXPY
    (tmp_path / "test.jsonl").write_text(json.dumps(record) + "\n")
    (tmp_path / "train.jsonl").write_text("")
    (tmp_path / "coalesced.hip").write_text(coalesced)
    (tmp_path / "speed_probe_model.py").write_text(SPEED_MODEL)
    metrics = "".join(
        f'    - {{name: "{name}", url: "{REPO}/testenv/hip_coding_metrics.py"}}\n'
        for name in ("pass_at_1", "build_at_1", "fast_1", "speedup_geomean")
    )
    (tmp_path / "testenv.yaml").write_text(
        'testenv:\n  dataset: {train_data: "./train.jsonl", test_data: "./test.jsonl"}\n  metrics:\n'
        + metrics
        + "  hip_coding: {backend: cpu, workers: 2, perf: true, perf_device: a100-sxm}\n"
    )
    (tmp_path / "algorithm.yaml").write_text(
        textwrap.dedent("""\
        algorithm:
          paradigm_type: "singletasklearning"
          modules:
            - type: "basemodel"
              name: "speed_probe_model"
              url: "./speed_probe_model.py"
              hyperparameters:
                - behaviour: {values: ["as_reference", "coalesced"]}
                - test_file: {values: ["./test.jsonl"]}
                - coalesced_file: {values: ["./coalesced.hip"]}
        """)
    )
    job = textwrap.dedent("""\
        benchmarkingjob:
          name: "speed"
          workspace: "./ws"
          testenv: "./testenv.yaml"
          test_object: {type: "algorithms", algorithms: [{name: "probe", url: "./algorithm.yaml"}]}
          rank:
            sort_by: [{"pass_at_1": "descend"}, {"fast_1": "descend"}]
        """)
    (tmp_path / "job.yaml").write_text(job)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HIP_CODING_TESTENV", "./testenv.yaml")
    rank = run_job(Path("job.yaml"))

    with rank.all_rank_file.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["basemodel-behaviour"] for r in rows] == ["coalesced", "as_reference"]
    assert [float(r["pass_at_1"]) for r in rows] == [1.0, 1.0]
    assert [float(r["fast_1"]) for r in rows] == [1.0, 0.0]
    fast, even = (float(r["speedup_geomean"]) for r in rows)
    assert fast > 2.0 and even == pytest.approx(1.0, abs=0.02)
    result = json.loads((Path(rows[0]["url"]) / "output" / "inference" / "results.jsonl").read_text())
    assert result["perf"]["kind"] == "estimated" and result["perf"]["device"] == "a100-sxm"
    assert result["perf"]["speedup"] == pytest.approx(fast, rel=1e-3)
    summary = json.loads((Path(rows[0]["url"]) / "output" / "inference" / "summary.json").read_text())
    assert summary["fast_1"] == 1.0 and summary["perf"]["kinds"] == ["estimated"]

    # The same job sorted by pass@1 alone keeps the listed order: the tie is broken by fast_1 only.
    (tmp_path / "job.yaml").write_text(job.replace(', {"fast_1": "descend"}', "").replace('"speed"', '"speed2"'))
    rank = run_job(Path("job.yaml"))
    with rank.all_rank_file.open() as handle:
        assert [r["basemodel-behaviour"] for r in csv.DictReader(handle)] == ["as_reference", "coalesced"]


def test_perf_settings_of_the_testenv_and_the_shipped_jobs(tmp_path):
    from hip_coding.errors import InputError
    from hip_coding.ianvs.settings import load_settings
    from hip_coding.perf.annotate import PerfConfig

    full = load_settings(REPO / "testenv" / "testenv_full.yaml")
    assert full.perf_config() == PerfConfig("cpu", "h100-sxm")  # what `evaluate --perf` builds by default
    assert load_settings(REPO / "testenv" / "testenv.yaml").perf_config() is None
    job = yaml.safe_load((REPO / "examples" / "hip_coding" / "benchmarkingjob_full.yaml").read_text())
    assert job["benchmarkingjob"]["rank"]["sort_by"] == [{"pass_at_1": "descend"}, {"fast_1": "descend"}]
    metrics = [
        m["name"] for m in yaml.safe_load((REPO / "testenv" / "testenv_full.yaml").read_text())["testenv"]["metrics"]
    ]
    assert {"fast_1", "speedup_geomean"} <= set(metrics)
    typo = tmp_path / "testenv.yaml"
    typo.write_text("testenv:\n  hip_coding: {perf: true, perf_device: H100-SXM}\n")
    with pytest.raises(InputError, match=r"testenv.hip_coding: unknown perf device 'H100-SXM'; known: a100-sxm"):
        load_settings(typo)

"""A real job through the built-in runner and the real hip-coding metrics: every sample is judged on
the cpu backend, a crashing or hanging kernel is a failed sample, and the job still writes its ranks."""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_a_crashing_and_a_hanging_kernel_fail_and_the_job_completes(tmp_path, monkeypatch):
    records = [json.loads(line) for line in (default_dataset_dir() / "test_data" / "data.jsonl").open()]
    chosen = [r for r in records if r["task_id"] in TASKS]
    assert len(chosen) == len(TASKS)
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
          hip_coding: {{backend: cpu, workers: 2, timeout_scale: 0.25}}
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
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HIP_CODING_TESTENV", "./testenv.yaml")
    rank = run_job(Path("job.yaml"))

    with rank.all_rank_file.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["basemodel-behaviour"] for r in rows] == ["reference", "broken"]
    assert float(rows[0]["pass_at_1"]) == 1.0
    assert float(rows[1]["pass_at_1"]) == 0.0
    assert float(rows[1]["build_at_1"]) == 1.0  # both broken samples compile
    assert float(rows[1]["run_at_1"]) == 0.0
    assert [float(r["pass_at_1_level_1"]) for r in rows] == [1.0, 0.0]  # both tasks are level 1
    broken = Path(rows[1]["url"]) / "output" / "inference"
    statuses = {r["task_id"]: r["status"] for r in map(json.loads, (broken / "results.jsonl").open())}
    assert statuses == {TASKS[0]: "runtime_error", TASKS[1]: "timeout"}
    summary = json.loads((broken / "summary.json").read_text())
    assert summary["status_counts"]["timeout"] == 1
    assert json.loads((broken / "run.json").read_text())["summary"]["pass@1"] == 0.0

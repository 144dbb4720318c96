"""The model-assisted curation steps with a real (tiny, over-fitted) transformers model through the `hf` backend.

The model learned, for a two-kernel repository: to wrap the struct-by-value kernel first with a compile error
and, shown the compiler's errors, correctly; to describe both kernels; and to write a correct serial reference
for one kernel and a wrong one for the other. The whole `curate run --algorithm ... --cross-check` pipeline then
runs with real compiles and runs on the cpu backend, and review decides which drafts reach the release.
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import pytest
import yaml
from model_fixtures import fenced, overfit_model, scratch_dir

from hip_coding.cli import main
from hip_coding.curation import assist, model_wrap, review, wrap
from hip_coding.curation.extract import Kernel, run_extract
from hip_coding.curation.funnel import read_jsonl

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "curation_fixtures"

#: The struct-by-value kernel of the CUDA fixture (the rules refuse it) and a simple kernel the rules wrap.
PARAMS_KERNEL = (FIXTURES / "cuda_repo" / "kernels" / "transpose.cu").read_text().split("struct Params", 1)[1]
KERNELS = f"""\
#include <cuda_runtime.h>

struct Params{PARAMS_KERNEL}
__global__ void scale_kernel(const float* x, float* y, float a, int n) {{
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {{
    y[i] = a * x[i];
  }}
}}
"""
ENTRY = """\
void params(float* data, int n, hipStream_t stream) {
  Params p;
  p.data = data;
  p.n = n;
  hipLaunchKernelGGL(params_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, p);
}
"""
INTERFACE = '{"params": [{"name": "data", "role": "inout", "length": "n"}, {"name": "n", "role": "size"}]}'
FIXED = f"{fenced(ENTRY)}\n```json\n{INTERFACE}\n```"
BROKEN = FIXED.replace("p.n = n;", "p.n = n")
DRAFTS = {
    "params_kernel": "Adds one to each of the first n elements of data, in place.",
    "scale_kernel": "Writes a times x[i] to y[i] for every i below n; x is only read.",
}
SERIAL = {  # a correct serial reference for params, a wrong one (a + x instead of a * x) for scale
    "params_kernel": "__host__ __device__ void params_cpu(float* data, int n) {\n"
    "  for (int i = 0; i < n; ++i) data[i] += 1.0f;\n}\n",
    "scale_kernel": "__host__ __device__ void scale_cpu(const float* x, float* y, float a, int n) {\n"
    "  for (int i = 0; i < n; ++i) y[i] = a + x[i];\n}\n",
}


@functools.cache
def repository() -> Path:
    root = scratch_dir("assist") / "tiny_repo"
    root.mkdir()
    (root / "kernels.cu").write_text(KERNELS)
    (root / "LICENSE").write_text("MIT License\n\nPermission is hereby granted, free of charge, ...\n")
    return root


@functools.cache
def kernels() -> dict[str, Kernel]:
    out = scratch_dir("assist-extract")
    run_extract(str(repository()), out)
    return {item["name"]: Kernel.from_dict(item) for item in read_jsonl(out / "extract.jsonl")}


@functools.cache
def trained() -> Path:
    """The tiny model of this module's lessons (every prompt built by the code under test)."""
    params, scale = kernels()["params_kernel"], kernels()["scale_kernel"]
    broken_plan = model_wrap.plan_from_reply(params, BROKEN, "tiny")
    assert not isinstance(broken_plan, str), broken_plan
    errors = wrap.compile_problems(broken_plan)
    assert "error" in errors, "the first lesson must not compile"
    fixed_plan = model_wrap.plan_from_reply(params, FIXED, "tiny")
    assert not isinstance(fixed_plan, str), fixed_plan
    plans = {"params_kernel": fixed_plan, "scale_kernel": wrap.plan_rule_based(scale)}
    lessons = [
        (model_wrap.wrap_messages(params, []), BROKEN),
        (model_wrap.wrap_messages(params, [(BROKEN, errors)]), FIXED),
    ]
    for name, plan in plans.items():
        kernel = kernels()[name]
        lessons.append((assist.describe_messages(kernel, plan), DRAFTS[name]))
        lessons.append((assist.cpu_reference_messages(kernel, plan), fenced(SERIAL[name])))
    return overfit_model(scratch_dir("assist-model") / "model", lessons)


def algorithm(tmp_path: Path, model: Path, backend: str = "hf") -> Path:
    path = tmp_path / "algorithm.yaml"
    path.write_text(
        "algorithm:\n  paradigm_type: singletasklearning\n  modules:\n    - type: basemodel\n"
        f"      name: hip_coding_{backend}\n      url: ./x.py\n      hyperparameters:\n"
        f"        - model: {{values: [{json.dumps(str(model))}]}}\n        - max_tokens: {{values: [400]}}\n"
        "        - label: {values: [tiny]}\n"
    )
    return path


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("assisted")
    out = tmp / "out"
    args = ["curate", "run", "--repo", str(repository()), "--out", str(out), "--negatives", "--cross-check"]
    assert main([*args, "--algorithm", str(algorithm(tmp, trained()))]) == 0
    return out


def test_the_model_wraps_what_the_rules_refuse_after_compiler_feedback(curated: Path) -> None:
    plans = {p["kernel"]["name"]: p for p in read_jsonl(curated / "wrap.jsonl")}
    assert plans["scale_kernel"]["method"] == "rule"
    params = plans["params_kernel"]
    # The fixed reply is only what the model learned to say after seeing the compiler's errors.
    assert params["method"] == "model" and params["model_tries"] == 2 and params["model"] == "tiny"
    assert params["signature"] == "void params(float* data, int n, hipStream_t stream)"
    assert ENTRY.strip() in params["reference"] and "struct Params" in params["reference"]
    assert not (curated / "wrap.dropped.jsonl").exists() or not read_jsonl(curated / "wrap.dropped.jsonl")
    (failed,) = read_jsonl(curated / "wrap.model_tries.jsonl")  # kept for whoever tunes prompts or models
    assert failed["reply"] == BROKEN and "error" in failed["problem"] and failed["try"] == 1


def test_model_wrapped_task_passes_and_its_negatives_fail(curated: Path) -> None:
    candidates = {c["task_id"].split("/")[1]: c for c in read_jsonl(curated / "testgen.jsonl")}
    assert set(candidates) == {"tiny_repo_params_kernel", "tiny_repo_scale_kernel"}
    params = candidates["tiny_repo_params_kernel"]
    assert params["status"] == "passed"
    assert params["negatives"] == dict.fromkeys(
        ("half_output", "all_zeros", "block_multiple", "past_end", "no_launch"), "failed"
    )
    spec = yaml.safe_load(params["files"]["task.yaml"])
    assert spec["tests"][0] == {"name": "normal", "kind": "normal", "n": 10000}
    assert spec["doc"]["shapes"] == "`data` holds at least n elements."


def test_cross_check_flags_the_disagreeing_serial_reference(curated: Path) -> None:
    verdicts = {c["task_id"].split("/")[1]: c["cross_check"] for c in read_jsonl(curated / "testgen.jsonl")}
    assert verdicts["tiny_repo_params_kernel"] == assist.AGREES
    assert verdicts["tiny_repo_scale_kernel"].startswith(f"{assist.DISAGREES}: the CPU reference failed"), verdicts
    assert "y[" in verdicts["tiny_repo_scale_kernel"], "the detail names the element that differs"


def test_drafts_reach_the_release_only_when_a_reviewer_confirms_them(curated: Path, capsys) -> None:
    candidates = read_jsonl(curated / "testgen.jsonl")
    assert {c["drafted_summary"] for c in candidates} == set(DRAFTS.values())
    shown: list[str] = []
    review.run_review(curated, reviewer="ana", stdin=io.StringIO("a\n"), write=shown.append)  # then end of input
    assert DRAFTS["params_kernel"] in shown[0] and "drafted by" in shown[0] and "cross-check" in shown[0]
    assert "host entry function was written by tiny (2 tries)" in shown[0]
    assert main(["curate", "archive", "--out", str(curated)]) == 0
    summaries = {}
    for task in (curated / "dataset" / "tasks").glob("*/*/task.yaml"):
        spec = yaml.safe_load(task.read_text())
        summaries[spec["source"]["kernel"]] = spec["doc"]["summary"]
    assert summaries["params_kernel"] == DRAFTS["params_kernel"]  # accepted
    assert summaries["scale_kernel"].startswith("Reimplement the `scale_kernel` kernel")  # not reviewed: the rules'
    assert main(["dataset", "validate", "--dir", str(curated / "dataset")]) == 0
    assert "invalid" not in capsys.readouterr().out.lower()


def test_bad_model_options_are_clear_errors(tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "out")
    assert main(["curate", "run", "--repo", str(repository()), "--out", out, "--cross-check"]) == 2
    assert "--cross-check needs a model: give --algorithm" in capsys.readouterr().err
    reference = algorithm(tmp_path, tmp_path, "reference")
    assert main(["curate", "wrap", "--out", out, "--algorithm", str(reference)]) == 2
    assert "the `reference` backend only replays tasks" in capsys.readouterr().err
    assert not Path(out).exists(), "nothing runs before the options are checked"

"""The hard cases of real repositories, imitated by tests/curation_fixtures/hard_repo (written here).

Host-filled `__constant__` tables, a pitched 2-D image, a struct passed by value, templates, tiles read without
bounds checks, a 3-D stencil, dynamic shared memory, and kernels whose indexing overruns any buffer sized from
the size parameter alone: each becomes a task whose reference passes (and whose wrong solutions fail), or is
dropped with the reason that says why. No harness ever corrupts its own heap.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hip_coding.cli import main
from hip_coding.curation.funnel import read_jsonl
from hip_coding.curation.testgen import cpu_evaluate
from hip_coding.tasks.build import load_task, make_negative
from hip_coding.tasks.release import load_records

HARD = Path(__file__).parent / "curation_fixtures" / "hard_repo"

pytestmark = pytest.mark.slow

#: kernel -> the task's category, or the reason it is dropped (stage/reason).
EXPECTED = {
    "convolve_rows": "convolution",  # a host-filled __constant__ table, passed in and copied to the symbol
    "count_launches": "wrap/global_state",  # writes a __device__ counter: host state no input stands in for
    "brighten": "elementwise",  # a pitched image; a device function from a project header
    "blur3x3": "stencil",  # neighbours below 0 unless guarded: the sanitizer confirms the guards
    "affine_kernel": "elementwise",  # a struct of two floats by value
    "axpy_t": "elementwise",  # template, instantiated at <float> as its repository launches it
    "block_sum": "reduction",  # template <128>, launched with the repository's 128 threads
    "never_launched": "wrap/template",  # no launch in the repository says which type
    "matmul_tiled": "matmul",  # one size n for both axes, tiles
    "transpose_padded": "transpose",  # reads whole tiles unguarded: buffers padded to the grid
    "window_sum": "stencil",  # reads n + WINDOW - 1 elements: bound from the loop
    "spread_odd": "elementwise",  # index the rules cannot bound: grown under the sanitizer (x4)
    "far_gather": "testgen/reference_out_of_bounds",  # overruns every buffer size tried
    "laplace3d": "stencil",  # 3-D launch
    "pair_sum": "stencil",  # dynamic shared memory
}
HEAP_CORRUPTION = re.compile(r"double free|corrupted size|malloc\(\)|free\(\): invalid")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hard") / "out"
    assert main(["curate", "run", "--repo", str(HARD), "--out", str(folder)]) == 0
    return folder


def _outcomes(out: Path) -> dict[str, str]:
    outcomes = {}
    for stage in ("extract", "filter", "wrap", "testgen"):
        for item in read_jsonl(out / f"{stage}.dropped.jsonl"):
            if not item.get("kept_apart"):
                outcomes[str(item["id"]).split(":")[1]] = f"{stage}/{item['reason']}"
    for item in read_jsonl(out / "testgen.jsonl"):
        outcomes[str(item["id"]).split(":")[1]] = str(item["task_id"]).split("/")[0]
    return outcomes


def test_each_hard_case_becomes_a_task_or_is_dropped_for_the_right_reason(out: Path) -> None:
    assert _outcomes(out) == EXPECTED


def test_no_harness_corrupts_its_heap_and_extents_say_how_they_were_found(out: Path) -> None:
    candidates = {str(c["id"]).split(":")[1]: c for c in read_jsonl(out / "testgen.jsonl")}
    dropped = read_jsonl(out / "testgen.dropped.jsonl")
    for text in [str(c["messages"]) for c in candidates.values()] + [str(d["detail"]) for d in dropped]:
        assert not HEAP_CORRUPTION.search(text), text[:500]
    assert candidates["window_sum"]["extent"] == "static"
    assert candidates["transpose_padded"]["extent"] == "static"
    assert candidates["spread_odd"]["extent"].startswith("trial x4")
    far = next(d for d in dropped if ":far_gather:" in d["id"])
    assert "overruns buffers of up to x16" in far["detail"] and "`j += 32 * n` changes it" in far["detail"]


def test_tables_structs_and_templates_reach_the_prompt(out: Path) -> None:
    records = {r.task_id: r for r in load_records(out / "dataset")}
    convolve = records["hip/convolution/hard_repo_convolve_rows"]
    assert "c_weights_table" in convolve.question.instruct_prompt and "`c_weights`" in convolve.question.instruct_prompt
    # The category drives the wording: a noun in the summary, a sentence in the details of the doc comment.
    assert "kernel of hard_repo (src/convolve.cu), a convolution:" in convolve.question.instruct_prompt
    assert "A convolution: each output is a weighted sum" in convolve.question.complete_prompt
    affine = records["hip/elementwise/hard_repo_affine_kernel"]
    declare = "Declare `struct Affine { float scale; float shift; };` before the function"
    assert declare in affine.question.instruct_prompt and declare in affine.question.complete_prompt
    assert "struct Affine by value, with the fields scale (float), shift (float)" in affine.question.complete_prompt
    assert "template" in records["hip/reduction/hard_repo_block_sum"].meta.tags
    assert "3d" in records["hip/stencil/hard_repo_laplace3d"].meta.tags


@pytest.mark.parametrize("task", ["convolution/hard_repo_convolve_rows", "elementwise/hard_repo_affine_kernel"])
def test_wrong_solutions_of_hard_tasks_fail(out: Path, task: str) -> None:
    record = {r.task_id: r for r in load_records(out / "dataset")}[f"hip/{task}"]

    spec = load_task(out / "dataset" / "tasks" / task).spec
    for negative in spec.negatives:
        wrong = make_negative(record.answer.reference_solution, negative.edits)
        passed, status, messages = cpu_evaluate(record, wrong)
        assert not passed, f"{task}: the negative {negative.name} passed"
        assert not HEAP_CORRUPTION.search(messages), messages[:500]

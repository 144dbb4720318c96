"""`hip-coding dataset mutate`: the operators make the bugs they name, and mutants are judged for real.

The operators are text edits; the first tests pin what each one makes of real kernel code. The slow test
judges mutants of the saxpy reference through the evaluator: a dropped bounds check must be killed, a
mutant with the same machine code counts as equivalent, one that differs but passes as survived.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hip_coding.evaluation import mutation
from hip_coding.evaluation.build import EVALUATOR_VERSION
from hip_coding.tasks import certificate
from hip_coding.tasks.build import load_task
from hip_coding.tasks.certificate import folder_hash
from hip_coding.tasks.mutate import OPERATORS, Mutant, mutants_of, select

ROOT = Path(__file__).resolve().parent.parent
TASKS = ROOT / "datasets" / "hip_coding" / "tasks"

KERNEL = """#include <hip/hip_runtime.h>
// if (i < n) in a comment is never mutated
__global__ void k(int n, const float* x, float* out, int* count) {
  __shared__ float s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float acc = 0.0f;
  float best = -INFINITY;
  if (i < n) { acc = x[i] - x[0]; best = fmaxf(best, acc); }
  s[threadIdx.x] = acc;
  __syncthreads();
  atomicAdd(count, 1);
  out[i] = s[threadIdx.x] / best;
}
void run(int n, const float* x, float* out, int* count, hipStream_t stream) {
  hipLaunchKernelGGL(k, dim3((n + 255) / 256), dim3(256), 0, stream, n, x, out, count);
}
"""


def edits(operator: str) -> list[tuple[int, str, str]]:
    return [(m.line, m.before, m.after) for m in mutants_of(KERNEL) if m.operator == operator]


def test_each_operator_makes_the_bug_it_names():
    assert edits("drop_barrier") == [(10, "__syncthreads();", "")]
    assert edits("off_by_one_bound") == [(8, " < ", " <= ")]
    assert (9, "[threadIdx.x]", "[threadIdx.x + 1]") in edits("index_plus_one")
    assert all(line != 4 for line, _, _ in edits("index_plus_one")), "a __shared__ size is not an index"
    assert edits("swap_min_max") == [(8, "fmaxf", "fminf")]
    assert edits("lost_atomic") == [(11, "atomicAdd(count, 1);", "*(count) += (1);")]
    assert (6, "0.0f", "1.0f") in edits("wrong_init") and (7, "-INFINITY", "0.0f") in edits("wrong_init")
    assert edits("halve_grid") == [
        (15, "hipLaunchKernelGGL(k, dim3((n + 255) / 256)", "hipLaunchKernelGGL(k, dim3(((n + 255) / 256) / 2)")
    ]
    assert (8, "x[i] - x[0]", "x[0] - x[i]") in edits("swap_operands")
    assert edits("drop_bounds_check") == [(8, "if (i < n)", "if (true)")]
    assert {m.operator for m in mutants_of(KERNEL)} == {op.name for op in OPERATORS}
    for mutant in mutants_of(KERNEL):
        assert mutant.source != KERNEL and mutant.source.count("\n") <= KERNEL.count("\n")


def test_an_early_return_guard_is_dropped_by_never_returning():
    found = [m.after for m in mutants_of("__global__ void k(int n) {\n  if (i >= n) return;\n}\n")]
    assert "if (false) return;" in found


def test_select_spreads_the_cap_over_the_operators():
    mutants = list(mutants_of(KERNEL))
    chosen = select(mutants, 10)
    assert len(chosen) == 10 and len({m.operator for m in chosen}) == 10
    assert select(mutants, None) == mutants


@pytest.mark.slow
def test_mutants_of_saxpy_are_killed_equivalent_or_survive(tmp_path):
    task = load_task(TASKS / "elementwise" / "saxpy")
    folder = str(task.folder)
    dropped = next(m for m in mutants_of(task.reference) if m.operator == "drop_bounds_check")
    same = Mutant("comment", 1, "", "", task.reference + "\n// the same program\n")
    differs = replace(
        same, operator="barrier", source=task.reference.replace("if (i < n)", "__syncthreads();\n  if (i < n)")
    )
    verdicts = [mutation.judge_mutant(folder, m) for m in (dropped, same, differs)]
    assert [v.outcome for v in verdicts] == ["killed", "equivalent", "survived"], verdicts
    scored = mutation.score(task.spec.id, verdicts)
    assert (scored.mutants, scored.compiled, scored.killed, scored.equivalent) == (3, 3, 1, 1)
    assert scored.kill_rate == 0.5 and scored.survivors[0].startswith("barrier@1")
    report = tmp_path / "mutation.json"
    mutation.write_report(report, [scored], 10)
    assert mutation.read_kill_rates(report) == {task.spec.id: 0.5}


def test_a_declared_equivalent_mutant_is_not_a_survivor(tmp_path):
    """leaky_relu's `v > 0` -> `v >= 0` changes nothing at 0 (both branches give 0): declared, it stops counting."""
    import shutil

    original = load_task(TASKS / "elementwise" / "leaky_relu")
    mutant = next(m for m in mutants_of(original.reference) if m.operator == "off_by_one_bound" and ">=" in m.after)
    name = f"{mutant.name}: {mutant.before.strip()} -> {mutant.after.strip()}"
    assert name in {e.mutant for e in original.spec.equivalent_mutants}, "the shipped task declares it"
    folder = tmp_path / "elementwise" / "leaky_relu"
    shutil.copytree(original.folder, folder)
    spec = folder / "task.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text[: text.index("equivalent_mutants:")], encoding="utf-8")  # undeclared: a survivor
    assert mutation.judge_mutant(str(folder), mutant).outcome == "survived"
    spec.write_text(text, encoding="utf-8")
    verdict = mutation.judge_mutant(str(folder), mutant)
    assert verdict.outcome == "declared_equivalent"
    scored = mutation.score("elementwise/leaky_relu", [verdict])
    assert (scored.declared_equivalent, scored.survivors, scored.kill_rate) == (1, (), None)


def test_each_task_score_is_handed_over_as_soon_as_it_is_complete():
    """What lets `dataset mutate` merge each task into mutation.json as it goes (an interrupted run keeps them)."""
    tasks = [load_task(TASKS / "elementwise" / "saxpy"), load_task(TASKS / "elementwise" / "leaky_relu")]
    seen: list[mutation.TaskScore] = []
    scores = mutation.mutate_tasks(tasks, max_mutants=1, workers=1, progress=False, on_score=seen.append)
    assert sorted(s.task_id for s in seen) == ["elementwise/leaky_relu", "elementwise/saxpy"]
    assert sorted(seen, key=lambda s: s.task_id) == sorted(scores, key=lambda s: s.task_id)
    assert all(s.mutants == 1 for s in scores)
    assert {s.task_id: s.folder for s in scores} == {t.spec.id: folder_hash(t.folder) for t in tasks}
    assert {s.task_id: s.runtime for s in scores} == mutation.current_runtimes(tasks)


def test_a_score_goes_stale_when_its_task_folder_changes(tmp_path):
    """dataset stats counts only scores of the folder as it is: edited tests or reference need a new score."""
    import shutil

    folder = tmp_path / "saxpy"
    shutil.copytree(TASKS / "elementwise" / "saxpy", folder)
    scored = mutation.score("elementwise/saxpy", [], folder_hash(folder), "stamp").to_dict()
    entries = {"elementwise/saxpy": scored, "elementwise/legacy": {"kill_rate": 1.0}}
    folders = {"elementwise/saxpy": folder, "elementwise/legacy": folder}
    runtimes = dict.fromkeys(folders, "stamp")
    assert mutation.split_stale(entries, folders, runtimes) == ({"elementwise/saxpy": scored}, ["elementwise/legacy"])
    spec = folder / "task.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("n: ", "n:  ", 1), encoding="utf-8")
    assert mutation.split_stale(entries, folders, runtimes) == ({}, ["elementwise/legacy", "elementwise/saxpy"])


def test_a_score_goes_stale_when_the_runtime_of_its_modes_changes():
    """A verdict depends on the runtime as the task's modes compile it: a score made before sanitize mode sealed
    the guard zones must not count. Only the modes the task declares matter."""
    found = certificate.current_globals(EVALUATOR_VERSION)
    stamp = mutation.runtime_stamp(("normal", "perturb"), found)
    assert stamp == mutation.runtime_stamp(("normal", "perturb"), {**found, "cpu:race": "edited", "nvcc": "14.0"})
    assert stamp != mutation.runtime_stamp(("normal", "perturb"), {**found, "cpu:perturb": "edited"})
    assert stamp != mutation.runtime_stamp(("normal", "perturb"), {**found, "execution/rewriter.py": "edited"})
    assert stamp != mutation.runtime_stamp(("normal", "perturb", "sanitize"), found)
    task = load_task(TASKS / "elementwise" / "saxpy")
    scored = mutation.score(
        task.spec.id, [], folder_hash(task.folder), mutation.runtime_stamp(task.spec.modes)
    ).to_dict()
    folders = {task.spec.id: task.folder}
    assert mutation.split_stale({task.spec.id: scored}, folders, mutation.current_runtimes([task]))[1] == []
    assert mutation.split_stale({task.spec.id: scored}, folders, {task.spec.id: "other"})[1] == [task.spec.id]

"""`hip-coding dataset generate`: seeded splits of level-2 fused chains in the normal task format.

The folders must load like hand-written tasks (schema, negatives that apply), two seeds must give two
different splits, one seed always the same one; and a drawn task must be sound: its reference passes and
its wrong solutions fail, through the same checks `dataset check` runs.
"""

from __future__ import annotations

import pytest

from hip_coding.cli import main
from hip_coding.evaluation.selfcheck import check_task
from hip_coding.tasks import generate
from hip_coding.tasks.build import load_tasks, records_for


def _split(tmp_path, seed: int, count: int = 6):
    out = tmp_path / f"seed{seed}"
    assert main(["dataset", "generate", "--seed", str(seed), "--count", str(count), "--out", str(out)]) == 0
    return load_tasks(out)


def test_two_seeds_give_two_different_loadable_splits(tmp_path):
    first, second, again = _split(tmp_path, 1), _split(tmp_path, 2), _split(tmp_path / "again", 1)
    assert len(first) == len(second) == 6
    assert {t.reference for t in first}.isdisjoint({t.reference for t in second})
    assert [(t.spec.id, t.reference, t.harness) for t in first] == [(t.spec.id, t.reference, t.harness) for t in again]
    for task in first + second:
        assert task.spec.level == 2 and task.spec.category == generate.CATEGORY
        assert {"skips_a_step", "input_not_chained"} <= {n.name for n in task.spec.negatives}
        hip, cuda = records_for(task)
        assert "cudaStream_t" in cuda.question.signature  # the CUDA twin comes from the translator
        assert f"atol {task.spec.tolerance.atol:g}" in hip.question.instruct_prompt


def test_chains_follow_the_grammar():
    for index in range(40):
        _task_id, files = generate.task_files(5, index)
        steps = [
            line.split("// step ")[1].split(": ")[1]
            for line in files["reference.hip"].splitlines()
            if "// step" in line
        ]
        assert 2 <= len(steps) <= 6
        assert any(s in ("scale", "bias") for s in steps), "a dropped affine step must always change the result"
        for once in generate.ONCE:
            assert steps.count(once) <= 1


@pytest.mark.slow
def test_a_generated_task_is_sound(tmp_path):
    """The residual chain of seed 7 (its second input and the tolerance rule): reference passes, negatives fail."""
    task = next(t for t in _split(tmp_path, 7, count=12) if "residual" in t.spec.id)
    checks = check_task(task, repeat_languages=())
    failed = [c for c in checks if not c.ok]
    assert not failed, "\n".join(f"{c.task_id} {c.what}: {c.status} {c.detail[:500]}" for c in failed)
    assert len([c for c in checks if c.what.startswith("negative:")]) == len(task.spec.negatives)

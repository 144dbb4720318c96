"""The dataset as shipped: valid, fresh, big enough, Ianvs-safe; and clear errors on broken task folders."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from hip_coding.cli import main
from hip_coding.errors import InputError
from hip_coding.tasks.build import load_task, stale_release_files, task_problems
from hip_coding.tasks.release import load_records
from hip_coding.tasks.schema import precision_of

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "datasets" / "hip_coding"
SAXPY = DATASET / "tasks" / "elementwise" / "saxpy"


@pytest.fixture(scope="module")
def records():
    return load_records(DATASET)


def test_release_files_are_fresh():
    assert stale_release_files(DATASET) == [], "run `hip-coding dataset build` and commit the result"


def test_validate_command_passes(capsys):
    assert main(["dataset", "validate", "--dir", str(DATASET)]) == 0
    assert "ok:" in capsys.readouterr().out


def test_dataset_size_and_coverage(records):
    hip = [r for r in records if r.question.language == "hip"]
    assert len(records) >= 120
    assert len(hip) >= 60
    assert len({r.meta.category for r in hip}) >= 12
    assert {r.meta.difficulty for r in hip} == {1, 2, 3}
    assert {r.meta.level for r in hip} == {1, 2, 3}  # single ops, fused chains, multi-kernel algorithms
    assert {r.task_id.split("/", 1)[1] for r in hip} == {r.task_id.split("/", 1)[1] for r in records if r not in hip}


def test_records_keep_hidden_parts_out_of_the_question(records):
    for record in records:
        question = json.dumps(record.question.model_dump())
        assert "HIPCODING" not in question and "hc::" not in question, record.task_id
        assert record.answer.reference_solution not in question
        for part in (record.question.model_dump(), record.answer.model_dump()):
            assert not any(isinstance(v, list) for v in part.values()), f"{record.task_id}: top-level list"


def test_every_task_has_the_five_test_kinds(records):
    for record in records:
        kinds = {spec["kind"] for spec in record.answer.tests.values()}
        assert kinds >= {"normal", "boundary", "special", "ragged", "large"}, record.task_id


def broken_copy(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "tasks" / "elementwise" / "saxpy"
    shutil.copytree(SAXPY, folder)
    edit(folder)
    return folder


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda f: (f / "harness.hip").unlink(), "harness.hip: missing"),
        (lambda f: (f / "task.yaml").write_text("id: [unclosed\n"), "task.yaml:2: YAML syntax error"),
        (
            lambda f: (f / "task.yaml").write_text((f / "task.yaml").read_text() + "colour: blue\n"),
            "colour: Extra inputs are not permitted",
        ),
        (
            lambda f: (f / "task.yaml").write_text(
                (f / "task.yaml").read_text().replace("difficulty: 1", "difficulty: hard")
            ),
            "difficulty: Input should be a valid integer",
        ),
        (
            lambda f: (f / "task.yaml").write_text(
                (f / "task.yaml").read_text().replace("kind: ragged", "kind: normal")
            ),
            "tests lack the kinds ['ragged']",
        ),
        (
            lambda f: (f / "task.yaml").write_text(
                (f / "task.yaml")
                .read_text()
                .replace('[["if (i < n)", "if (i <= n)"]]', '[["if (k < n)", "if (i <= n)"]]')
            ),
            "negatives.past_end",
        ),
        (lambda f: (f / "harness.hip").write_text("int main() {}\n"), 'must #include "hipcoding_harness.h"'),
    ],
    ids=["missing-file", "yaml-syntax", "unknown-key", "wrong-type", "missing-kind", "negative-edit", "no-lib"],
)
def test_broken_task_folder_is_named_precisely(tmp_path, edit, message):
    folder = broken_copy(tmp_path, edit)
    with pytest.raises(InputError) as caught:
        load_task(folder)
    assert message in str(caught.value)
    assert str(folder) in str(caught.value)


def test_task_problems_reports_every_broken_task(tmp_path):
    broken_copy(tmp_path, lambda f: (f / "harness.hip").unlink())
    other = tmp_path / "tasks" / "elementwise" / "other"
    shutil.copytree(SAXPY, other)
    (other / "reference.hip").unlink()
    problems = task_problems(tmp_path / "tasks")
    assert len(problems) == 2
    assert any("saxpy/harness.hip" in p for p in problems) and any("other/reference.hip" in p for p in problems)


def test_quick_subset_covers_every_category_at_every_level(records):
    quick = load_records(DATASET / "test_data" / "quick.jsonl")
    wanted = {(r.meta.category, r.meta.level) for r in records}
    assert {(r.meta.category, r.meta.level) for r in quick} == wanted
    assert len(quick) == len(wanted), "one task per (category, level) keeps the quick job small"
    assert {r.meta.level for r in records} >= {1, 3}


def test_stats_counts_records_by_level(capsys, records):
    assert main(["dataset", "stats", "--dir", str(DATASET)]) == 0
    out = capsys.readouterr().out.split("\nby level", 1)[1].split("\n\n", 1)[0]
    counts = {int(line.split()[0]): int(line.split()[1]) for line in out.splitlines()[1:]}
    assert counts == {level: sum(r.meta.level == level for r in records) for level in counts}
    assert sum(counts.values()) == len(records)


def test_stats_counts_16_bit_precision_from_the_tags(capsys, records):
    assert precision_of(("fused", "half", "float16")) == "float16" and precision_of(("bf16",)) == "bfloat16"
    assert precision_of(("float32",)) == "float32/other"
    assert main(["dataset", "stats", "--dir", str(DATASET)]) == 0
    out = capsys.readouterr().out.split("\nby precision", 1)[1].split("\n\n", 1)[0]
    counts = {line.split()[0]: int(line.split()[1]) for line in out.splitlines()[1:]}
    assert counts == Counter(precision_of(r.meta.tags.split(",")) for r in records)


def test_stats_shows_the_overall_kill_rate_of_the_release_tasks(capsys, records):
    """Overall = killed / behaviour-changing, summed over the scored tasks of the release (docs/tasks.md)."""
    from hip_coding.evaluation import mutation
    from hip_coding.tasks.build import load_task

    ids = {r.question.task_id.split("/", 1)[1] for r in records}
    recorded = {k: v for k, v in mutation.read_report(DATASET / "mutation.json").items() if k in ids}
    folders = {k: DATASET / "tasks" / k for k in recorded}
    runtimes = mutation.current_runtimes([load_task(folder) for folder in folders.values()])
    entries, _ = mutation.split_stale(recorded, folders, runtimes)
    assert entries, "the release ships current mutation scores"
    killed, changing = mutation.overall_of_report(entries)
    assert main(["dataset", "stats", "--dir", str(DATASET)]) == 0
    out = capsys.readouterr().out
    assert f"{len(entries)} of {len(ids)} tasks scored" in out
    assert f"({killed} of {changing} behaviour-changing mutants killed)" in out
    unscored = sorted(ids - set(recorded))
    assert (f"not scored yet (run `dataset mutate` on them): {len(unscored)}" in out) == bool(unscored)
    assert all(f"\n  {task_id}\n" in out for task_id in unscored)

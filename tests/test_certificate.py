"""The soundness certificate (core/hip_coding/tasks/certificate.py): what makes an entry current, what makes
it stale, what a full proof must record, and which tasks CI samples. The checks themselves are tests/test_tasks.py's.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hip_coding.errors import InputError
from hip_coding.evaluation.build import EVALUATOR_VERSION
from hip_coding.tasks import certificate
from hip_coding.tasks.build import load_task, load_tasks
from hip_coding.tasks.schema import precision_of

ROOT = Path(__file__).resolve().parent.parent
TASKS_DIR = ROOT / "datasets" / "hip_coding" / "tasks"


@dataclass(frozen=True)
class Outcome:
    """One check's outcome as the selfcheck reports it (task_id is the record's id)."""

    task_id: str
    what: str
    ok: bool
    status: str


@pytest.fixture
def saxpy(tmp_path):
    folder = tmp_path / "tasks" / "elementwise" / "saxpy"
    shutil.copytree(TASKS_DIR / "elementwise" / "saxpy", folder)
    return load_task(folder)


def full_proof(task) -> list[Outcome]:
    ids = {"hip": f"hip/{task.spec.id}", "cuda": f"cuda/{task.spec.id}"}
    outcomes = [Outcome(ids["hip"], "reference", True, "passed"), Outcome(ids["cuda"], "reference", True, "passed")]
    outcomes += [
        Outcome(ids["hip"], "vendor:hipcc", True, "passed"),
        Outcome(ids["cuda"], "vendor:nvcc", True, "passed"),
    ]
    outcomes += [Outcome(ids["hip"], f"negative:{n.name}", True, "failed") for n in task.spec.negatives]
    return outcomes


GLOBALS = {"evaluator": "3", "runtime": "abc", "nvcc": "V13", "hipcc": "5.2", "g++": "12"}


def test_folder_hash_follows_every_file_and_not_the_location(saxpy, tmp_path):
    before = certificate.folder_hash(saxpy.folder)
    elsewhere = tmp_path / "copy"
    shutil.copytree(saxpy.folder, elsewhere)
    assert certificate.folder_hash(elsewhere) == before
    (elsewhere / "notes.txt").write_text("x")
    assert certificate.folder_hash(elsewhere) != before
    harness = saxpy.folder / "harness.hip"
    harness.write_text(harness.read_text() + "\n")
    assert certificate.folder_hash(saxpy.folder) != before


def test_states_certified_new_changed_stale(saxpy):
    cert = certificate.with_entry(
        certificate.empty(GLOBALS), saxpy.spec.id, certificate.entry_for(saxpy, full_proof(saxpy))
    )
    assert certificate.states(cert, [saxpy], GLOBALS) == {saxpy.spec.id: "certified"}
    assert certificate.states(certificate.empty(GLOBALS), [saxpy], GLOBALS) == {saxpy.spec.id: "new"}
    newer = {**GLOBALS, "runtime": "def"}
    assert certificate.states(cert, [saxpy], newer) == {saxpy.spec.id: "stale"}
    assert certificate.stale_globals(cert, newer) == ["runtime"]
    reference = saxpy.folder / "reference.hip"
    reference.write_text(reference.read_text().replace("a * x[i]", "x[i] * a"))
    assert certificate.states(cert, [saxpy], GLOBALS) == {saxpy.spec.id: "changed"}


def test_entry_problems_name_failures_and_missing_claims(saxpy):
    outcomes = full_proof(saxpy)
    assert certificate.entry_problems(saxpy, certificate.entry_for(saxpy, outcomes)) == []
    lacking = [o for o in outcomes if o.what != "negative:past_end"]
    problems = certificate.entry_problems(saxpy, certificate.entry_for(saxpy, lacking))
    assert problems == [f"{saxpy.spec.id}: hip/{saxpy.spec.id} negative:past_end not recorded"]
    failing = [Outcome(o.task_id, o.what, o.what != "vendor:nvcc", o.status) for o in outcomes]
    problems = certificate.entry_problems(saxpy, certificate.entry_for(saxpy, failing))
    assert len(problems) == 1 and "vendor:nvcc" in problems[0] and "(failed)" in problems[0]


def test_file_round_trips_and_bad_files_are_named(saxpy, tmp_path):
    path = tmp_path / "certificate.json"
    with pytest.raises(InputError, match="no certificate; run `hip-coding dataset check --all --certificate"):
        certificate.load(path)
    cert = certificate.with_entry(
        certificate.empty(GLOBALS), saxpy.spec.id, certificate.entry_for(saxpy, full_proof(saxpy))
    )
    certificate.save(cert, path)
    assert certificate.load(path) == cert
    data = json.loads(path.read_text())
    data["proof"]["repeat_languages"] = ["hip"]
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="not the full proof"):
        certificate.load(path)
    path.write_text(path.read_text()[:-5])
    with pytest.raises(InputError, match="malformed certificate"):
        certificate.load(path)
    data["proof"]["repeat_languages"] = ["hip", "cuda"]
    del data["tasks"][saxpy.spec.id]["folder"]
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="folder"):
        certificate.load(path)


def test_globals_cover_what_changes_a_verdict():
    found = certificate.current_globals(EVALUATOR_VERSION)
    assert {"evaluator", "runtime", "harness_lib", "tasks/translate.py", "g++", "nvcc", "hipcc"} <= set(found)
    assert found["evaluator"] == EVALUATOR_VERSION
    assert certificate.current_globals("other")["evaluator"] == "other"


def test_sample_is_fixed_and_covers_every_category_level_and_precision():
    tasks = load_tasks(TASKS_DIR)
    chosen = certificate.sample(tasks)
    by_id = {t.spec.id: t for t in tasks}
    for stratum in (lambda t: t.spec.category, lambda t: t.spec.level, lambda t: precision_of(t.spec.tags)):
        assert {stratum(by_id[i]) for i in chosen} == {stratum(t) for t in tasks}
    categories = {t.spec.category for t in tasks}
    assert len(categories) <= len(chosen) <= len(categories) + 3 + 3  # a pick per level and precision at most
    assert certificate.sample(list(reversed(tasks))) == chosen

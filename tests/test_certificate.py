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


GLOBALS = {
    "evaluator": "3", "cpu:normal": "abc", "cpu:race": "r1", "cpu:perturb": "p1", "nvcc": "V13", "hipcc": "5.2",
    "g++": "12",
}  # fmt: skip


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
    cert = certificate.with_entry(certificate.empty(), saxpy, full_proof(saxpy), GLOBALS)
    assert certificate.states(cert, [saxpy], GLOBALS) == {saxpy.spec.id: "certified"}
    assert certificate.states(certificate.empty(), [saxpy], GLOBALS) == {saxpy.spec.id: "new"}
    newer = {**GLOBALS, "cpu:normal": "def"}
    assert certificate.states(cert, [saxpy], newer) == {saxpy.spec.id: "stale"}
    assert certificate.stale_globals(cert, newer) == ["cpu:normal"]
    reference = saxpy.folder / "reference.hip"
    reference.write_text(reference.read_text().replace("a * x[i]", "x[i] * a"))
    assert certificate.states(cert, [saxpy], GLOBALS) == {saxpy.spec.id: "changed"}


def test_a_runtime_change_stales_only_the_tasks_whose_modes_see_it(saxpy):
    """A task declaring perturb mode, not race mode: race mode's runtime is not among what its proof ran under."""
    spec = saxpy.folder / "task.yaml"
    spec.write_text(spec.read_text().replace("modes: [normal]\n", "modes: [normal, perturb]\n"))
    saxpy = load_task(saxpy.folder)
    assert saxpy.spec.modes == ("normal", "perturb")
    cert = certificate.with_entry(certificate.empty(), saxpy, full_proof(saxpy), GLOBALS)
    assert set(cert.envs[cert.tasks[saxpy.spec.id].env]) == set(GLOBALS) - {"cpu:race"}
    race_changed = {**GLOBALS, "cpu:race": "r2"}
    assert certificate.states(cert, [saxpy], race_changed) == {saxpy.spec.id: "certified"}
    assert certificate.stale_globals(cert, race_changed) == []
    perturb_changed = {**GLOBALS, "cpu:perturb": "p2"}
    assert certificate.states(cert, [saxpy], perturb_changed) == {saxpy.spec.id: "stale"}
    assert certificate.stale_globals(cert, perturb_changed) == ["cpu:perturb"]


def test_mode_fingerprints_follow_only_their_own_mode():
    """An edit inside race mode's `#if` changes the race fingerprint and no other; a comment changes none."""
    from hip_coding.execution.backends.cpu import mode_fingerprint
    from hip_coding.execution.options import Mode

    modes = (Mode.NORMAL, Mode.PERTURB, Mode.SANITIZE, Mode.RACE)
    base = {mode: mode_fingerprint(mode, "int probe;") for mode in modes}
    assert len(set(base.values())) == len(modes)
    race_only = {mode: mode_fingerprint(mode, "#if CPURT_RACE\nint extra;\n#endif\nint probe;") for mode in modes}
    assert [mode for mode in modes if race_only[mode] != base[mode]] == [Mode.RACE]
    assert {mode: mode_fingerprint(mode, "// a comment\nint probe;") for mode in modes} == base


def test_harness_library_hash_for_vendors_ignores_what_only_the_cpu_backend_compiles():
    from hip_coding.tasks.build import HARNESS_LIB

    library = HARNESS_LIB.read_text()
    base = certificate.vendor_view_hash(library)
    assert certificate.vendor_view_hash(library + "\n#if defined(CPURT_WARP_SIZE)\nint cpu_only;\n#endif\n") == base
    assert certificate.vendor_view_hash(library + "\n#if defined(__HIP_PLATFORM_AMD__)\nint hip;\n#endif\n") != base
    assert certificate.vendor_view_hash(library + "\nint everywhere;\n") != base


def test_runtime_hashes_do_not_depend_on_where_the_checkout_lives():
    """__FILE__ in a runtime header would put this checkout's path into the preprocessed text, so CI (another
    path) would find every task of that mode stale."""
    from hip_coding.execution.runtime_cache import RUNTIME_SOURCE

    using = [p.name for p in RUNTIME_SOURCE.rglob("*.h") if "__FILE__" in p.read_text()]
    assert using == []


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
    cert = certificate.with_entry(certificate.empty(), saxpy, full_proof(saxpy), GLOBALS)
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
    path.write_text(json.dumps({**data, "format": 1}))
    with pytest.raises(InputError, match="certificate format 1, this version reads 2"):
        certificate.load(path)
    data["proof"]["repeat_languages"] = ["hip", "cuda"]
    del data["tasks"][saxpy.spec.id]["folder"]
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="folder"):
        certificate.load(path)


def test_globals_cover_what_changes_a_verdict():
    found = certificate.current_globals(EVALUATOR_VERSION)
    modes = {"cpu:normal", "cpu:perturb", "cpu:sanitize", "cpu:race"}
    assert {"evaluator", "harness_lib", "tasks/translate.py", "g++", "nvcc", "hipcc"} | modes <= set(found)
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


@pytest.mark.skipif(not (shutil.which("nvcc") and shutil.which("hipcc")), reason="a certificate needs nvcc and hipcc")
def test_check_command_writes_an_entry_and_then_proves_only_the_uncertified(saxpy, tmp_path, capsys):
    """`dataset check --certificate` records the full proof of the task with this machine's globals;
    `--uncertified` then proves nothing until the task's folder changes."""
    from hip_coding.cli import main

    path = tmp_path / "certificate.json"
    assert main(["dataset", "check", str(saxpy.folder), "--certificate", str(path), "--workers", "1"]) == 0
    cert = certificate.load(path)
    current = certificate.current_globals(EVALUATOR_VERSION)
    assert certificate.states(cert, [saxpy], current) == {saxpy.spec.id: "certified"}
    assert certificate.entry_problems(saxpy, cert.tasks[saxpy.spec.id]) == []
    capsys.readouterr()
    args = ["dataset", "check", str(saxpy.folder), "--uncertified", "--certificate", str(path)]
    assert main(args) == 0
    assert "0 of 1 tasks not certified" in capsys.readouterr().out
    assert main(["dataset", "check", str(saxpy.folder), "--uncertified"]) == 2
    assert "--uncertified needs --certificate FILE" in capsys.readouterr().err

"""The mutation score of a task: the share of behaviour-changing mutants of its reference that its tests kill.

Mutants (hip_coding.tasks.mutate) are judged by the same `evaluate_solution` that `dataset check` uses, in
every mode the task declares, on the HIP record. A mutant is
* not compiled: it did not compile (or the static check or the cpu backend refused it): a text edit that
  made no program, never held against the task;
* killed: any other verdict but passed (failed, crashed, timed out, raced);
* equivalent: passed, and compiles to the same machine code as the reference (trivial compiler
  equivalence): no test could ever kill it;
* declared equivalent: passed, and the task's `equivalent_mutants` names it with the reason no input the
  prompt allows can tell it apart (a reviewed claim; it goes stale when the reference's lines move);
* survived: passed although its code differs: a bug the tests let through, to be named in the report.
Kill rate = killed / (killed + survived). Each mutant is one compile and run per mode, so a task takes minutes;
mutants run in a process pool (docs/tasks.md). Each score records the hash of the task folder it measured and a
stamp of the evaluator that judged it (`runtime_stamp`: the cpu runtime of the task's modes, the rewriter, the
evaluator version), so a score whose tests, reference or checking modes changed since is known to be stale,
never shown as current.
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from hip_coding.evaluation.build import EVALUATOR_VERSION
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.judge import evaluate_solution
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import COMPILE_LIMITS, BuildOptions, Mode
from hip_coding.execution.status import Status
from hip_coding.jsonl import write_atomically
from hip_coding.tasks.build import AuthoredTask, load_task, records_for
from hip_coding.tasks.certificate import current_globals, folder_hash, relevant_globals
from hip_coding.tasks.mutate import Mutant, mutants_of, select

log = logging.getLogger(__name__)

NOT_COMPILED = {Status.COMPILE_ERROR, Status.REJECTED, Status.UNSUPPORTED}


@dataclass(frozen=True)
class MutantVerdict:
    task_id: str
    name: str  # operator@line
    edit: str  # "before -> after"
    outcome: str  # not_compiled | killed | equivalent | declared_equivalent | survived
    status: str


@dataclass(frozen=True)
class TaskScore:
    """One task's mutation numbers; `survivors` names each surviving mutation."""

    task_id: str
    mutants: int
    compiled: int
    killed: int
    equivalent: int
    survivors: tuple[str, ...] = field(default_factory=tuple)
    declared_equivalent: int = 0  # passed, and named in the task's `equivalent_mutants`
    folder: str = ""  # `folder_hash` of the task folder the mutants were made from and judged against
    runtime: str = ""  # `runtime_stamp` of the evaluator that judged them

    @property
    def kill_rate(self) -> float | None:
        changing = self.killed + len(self.survivors)
        return self.killed / changing if changing else None

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["survivors"] = list(self.survivors)
        data["kill_rate"] = None if self.kill_rate is None else round(self.kill_rate, 4)
        return data


#: Globals of the certificate only nvcc and hipcc see: mutants are judged on the cpu backend alone.
_VENDOR_ONLY = frozenset({"nvcc", "hipcc", "harness_lib"})


def runtime_stamp(modes: Sequence[str], globals_: dict[str, str] | None = None) -> str:
    """A short hash of what decides a cpu verdict of a task with these checking modes: the evaluator version,
    g++, the source rewriter and translator, and the runtime as each of the modes compiles it
    (`certificate.relevant_globals`); an edit of a mode the task does not declare leaves it unchanged."""
    found = globals_ if globals_ is not None else current_globals(EVALUATOR_VERSION)
    kept = {k: v for k, v in relevant_globals(modes, found).items() if k not in _VENDOR_ONLY}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()[:16]


def current_runtimes(tasks: Sequence[AuthoredTask]) -> dict[str, str]:
    """task id -> `runtime_stamp` of its declared modes, under the evaluator installed now."""
    found = current_globals(EVALUATOR_VERSION)
    return {task.spec.id: runtime_stamp(task.spec.modes, found) for task in tasks}


def _machine_code(source: str, language: str) -> str | None:
    """The disassembly of `source` compiled alone by the cpu backend (None if it does not compile)."""
    backend = get_backend("cpu")
    options = BuildOptions(backend="cpu", mode=Mode.NORMAL, language=language, limits=COMPILE_LIMITS)
    with tempfile.TemporaryDirectory(prefix="hip-coding-mutant-") as tmp:
        path = Path(tmp) / "solution.hip"
        path.write_text(source, encoding="utf-8")
        path.chmod(0o644)
        Path(tmp).chmod(0o755)
        built = backend.compile([path], Path(tmp) / "solution.o", options, object_only=True)
        if built.status is not Status.PASSED:
            return None
        objects = list(Path(tmp).glob("*.o"))
        if not objects:
            return None
        dump = subprocess.run(
            ["objdump", "-d", "--no-show-raw-insn", str(objects[0])], capture_output=True, text=True, check=False
        )
    return dump.stdout.split("\n", 3)[-1]  # without the header line that names the file


def judge_mutant(folder: str, mutant: Mutant) -> MutantVerdict:
    """One mutant's verdict (a top-level function: it runs in a worker process)."""
    task = load_task(Path(folder))
    record = records_for(task)[0]  # the HIP record
    result = evaluate_solution(record, mutant.source, mutant.name, EvalConfig())
    edit = f"{mutant.before.strip()} -> {mutant.after.strip()}"
    if result.status in NOT_COMPILED:
        outcome = "not_compiled"
    elif result.status is not Status.PASSED:
        outcome = "killed"
    elif f"{mutant.name}: {edit}" in {e.mutant for e in task.spec.equivalent_mutants}:
        outcome = "declared_equivalent"
    else:
        same = _machine_code(mutant.source, "hip")
        equivalent = same is not None and same == _machine_code(task.reference, "hip")
        outcome = "equivalent" if equivalent else "survived"
    return MutantVerdict(task.spec.id, mutant.name, edit, outcome, result.status.value)


def score(task_id: str, verdicts: Sequence[MutantVerdict], folder: str = "", runtime: str = "") -> TaskScore:
    outcomes = [v.outcome for v in verdicts]
    return TaskScore(
        task_id=task_id,
        mutants=len(verdicts),
        compiled=sum(o != "not_compiled" for o in outcomes),
        killed=outcomes.count("killed"),
        equivalent=outcomes.count("equivalent"),
        declared_equivalent=outcomes.count("declared_equivalent"),
        survivors=tuple(sorted(f"{v.name}: {v.edit}" for v in verdicts if v.outcome == "survived")),
        folder=folder,
        runtime=runtime,
    )


def mutate_tasks(
    tasks: Sequence[AuthoredTask],
    *,
    max_mutants: int | None = 30,
    workers: int = 2,
    progress: bool = True,
    on_score: Callable[[TaskScore], None] | None = None,
) -> list[TaskScore]:
    """Make, judge and score the mutants of each task's reference (at most `max_mutants` per task).

    `on_score` gets each task's score as soon as its last mutant is judged (mutants are submitted task by
    task), so a long run interrupted halfway keeps the tasks it finished.
    """
    jobs = [(task, mutant) for task in tasks for mutant in select(list(mutants_of(task.reference)), max_mutants)]
    folders = {task.spec.id: folder_hash(task.folder) for task in tasks}
    runtimes = current_runtimes(tasks)
    verdicts: dict[str, list[MutantVerdict]] = {task.spec.id: [] for task in tasks}
    pending = {task.spec.id: 0 for task in tasks}
    for task, _ in jobs:
        pending[task.spec.id] += 1

    def scored(task_id: str) -> TaskScore:
        return score(task_id, verdicts[task_id], folders[task_id], runtimes[task_id])

    if on_score is not None:
        for task_id in [t for t, count in pending.items() if count == 0]:
            on_score(scored(task_id))  # no mutable code: nothing to wait for
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(judge_mutant, str(task.folder), mutant) for task, mutant in jobs]
        for future in tqdm(as_completed(futures), total=len(futures), unit="mutant", disable=not progress or None):
            verdict = future.result()
            log.info("%s %s: %s (%s)", verdict.task_id, verdict.name, verdict.outcome, verdict.status)
            verdicts[verdict.task_id].append(verdict)
            pending[verdict.task_id] -= 1
            if pending[verdict.task_id] == 0 and on_score is not None:
                on_score(scored(verdict.task_id))
    return [scored(task.spec.id) for task in tasks]


def overall(scores: Sequence[TaskScore]) -> float | None:
    killed = sum(s.killed for s in scores)
    changing = killed + sum(len(s.survivors) for s in scores)
    return killed / changing if changing else None


def write_report(path: Path, scores: Sequence[TaskScore], max_mutants: int | None) -> None:
    """Merge these tasks' scores into the report at `path` (other tasks' entries are kept)."""
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))["tasks"]
    except (OSError, ValueError, KeyError):
        existing = {}
    existing.update({s.task_id: {**s.to_dict(), "max_mutants": max_mutants} for s in scores})
    data = {"tasks": dict(sorted(existing.items()))}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, indent=1, sort_keys=True) + "\n")


def read_report(path: Path) -> dict[str, dict[str, object]]:
    """task id -> the entry `write_report` wrote ({} when there is no report)."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))["tasks"]
    except (OSError, ValueError, KeyError):
        return {}
    return tasks if isinstance(tasks, dict) else {}


def read_kill_rates(path: Path) -> dict[str, float | None]:
    """task id -> kill rate from a report `write_report` wrote ({} when there is none)."""
    return {task_id: entry.get("kill_rate") for task_id, entry in read_report(path).items()}  # type: ignore[misc]


def split_stale(
    entries: dict[str, dict[str, object]], folders: dict[str, Path], runtimes: dict[str, str]
) -> tuple[dict[str, dict[str, object]], list[str]]:
    """(the entries that measured the task folder as it is now under the evaluator as it is now, the ids of the
    others, sorted).

    An entry is stale when its task's folder (tests, reference, declarations, modes) changed after it was scored,
    when the evaluator's verdict on it may have (`runtimes`: the task's `runtime_stamp` now), or when it records
    neither."""
    current = {
        k: v
        for k, v in entries.items()
        if k in folders and v.get("folder") == folder_hash(folders[k]) and v.get("runtime") == runtimes.get(k)
    }
    return current, sorted(set(entries) - set(current))


def overall_of_report(entries: dict[str, dict[str, object]]) -> tuple[int, int]:
    """(killed, behaviour-changing) summed over the entries of a report: the overall kill rate's two terms."""
    killed = survived = 0
    for entry in entries.values():
        count, survivors = entry.get("killed", 0), entry.get("survivors", ())
        killed += count if isinstance(count, int) else 0
        survived += len(survivors) if isinstance(survivors, list | tuple) else 0
    return killed, killed + survived

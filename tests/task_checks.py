"""The soundness checks of every task (tests/test_tasks.py), started in the background as soon as pytest has
collected, so that they fill the CPU the rest of the suite leaves idle (servers starting, models loading,
timeouts running out) instead of running alone at the end.

The worker threads run at the lowest priority (nice 19, inherited by the compilers and programs they start),
so the foreground tests keep the CPU they would have had without them: timings inside those tests do not change.
Only the checks of the tasks this session selected run (`-k` while developing), and of those only the tasks
the committed certificate (datasets/hip_coding/certificate.json, docs/tasks.md) does not already prove: tasks
that are new, whose folder changed, or all of them when a global hash (runtime, harness library, evaluator,
translator, compilers) changed; plus a fixed stratified sample of the certified ones, so a forged or rotted
certificate is caught.
"""

from __future__ import annotations

import os
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.evaluation.build import EVALUATOR_VERSION
from hip_coding.evaluation.selfcheck import Check, check_task
from hip_coding.tasks import certificate
from hip_coding.tasks.build import AuthoredTask, load_tasks

ROOT = Path(__file__).resolve().parent.parent
TASKS: list[AuthoredTask] = load_tasks(ROOT / "datasets" / "hip_coding" / "tasks")
VENDOR = shutil.which("nvcc") is not None and shutil.which("hipcc") is not None
#: One task per category also gets its harness compiled by nvcc and hipcc.
VENDOR_HARNESS = {
    min(t.spec.id for t in TASKS if t.spec.id.split("/")[0] == c) for c in {t.spec.id.split("/")[0] for t in TASKS}
}
CERTIFICATE_PATH = ROOT / "datasets" / "hip_coding" / "certificate.json"
GLOBALS = certificate.current_globals(EVALUATOR_VERSION)
CERTIFICATE: certificate.Certificate | None
CERTIFICATE_ERROR = ""
try:
    CERTIFICATE = certificate.load(CERTIFICATE_PATH)
except InputError as err:
    CERTIFICATE, CERTIFICATE_ERROR = None, str(err)
#: Per task: certified, new, changed or stale (every task is new without a readable certificate).
STATES: dict[str, certificate.State] = (
    certificate.states(CERTIFICATE, TASKS, GLOBALS) if CERTIFICATE else {t.spec.id: "new" for t in TASKS}
)
SAMPLE = certificate.sample(TASKS)
#: The tasks this suite proves; the rest stand on their certificate entry.
TO_PROVE = {task_id for task_id, state in STATES.items() if state != "certified"} | SAMPLE
#: Three niced workers: measured 12% faster than two on two cores (a check waits on its programs at times).
WORKERS = 3

_pool: ThreadPoolExecutor | None = None
_futures: dict[str, Future[list[Check]]] = {}


def _lowest_priority() -> None:
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only (Linux)


def start(task_ids: set[str]) -> None:
    """Begin checking these tasks in the background (once per session)."""
    global _pool
    task_ids = task_ids & TO_PROVE
    if _pool is not None or not task_ids:
        return
    _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="task-check", initializer=_lowest_priority)
    for task in TASKS:
        if task.spec.id in task_ids:
            _futures[task.spec.id] = _pool.submit(
                check_task,
                task,
                vendor=VENDOR,
                vendor_harness=task.spec.id in VENDOR_HARNESS,
                repeat_languages=("hip",),
            )


def result(task_id: str) -> list[Check]:
    """The checks of one task (waits for them)."""
    future = _futures.get(task_id)
    if future is None:
        raise LookupError(f"{task_id}: not among the tasks this session selected at collection")
    return future.result()


def stop() -> None:
    """Drop the checks not started yet (a session that ends early must not wait for all of them)."""
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)


def summary() -> str:
    """One line for the end of the pytest output: how many tasks the certificate proved, how many this run."""
    counts = {state: sum(1 for s in STATES.values() if s == state) for state in ("new", "changed", "stale")}
    certified = sum(1 for task_id, state in STATES.items() if state == "certified" and task_id not in SAMPLE)
    why = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
    sampled = len(SAMPLE - {t for t, s in STATES.items() if s != "certified"})
    line = f"task soundness: {len(TASKS)} tasks, {certified} certified by {CERTIFICATE_PATH.name}, "
    line += f"{len(TO_PROVE)} to prove ({why + ', ' if why else ''}{sampled} sampled), {len(_futures)} proven here"
    if CERTIFICATE_ERROR:
        line += f"; certificate unusable: {CERTIFICATE_ERROR.splitlines()[0][:200]}"
    elif counts["stale"]:
        line += f"; global hashes differ: {', '.join(certificate.stale_globals(CERTIFICATE, GLOBALS))}"  # type: ignore[arg-type]
    return line

"""The soundness checks of every task (tests/test_tasks.py), started in the background as soon as pytest has
collected, so that they fill the CPU the rest of the suite leaves idle (servers starting, models loading,
timeouts running out) instead of running alone at the end.

The worker threads run at the lowest priority (nice 19, inherited by the compilers and programs they start),
so the foreground tests keep the CPU they would have had without them: timings inside those tests do not change.
Only the checks of the tasks this session selected run (`-k` while developing).
"""

from __future__ import annotations

import os
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from hip_coding.evaluation.selfcheck import Check, check_task
from hip_coding.tasks.build import AuthoredTask, load_tasks

ROOT = Path(__file__).resolve().parent.parent
TASKS: list[AuthoredTask] = load_tasks(ROOT / "datasets" / "hip_coding" / "tasks")
VENDOR = shutil.which("nvcc") is not None and shutil.which("hipcc") is not None
#: One task per category also gets its harness compiled by nvcc and hipcc.
VENDOR_HARNESS = {
    min(t.spec.id for t in TASKS if t.spec.id.split("/")[0] == c) for c in {t.spec.id.split("/")[0] for t in TASKS}
}
#: Three niced workers: measured 12% faster than two on two cores (a check waits on its programs at times).
WORKERS = 3

_pool: ThreadPoolExecutor | None = None
_futures: dict[str, Future[list[Check]]] = {}


def _lowest_priority() -> None:
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only (Linux)


def start(task_ids: set[str]) -> None:
    """Begin checking these tasks in the background (once per session)."""
    global _pool
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

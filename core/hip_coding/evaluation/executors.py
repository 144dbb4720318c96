"""The executor seam: how jobs (one sample each) reach workers, and the pure function a worker calls.

A `Job` is frozen and picklable; `judge_job` is a module-level function that any worker on any node can
call: it uses that node's own caches (verdict cache, golden store, harness objects under its cache
root) and the benches' timeout policy. An `Executor` only hands jobs out and yields results as they
complete; the driver (`evaluate.evaluate_samples`) alone writes the results file, resumes and shows
progress. `LocalExecutor` is today's pool; a distributed executor implements the same two methods.

The verdict cache is looked up in the worker, not in the driver: the cache lives where the work is
done, so a remote node fills and reuses its own, and the driver never needs to read a cache directory.
A warm re-run still passes every job through the executor, which for local threads costs nothing
measurable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Protocol

from hip_coding.errors import InputError
from hip_coding.evaluation.cache import ResultCache, result_cache_key
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.judge import evaluate_solution
from hip_coding.evaluation.results import SampleResult
from hip_coding.tasks.schema import Record


@dataclass(frozen=True)
class Job:
    """One sample to judge: everything a worker needs, nothing that lives in the driver."""

    record: Record
    solution: str
    sample_id: str
    config: EvalConfig


def judge_job(job: Job) -> SampleResult:
    """The verdict on one job, from this node's verdict cache when the same question was answered before."""
    cache = ResultCache(enabled=job.config.result_cache)
    key = result_cache_key(job.record, job.solution, job.config)
    cached = cache.get(key)
    if cached is not None:
        return dataclasses.replace(cached, task_id=job.record.task_id, sample_id=job.sample_id)
    result = evaluate_solution(job.record, job.solution, job.sample_id, job.config)
    cache.put(key, result)
    return result


class Executor(Protocol):
    """Hands jobs to workers; yields their results in completion order."""

    def map(self, jobs: Sequence[Job]) -> Iterator[SampleResult]: ...

    def status(self) -> str:
        """A few words for the progress bar (e.g. how many nodes are alive)."""
        ...

    def close(self) -> None: ...


EXECUTORS = ("local", "ray")


def make_executor(name: str, *, workers: int = 2, ray_address: str | None = None, backend: str = "cpu") -> Executor:
    """The executor called `name`: `local` (threads of this process) or `ray` (a Ray cluster, docs/scale-out.md)."""
    if name == "local":
        return LocalExecutor(workers)
    if name == "ray":
        try:
            from hip_coding.evaluation.ray_executor import RayExecutor
        except ImportError as err:  # Ray is an optional extra
            raise InputError(f"executor ray: Ray is not installed ({err}); pip install 'ray>=2.40'") from None
        return RayExecutor(ray_address, backend=backend)
    raise InputError(f"executor: unknown {name!r} (choose from {', '.join(EXECUTORS)})")


class LocalExecutor:
    """Threads of this process: the compiles and runs are sandboxed subprocesses, so threads suffice."""

    def __init__(self, workers: int = 2) -> None:
        self._workers = max(1, workers)
        self._pool = ThreadPoolExecutor(max_workers=self._workers)

    def map(self, jobs: Sequence[Job]) -> Iterator[SampleResult]:
        futures = [self._pool.submit(judge_job, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()

    def status(self) -> str:
        return f"local x{self._workers}"

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)

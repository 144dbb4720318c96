"""Evaluate a samples file against a dataset: parallel, cached by content, resumable after any crash.

Each finished sample is appended to the results file as one complete line, flushed and fsync'ed,
before the next is reported; a run killed at any moment leaves at worst a partial last line, which the
next run drops and redoes (hip_coding.jsonl). A result records what it judged (`judged_digest`): when a
sample's solution or its task changed since, a rerun drops that result and judges the sample again.
Verdicts are also kept in a content-addressed cache (task, solution, toolchain, settings), so evaluating
the same samples again is nearly free.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from hip_coding import jsonl
from hip_coding.errors import InputError
from hip_coding.evaluation import metrics
from hip_coding.evaluation.build import digest
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.executors import Executor, Job, LocalExecutor
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.samples import Sample, load_samples
from hip_coding.tasks.release import load_records
from hip_coding.tasks.schema import Record

log = logging.getLogger(__name__)


class ResultsFile:
    """The JSONL results of one evaluation: read back for resumption, appended one durable line at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[tuple[str, str], SampleResult]:
        """Results already written; a torn last line (a crash mid-write) is cut off so it is redone."""
        found: dict[tuple[str, str], SampleResult] = {}
        for number, data in jsonl.read_repairing(self.path):
            try:
                result = SampleResult.from_dict(data)
            except (ValueError, KeyError, TypeError) as err:
                raise InputError(f"{self.path}:{number}: not a result line ({err}); use a new --out") from None
            found[(result.task_id, result.sample_id)] = result
        return found

    def append(self, result: SampleResult) -> None:
        jsonl.append_line(self.path, result.to_dict())

    def rewrite(self, results: Iterable[SampleResult]) -> None:
        """Replace the file by `results` in one atomic step (dropping outdated lines)."""
        jsonl.write_lines(self.path, [r.to_dict() for r in results])


def judged_digest(task: str, solution: str) -> str:
    """A short content address of what a verdict judged: the task's release record (JSON) and the solution."""
    return digest("judged", task, solution)[:16]


@dataclass(frozen=True)
class Evaluation:
    results: list[SampleResult]
    summary: metrics.Summary


def group_of(records: Sequence[Record]) -> dict[str, dict[str, str]]:
    """task id -> its breakdown groups (category, difficulty, language, level)."""
    return {
        r.task_id: {
            "category": r.meta.category,
            "difficulty": str(r.meta.difficulty),
            "language": r.question.language,
            "level": str(r.meta.level),
        }
        for r in records
    }


def evaluate(
    dataset: Path,
    samples_path: Path,
    out: Path,
    config: EvalConfig,
    *,
    workers: int = 2,
    ks: Sequence[int] = (1,),
    use_cache: bool = True,
    progress: bool = True,
    executor: Executor | None = None,
) -> Evaluation:
    """Evaluate every sample of `samples_path` not already in `out`; return all results and the metrics."""
    records = load_records(dataset)
    samples = load_samples(samples_path, {r.task_id for r in records})
    return evaluate_samples(
        records, samples, out, config, workers=workers, ks=ks, use_cache=use_cache, progress=progress,
        executor=executor,
    )  # fmt: skip


def evaluate_samples(
    records: Sequence[Record],
    samples: Sequence[Sample],
    out: Path,
    config: EvalConfig,
    *,
    workers: int = 2,
    ks: Sequence[int] = (1,),
    use_cache: bool = True,
    progress: bool = True,
    executor: Executor | None = None,
) -> Evaluation:
    """Evaluate in-memory samples (e.g. Ianvs predictions) against records, resuming from `out`.

    The jobs go to `executor` (default: a `LocalExecutor` of `workers` threads, closed afterwards).
    """
    if not use_cache:
        config = dataclasses.replace(config, result_cache=False)
    by_id = {r.task_id: r for r in records}
    tasks = {r.task_id: json.dumps(r.model_dump(mode="json"), sort_keys=True) for r in records}
    judged = {(s.task_id, s.sample_id): judged_digest(tasks[s.task_id], s.solution) for s in samples}
    results_file = ResultsFile(out)
    done = results_file.load()
    # A result of another solution or task version than now (results written before digests count as current).
    current = {key: r for key, r in done.items() if not r.judged or r.judged == judged.get(key, r.judged)}
    if len(current) < len(done):
        log.warning("%s: %d sample(s) changed since they were judged (solution or task): judging them again", out,
                    len(done) - len(current))  # fmt: skip
        results_file.rewrite(current.values())
        done = current
    todo = [s for s in samples if (s.task_id, s.sample_id) not in done]
    if done:
        log.warning("resuming: %d of %d samples already judged in %s (a new --out judges all again)",
                    len(samples) - len(todo), len(samples), out)  # fmt: skip
    jobs = [Job(by_id[s.task_id], s.solution, s.sample_id, config) for s in todo]
    pool = executor or LocalExecutor(workers)
    bar = tqdm(total=len(samples), initial=len(samples) - len(todo), unit="sample", disable=not progress or None)
    started, finished = time.monotonic(), 0
    try:
        for result in pool.map(jobs):
            result = dataclasses.replace(result, judged=judged[(result.task_id, result.sample_id)])
            results_file.append(result)
            done[(result.task_id, result.sample_id)] = result
            finished += 1
            per_minute = 60.0 * finished / max(time.monotonic() - started, 1e-9)
            bar.set_postfix_str(f"{per_minute:.1f} samples/min, {pool.status()}", refresh=False)
            bar.update(1)
    finally:
        bar.close()
        if executor is None:
            pool.close()
    ordered = [done[(s.task_id, s.sample_id)] for s in samples]
    summary = metrics.summarize(((r.task_id, r.status) for r in ordered), group_of(records), ks)
    return Evaluation(ordered, summary)

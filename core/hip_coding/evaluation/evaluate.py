"""Evaluate a samples file against a dataset: parallel, cached by content, resumable after any crash.

Each finished sample is appended to the results file as one complete line, flushed and fsync'ed,
before the next is reported; a run killed at any moment leaves at worst a partial last line, which the
next run drops and redoes. Verdicts are also kept in a content-addressed cache (task, solution,
toolchain, settings), so evaluating the same samples again is nearly free.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from hip_coding.durable import append_json_line, cut_torn_tail, write_atomically
from hip_coding.evaluation import metrics
from hip_coding.evaluation.pipeline import (
    TIMEOUT_FACTOR,
    TIMEOUT_FLOOR_SECONDS,
    EvalConfig,
    SampleResult,
    evaluate_solution,
    reference_seconds,
    result_cache_key,
)
from hip_coding.evaluation.samples import Sample, load_samples
from hip_coding.execution.runtime_cache import cache_root
from hip_coding.tasks.release import load_records
from hip_coding.tasks.schema import Record

log = logging.getLogger(__name__)


class ResultCache:
    """Verdicts by content address, one small JSON file each (atomic writes, safe across processes)."""

    def __init__(self, root: Path | None = None, enabled: bool = True) -> None:
        self.root = root or cache_root() / "results"
        self.enabled = enabled

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, object] | None:
        if not self.enabled:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None

    def put(self, key: str, result: SampleResult) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(result.to_dict()))


class ResultsFile:
    """The JSONL results of one evaluation: read back for resumption, appended one durable line at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[tuple[str, str], SampleResult]:
        """Results already written; a torn last line (a crash mid-write) is cut off so it is redone."""
        if not self.path.exists():
            return {}
        data = self.path.read_bytes()
        keep = data if data.endswith(b"\n") or not data else data[: data.rfind(b"\n") + 1]
        found: dict[tuple[str, str], SampleResult] = {}
        good = 0
        for line in keep.splitlines(keepends=True):
            try:
                result = SampleResult.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                break  # anything after a corrupt line is redone
            found[(result.task_id, result.sample_id)] = result
            good += len(line)
        cut_torn_tail(self.path, good, len(data))
        return found

    def append(self, result: SampleResult) -> None:
        append_json_line(self.path, result.to_dict())


@dataclass(frozen=True)
class Evaluation:
    results: list[SampleResult]
    summary: dict[str, object]


class Evaluator:
    """Judges samples of one dataset with one configuration; shares timeouts and caches across samples."""

    def __init__(self, records: Sequence[Record], config: EvalConfig, cache: ResultCache | None = None) -> None:
        self.records = {r.task_id: r for r in records}
        self.config = config
        self.cache = cache or ResultCache()
        self._timeouts: dict[str, float] = {}
        self._task_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def judge(self, record: Record, solution: str, sample_id: str) -> SampleResult:
        """One verdict, from the cache when this exact question was answered before.

        The timeout (and so the golden data behind it) is only looked up when the sample really runs.
        """
        key = result_cache_key(record, solution, self.config)
        cached = self.cache.get(key)
        if cached is not None:
            return SampleResult.from_dict({**cached, "task_id": record.task_id, "sample_id": sample_id})
        result = evaluate_solution(record, solution, sample_id, self.config, self.timeout_for(record))
        self.cache.put(key, result)
        return result

    def timeout_for(self, record: Record) -> float:
        """A generous wall-clock limit derived from the reference solution's own time (before scaling)."""
        with self._locks_lock:
            lock = self._task_locks.setdefault(record.task_id, threading.Lock())
        with lock:
            if record.task_id not in self._timeouts:
                seconds = reference_seconds(record, self.config)  # the golden runs, computed once and cached
                self._timeouts[record.task_id] = max(TIMEOUT_FLOOR_SECONDS, TIMEOUT_FACTOR * seconds)
            return self._timeouts[record.task_id]

    def evaluate_sample(self, sample: Sample) -> SampleResult:
        return self.judge(self.records[sample.task_id], sample.solution, sample.sample_id)

    def group_of(self) -> dict[str, dict[str, str]]:
        return {
            task_id: {
                "category": r.meta.category,
                "difficulty": str(r.meta.difficulty),
                "level": str(r.meta.level),
                "language": r.question.language,
            }
            for task_id, r in self.records.items()
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
) -> Evaluation:
    """Evaluate every sample of `samples_path` not already in `out`; return all results and the metrics."""
    records = load_records(dataset)
    samples = load_samples(samples_path, {r.task_id for r in records})
    return evaluate_samples(
        records, samples, out, config, workers=workers, ks=ks, use_cache=use_cache, progress=progress
    )


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
) -> Evaluation:
    """Evaluate in-memory samples (e.g. Ianvs predictions) against records, resuming from `out`."""
    evaluator = Evaluator(records, config, ResultCache(enabled=use_cache))
    results_file = ResultsFile(out)
    done = results_file.load()
    todo = [s for s in samples if (s.task_id, s.sample_id) not in done]
    if done:
        log.info("resuming: %d of %d samples already evaluated in %s", len(samples) - len(todo), len(samples), out)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(evaluator.evaluate_sample, sample) for sample in todo]
        bar = tqdm(total=len(samples), initial=len(samples) - len(todo), unit="sample", disable=not progress or None)
        for future in as_completed(futures):
            result = future.result()
            results_file.append(result)
            done[(result.task_id, result.sample_id)] = result
            bar.update(1)
        bar.close()
    ordered = [done[(s.task_id, s.sample_id)] for s in samples]
    summary = metrics.summarize(((r.task_id, r.status) for r in ordered), evaluator.group_of(), ks)
    return Evaluation(ordered, summary)

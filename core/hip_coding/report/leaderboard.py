"""The numbers of a leaderboard: each run's funnel, breakdowns, failure kinds, pass@k curve and (for runs
evaluated with `--perf`) its timed samples and fast_p summary, ranked.

Every number comes from hip_coding.evaluation.metrics (the same code `hip-coding evaluate` and the Ianvs
metrics use), so a report never disagrees with the run it describes. Categories, difficulty, level and language
come from the dataset records, joined by task id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hip_coding.errors import InputError
from hip_coding.evaluation import metrics
from hip_coding.execution.status import Status
from hip_coding.perf.metrics import perf_summary
from hip_coding.perf.result import Perf
from hip_coding.report.runs import RankTable, Run
from hip_coding.tasks.release import release_file
from hip_coding.tasks.schema import Record

#: The statuses that count as failures, in the order of the evaluation pipeline.
FAILURE_KINDS = tuple(s.value for s in Status if s is not Status.PASSED)
STAGE_METRICS = ("build@1", "run@1", "pass@1")


@dataclass(frozen=True)
class TimedSample:
    """A passed sample with its `perf` (docs/perf.md)."""

    task_id: str
    sample_id: str
    perf: Perf


@dataclass(frozen=True)
class ModelScores:
    """One run's metrics: the summary dict of metrics.summarize (with the perf summary when timed), its pass@k
    curve, and its timed samples."""

    run: Run
    summary: dict[str, Any]
    curve: dict[int, float]  # k -> pass@k over the tasks with at least k samples
    samples_per_task: tuple[int, int]  # (fewest, most)
    timed: tuple[TimedSample, ...] = ()
    speedups: tuple[float | None, ...] = ()  # one per sample, None when it did not pass or was not timed

    @property
    def has_perf(self) -> bool:
        return bool(self.timed)

    @property
    def perf_label(self) -> str:
        """What the speed figures are, e.g. "estimated (h100-sxm)"; "" for a run without them."""
        return " + ".join(sorted({t.perf.label for t in self.timed}))

    @property
    def label(self) -> str:
        return self.run.label

    def metric(self, name: str) -> float | None:
        value = self.summary.get(name)
        return float(value) if isinstance(value, int | float) else None

    def breakdown(self, key: str) -> dict[str, dict[str, float]]:
        found = self.summary.get(f"by_{key}")
        return found if isinstance(found, dict) else {}

    def status_counts(self) -> dict[str, int]:
        found = self.summary.get("status_counts")
        return {str(k): int(v) for k, v in found.items()} if isinstance(found, dict) else {}


@dataclass(frozen=True)
class Leaderboard:
    """Runs ranked by pass@1, then fast_1 (timed runs), then build@1, then run@1; with the k values and groups
    the tables show."""

    models: tuple[ModelScores, ...]
    ks: tuple[int, ...]  # the pass@k columns: requested k > 1 that at least one run can estimate
    categories: tuple[str, ...]
    rank_tables: tuple[RankTable, ...]
    dataset: Path

    @property
    def has_multiple_samples(self) -> bool:
        return any(m.samples_per_task[1] > 1 for m in self.models)

    @property
    def has_perf(self) -> bool:
        return any(m.has_perf for m in self.models)


def groups_of(records: Sequence[Record]) -> dict[str, dict[str, str]]:
    """task id -> {"category", "difficulty", "level", "language"}, the breakdown keys of metrics.summarize."""
    return {
        r.task_id: {
            "category": r.meta.category,
            "difficulty": str(r.meta.difficulty),
            "level": str(r.meta.level),
            "language": r.question.language,
        }
        for r in records
    }


def _check_known(run: Run, groups: dict[str, dict[str, str]], dataset: Path) -> None:
    for number, result in enumerate(run.results, start=1):
        if result.task_id not in groups:
            raise InputError(
                f"{run.results_file}: result {number}: task_id {result.task_id!r} is not in the dataset "
                f"{release_file(dataset)} (pass --dataset with the release these results were evaluated on)"
            )


def score_run(run: Run, groups: dict[str, dict[str, str]], ks: Sequence[int]) -> ModelScores:
    """The funnel at 1 and at each k, the breakdowns, the status counts and the pass@k curve of one run."""
    statuses: dict[str, list[Status]] = defaultdict(list)
    for result in run.results:
        statuses[result.task_id].append(result.status)
    counts = [len(found) for found in statuses.values()]
    wanted = sorted({1, *ks})
    summary = metrics.summarize(((r.task_id, r.status) for r in run.results), groups, wanted).to_dict()
    curve_ks = list(range(1, max(counts) + 1))
    curve = {int(name.split("@")[1]): value for name, value in metrics.funnel(statuses, curve_ks).items()
             if name.startswith("pass@")}  # fmt: skip
    timed, per_sample = _timed(run, groups)
    if timed:  # the same summary `evaluate --perf` prints: fast_p and the geomean at top level, groups under perf
        perf = perf_summary(per_sample)
        summary = {**summary, **{k: v for k, v in perf.items() if not k.startswith("by_")}, "perf": perf}
    return ModelScores(
        run=run,
        summary=summary,
        curve=curve,
        samples_per_task=(min(counts), max(counts)),
        timed=tuple(timed),
        speedups=tuple(p.speedup if p is not None else None for _, p in per_sample),
    )


def _timed(
    run: Run, groups: dict[str, dict[str, str]]
) -> tuple[list[TimedSample], list[tuple[dict[str, str], Perf | None]]]:
    """The run's timed passed samples, and (group labels, Perf | None) per sample for perf_summary."""
    timed: list[TimedSample] = []
    per_sample: list[tuple[dict[str, str], Perf | None]] = []
    for result, raw in zip(run.results, run.perfs or (None,) * len(run.results), strict=True):
        perf = Perf.from_dict(raw) if raw is not None and result.status is Status.PASSED else None
        if perf is not None:
            timed.append(TimedSample(result.task_id, result.sample_id, perf))
        found = groups.get(result.task_id, {})
        per_sample.append(({"category": found.get("category", "?"), "level": found.get("level", "?")}, perf))
    return timed, per_sample


def _rank_key(model: ModelScores) -> tuple[float, float, float, float, str]:
    return (
        -(model.metric("pass@1") or 0.0),
        -(model.metric("fast_1") or 0.0),
        -(model.metric("build@1") or 0.0),
        -(model.metric("run@1") or 0.0),
        model.label,
    )


def build_leaderboard(
    runs: Sequence[Run],
    records: Sequence[Record],
    dataset: Path,
    ks: Sequence[int] = (1, 5, 10),
    rank_tables: Sequence[RankTable] = (),
) -> Leaderboard:
    """Score and rank `runs`; every task id must be in `records` (else an InputError naming the file)."""
    if not runs:
        raise InputError("no runs to report on")
    groups = groups_of(records)
    for run in runs:
        _check_known(run, groups, dataset)
    models = sorted((score_run(run, groups, ks) for run in runs), key=_rank_key)
    shown = tuple(k for k in sorted(set(ks)) if k > 1 and any(m.metric(f"pass@{k}") is not None for m in models))
    categories = sorted({c for m in models for c in m.breakdown("category")})
    return Leaderboard(
        models=tuple(models),
        ks=shown,
        categories=tuple(categories),
        rank_tables=tuple(rank_tables),
        dataset=dataset,
    )

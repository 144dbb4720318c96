"""The numbers of a leaderboard: each run's funnel, breakdowns, failure kinds and pass@k curve, ranked.

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
from hip_coding.report.runs import RankTable, Run
from hip_coding.tasks.release import release_file
from hip_coding.tasks.schema import Record

#: The statuses that count as failures, in the order of the evaluation pipeline.
FAILURE_KINDS = tuple(s.value for s in Status if s is not Status.PASSED)
STAGE_METRICS = ("build@1", "run@1", "pass@1")


@dataclass(frozen=True)
class ModelScores:
    """One run's metrics: the summary dict of metrics.summarize, and its pass@k curve."""

    run: Run
    summary: dict[str, Any]
    curve: dict[int, float]  # k -> pass@k over the tasks with at least k samples
    samples_per_task: tuple[int, int]  # (fewest, most)

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
    """Runs ranked by pass@1, then build@1, then run@1; with the k values and groups the tables show."""

    models: tuple[ModelScores, ...]
    ks: tuple[int, ...]  # the pass@k columns: requested k > 1 that at least one run can estimate
    categories: tuple[str, ...]
    rank_tables: tuple[RankTable, ...]
    dataset: Path

    @property
    def has_multiple_samples(self) -> bool:
        return any(m.samples_per_task[1] > 1 for m in self.models)


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
    return ModelScores(run=run, summary=summary, curve=curve, samples_per_task=(min(counts), max(counts)))


def _rank_key(model: ModelScores) -> tuple[float, float, float, str]:
    return (
        -(model.metric("pass@1") or 0.0),
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

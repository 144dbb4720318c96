"""build@k, run@k and pass@k with the unbiased estimator, breakdowns, and failure-kind counts.

For a task with n samples of which c succeed, pass@k = 1 - C(n-c, k) / C(n, k) (Chen et al., 2021),
averaged over the tasks that have at least k samples. "build" counts samples whose program compiled,
"run" those that also ran to completion with a complete result protocol, "pass" those that passed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from hip_coding.execution.status import Status

BUILT = frozenset({Status.PASSED, Status.FAILED, Status.RUNTIME_ERROR, Status.TIMEOUT, Status.NO_DEVICE})
RAN = frozenset({Status.PASSED, Status.FAILED})
STAGES: dict[str, frozenset[Status]] = {"build": BUILT, "run": RAN, "pass": frozenset({Status.PASSED})}


def estimate_pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased estimator 1 - C(n-c, k)/C(n, k), computed as a stable product."""
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def _per_task(statuses: dict[str, list[Status]], stage: frozenset[Status], k: int) -> list[float]:
    return [
        estimate_pass_at_k(len(found), sum(s in stage for s in found), k)
        for found in statuses.values()
        if len(found) >= k
    ]


def funnel(statuses: dict[str, list[Status]], ks: Sequence[int]) -> dict[str, float]:
    """{"build@1": ..., "run@1": ..., "pass@1": ..., "pass@5": ...} averaged over tasks."""
    metrics: dict[str, float] = {}
    for k in ks:
        for name, stage in STAGES.items():
            scores = _per_task(statuses, stage, k)
            if scores:
                metrics[f"{name}@{k}"] = round(float(np.mean(scores)), 6)
    return metrics


@dataclass(frozen=True)
class Summary:
    """The metrics of one evaluation: the funnel over all tasks, per-group funnels and status counts."""

    tasks: int
    samples: int
    funnel: dict[str, float]  # "build@1", "run@1", "pass@1", "pass@5", ...
    breakdowns: dict[str, dict[str, dict[str, float]]]  # key (e.g. "category") -> group -> funnel
    status_counts: dict[str, int]  # every status, zeros included
    perf: dict[str, object] | None = None  # `evaluate --perf`: fast_p, speedup geomean, by group (docs/perf.md)

    def metric(self, name: str) -> float | None:
        """One funnel value, e.g. "pass@1"; None when undefined (fewer samples per task than k)."""
        return self.funnel.get(name)

    def to_dict(self) -> dict[str, object]:
        """The JSON form `evaluate` prints and the Ianvs glue writes: metrics at top level, `by_<key>` groups."""
        return {
            "tasks": self.tasks,
            "samples": self.samples,
            **self.funnel,
            **{f"by_{key}": groups for key, groups in self.breakdowns.items()},
            "status_counts": self.status_counts,
            **({k: v for k, v in self.perf.items() if not k.startswith("by_")} if self.perf else {}),
            **({"perf": self.perf} if self.perf else {}),
        }


def summarize(
    results: Iterable[tuple[str, Status]],
    group_of: dict[str, dict[str, str]],
    ks: Sequence[int] = (1,),
) -> Summary:
    """Overall funnel, breakdowns by each key of `group_of[task_id]`, and status counts.

    `results` holds one (task_id, status) per sample; `group_of` maps a task id to its groups,
    e.g. {"category": "reduction", "difficulty": "2", "language": "hip", "level": "1"}.
    """
    statuses: dict[str, list[Status]] = defaultdict(list)
    for task_id, status in results:
        statuses[task_id].append(status)
    breakdowns = {}
    for key in sorted({key for groups in group_of.values() for key in groups}):
        buckets: dict[str, dict[str, list[Status]]] = defaultdict(dict)
        for task_id, found in statuses.items():
            buckets[group_of.get(task_id, {}).get(key, "?")][task_id] = found
        breakdowns[key] = {group: funnel(tasks, ks) for group, tasks in sorted(buckets.items())}
    counts = Counter(s.value for found in statuses.values() for s in found)
    return Summary(
        tasks=len(statuses),
        samples=sum(len(v) for v in statuses.values()),
        funnel=funnel(statuses, ks),
        breakdowns=breakdowns,
        status_counts={status.value: counts.get(status.value, 0) for status in Status},
    )


def table(summary: Summary, key: str, metric_order: Callable[[str], int] | None = None) -> str:
    """A plain-text table of one breakdown (rows: groups, columns: metrics)."""
    rows = summary.breakdowns.get(key, {})
    columns = sorted({m for metrics in rows.values() for m in metrics}, key=metric_order or _metric_order)
    lines = [f"{key:16}" + "".join(f"{c:>10}" for c in columns)]
    for group, metrics in rows.items():
        lines.append(f"{group:16}" + "".join(f"{metrics.get(c, float('nan')):10.3f}" for c in columns))
    return "\n".join(lines)


def _metric_order(name: str) -> int:
    stage, k = name.split("@")
    return int(k) * 10 + list(STAGES).index(stage)

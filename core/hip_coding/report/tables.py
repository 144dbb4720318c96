"""The leaderboard's tables as rows of cells, shared by the Markdown and the HTML renderings.

Each function returns (header, rows) with every cell already a string, so both renderings show the very
same text and a test can look for it in either.
"""

from __future__ import annotations

import json
from typing import Any

from hip_coding.perf.result import fast_p
from hip_coding.report.leaderboard import FAILURE_KINDS, Leaderboard, ModelScores
from hip_coding.report.runs import RankTable, case_id, ianvs_case

Table = tuple[list[str], list[list[str]]]
#: Our Ianvs metric names, shown first and in this order; other metric columns follow alphabetically.
IANVS_METRIC_ORDER = (
    "pass_at_1", "fast_1", "build_at_1", "run_at_1", "pass_at_k", "speedup_geomean", "pass_at_1_level_1",
    "pass_at_1_level_2", "pass_at_1_level_3",
)  # fmt: skip
MISSING = "-"
#: The thresholds of the fast_p table (the plot draws the whole curve from 0 to 4).
FAST_P_TABLE = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
#: How many of the slowest timed samples per model the profile table explains.
SLOWEST = 5


def fmt(value: float | None) -> str:
    """Scores with three decimals; a metric a run cannot estimate (too few samples) is a dash."""
    return MISSING if value is None else f"{value:.3f}"


def ranking(board: Leaderboard) -> Table:
    """The ranked runs; with fast_1, the speedup geomean and what kind of figures they are for timed boards."""
    header = ["#", "model", "pass@1", "build@1", "run@1", *(f"pass@{k}" for k in board.ks), "samples", "tasks"]
    if board.has_perf:
        header[3:3] = ["fast_1", "speedup (geomean)", "timing"]
    rows = []
    for place, model in enumerate(board.models, start=1):
        perf = [fmt(model.metric("fast_1")), fmt(model.metric("speedup_geomean")), model.perf_label or MISSING]
        rows.append(
            [
                str(place),
                model.label,
                fmt(model.metric("pass@1")),
                *(perf if board.has_perf else []),
                *(fmt(model.metric(name)) for name in ("build@1", "run@1")),
                *(fmt(model.metric(f"pass@{k}")) for k in board.ks),
                str(model.summary.get("samples", 0)),
                str(model.summary.get("tasks", 0)),
            ]
        )
    return header, rows


def _timed_models(board: Leaderboard) -> list[ModelScores]:
    return [m for m in board.models if m.has_perf]


def fast_p_table(board: Leaderboard) -> Table:
    """fast_p at a few thresholds per timed model (share of samples correct AND speedup > p; fast_0 = pass)."""
    header = ["model", "timing", "timed samples", *(f"fast_{p:g}" for p in FAST_P_TABLE), "speedup (geomean)",
              "suspicious"]  # fmt: skip
    rows = [
        [
            m.label,
            m.perf_label,
            f"{len(m.timed)} of {m.summary.get('samples', 0)}",
            *(fmt(fast_p(list(m.speedups), p)) for p in FAST_P_TABLE),
            fmt(m.metric("speedup_geomean")),
            str(sum(1 for t in m.timed if t.perf.suspicious)),
        ]
        for m in _timed_models(board)
    ]
    return header, rows


def perf_breakdown(board: Leaderboard, key: str, metric: str = "fast_1") -> Table:
    """fast_1 (or another perf metric) per group and timed model, e.g. by level; headers name the timing."""
    models = _timed_models(board)
    by = {m.label: (m.summary.get("perf") or {}).get(f"by_{key}") or {} for m in models}
    groups = sorted({g for found in by.values() for g in found}, key=_group_order)
    header = [key, *(f"{m.label}: {m.perf_label}" for m in models)]
    rows = [[group, *(fmt(by[m.label].get(group, {}).get(metric)) for m in models)] for group in groups]
    return header, rows


def _share_uncoalesced(profile: dict[str, float]) -> float | None:
    """Share of the global sectors moved beyond the bytes the lanes asked for (0 when fully coalesced)."""
    sectors = profile.get("gld_sectors", 0.0) + profile.get("gst_sectors", 0.0)
    asked = (profile.get("gld_bytes", 0.0) + profile.get("gst_bytes", 0.0)) / 32
    return max(0.0, 1.0 - asked / sectors) if sectors else None


def slow_kernels(board: Leaderboard, count: int = SLOWEST) -> Table:
    """The profile counters of each model's slowest estimated samples: what makes a kernel slow (docs/perf.md).

    sectors per request: 4 for 32 coalesced floats, one per lane for a scatter; uncoalesced share: the share of
    sectors beyond the bytes asked; bank conflicts: shared-memory replays (per shared request); atomics: the most
    operations on one address (same-address atomics serialise).
    """
    header = ["model", "sample (task #id)", "speedup", "timing", "bound", "sectors per request", "uncoalesced share",
              "bank conflicts", "conflicts per shared request", "most atomics on one address", "launches"]  # fmt: skip
    rows = []
    for model in _timed_models(board):
        estimated = [t for t in model.timed if t.perf.kind == "estimated" and t.perf.profile]
        for t in sorted(estimated, key=lambda t: (t.perf.speedup, t.task_id, t.sample_id))[:count]:
            profile = t.perf.profile
            shared = profile.get("shared_req", 0.0)
            conflicts = profile.get("bank_conflicts", 0.0)
            rows.append(
                [
                    model.label,
                    f"{t.task_id} #{t.sample_id}",
                    f"{t.perf.speedup:.3f}",
                    t.perf.label,
                    t.perf.bound or MISSING,
                    f"{profile.get('sectors_per_request', 0.0):.2f}",
                    fmt(_share_uncoalesced(profile)),
                    f"{conflicts:.0f}",
                    f"{conflicts / shared:.2f}" if shared else MISSING,
                    f"{profile.get('atom_max_per_address', 0.0):.0f}",
                    f"{profile.get('launches', 0.0):.0f}",
                ]
            )
    return header, rows


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def runs(board: Leaderboard) -> Table:
    """Where each run came from and how its samples were made."""
    header = ["model", "llm", "backend", "samples/task", "gen s/sample", "tokens/sample", "hyperparameters", "results"]
    rows = []
    for model in board.models:
        run = model.run
        fewest, most = model.samples_per_task
        gen = run.generation
        hyper = {k: v for k, v in run.hyperparameters.items() if k not in ("model", "backend", "label")}
        rows.append(
            [
                model.label,
                run.model or MISSING,
                run.backend or MISSING,
                str(most) if fewest == most else f"{fewest}-{most}",
                f"{gen.mean_seconds:.2f}" if gen and gen.mean_seconds is not None else MISSING,
                f"{gen.mean_completion_tokens:.0f}" if gen and gen.mean_completion_tokens is not None else MISSING,
                ", ".join(f"{k}={_short(v)}" for k, v in sorted(hyper.items())) or MISSING,
                str(run.results_file),
            ]
        )
    return header, rows


def breakdown(board: Leaderboard, key: str, metric: str = "pass@1") -> Table:
    """One metric per group (rows) and model (columns), e.g. pass@1 by category."""
    groups = sorted({g for m in board.models for g in m.breakdown(key)}, key=_group_order)
    header = [key, *(m.label for m in board.models)]
    rows = [[group, *(fmt(m.breakdown(key).get(group, {}).get(metric)) for m in board.models)] for group in groups]
    return header, rows


def _group_order(group: str) -> tuple[int, str]:
    return (int(group), "") if group.isdigit() else (1 << 30, group)


def failure_kinds(board: Leaderboard) -> Table:
    """Samples per failure status and model; statuses no run ever reached are left out."""
    kinds = [k for k in FAILURE_KINDS if any(m.status_counts().get(k, 0) for m in board.models)]
    header = ["model", "samples", "passed", *kinds]
    rows = [
        [
            m.label,
            str(m.summary.get("samples", 0)),
            str(m.status_counts().get("passed", 0)),
            *(str(m.status_counts().get(k, 0)) for k in kinds),
        ]
        for m in board.models
    ]
    return header, rows


def metric_order(name: str) -> tuple[int, str]:
    return (IANVS_METRIC_ORDER.index(name), "") if name in IANVS_METRIC_ORDER else (len(IANVS_METRIC_ORDER), name)


def rank_table(table: RankTable, board: Leaderboard | None = None) -> Table:
    """An Ianvs all_rank.csv, columns in a fixed order whatever order Ianvs wrote them in.

    The `report label` column names the leaderboard row of the same test case (matched by its uuid).
    """
    labels: dict[str, str] = {}
    for model in board.models if board else ():
        case = ianvs_case(model.run.results_file)
        if case is not None:
            labels[case[1]] = model.label
    metric_columns = sorted(table.metrics, key=metric_order)
    columns = ["rank", "algorithm", *metric_columns, *table.hyperparameters, "time"]
    header = [*columns, "report label"]
    rows = []
    for found in table.rows:
        row = [found.get(column) or "" for column in columns]
        row = [_number(cell) if column in metric_columns else cell for column, cell in zip(columns, row, strict=True)]
        rows.append([*row, labels.get(case_id(found.get("url") or ""), MISSING)])
    return header, rows


def _number(cell: str) -> str:
    try:
        return fmt(float(cell))
    except ValueError:
        return cell or MISSING

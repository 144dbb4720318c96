"""The leaderboard's tables as rows of cells, shared by the Markdown and the HTML renderings.

Each function returns (header, rows) with every cell already a string, so both renderings show the very
same text and a test can look for it in either.
"""

from __future__ import annotations

import json
from typing import Any

from hip_coding.report.leaderboard import FAILURE_KINDS, Leaderboard
from hip_coding.report.runs import RankTable, case_id, ianvs_case

Table = tuple[list[str], list[list[str]]]
#: Our Ianvs metric names, shown first and in this order; other metric columns follow alphabetically.
IANVS_METRIC_ORDER = (
    "pass_at_1", "build_at_1", "run_at_1", "pass_at_k", "pass_at_1_level_1", "pass_at_1_level_2", "pass_at_1_level_3",
)  # fmt: skip
MISSING = "-"


def fmt(value: float | None) -> str:
    """Scores with three decimals; a metric a run cannot estimate (too few samples) is a dash."""
    return MISSING if value is None else f"{value:.3f}"


def ranking(board: Leaderboard) -> Table:
    header = ["#", "model", "pass@1", "build@1", "run@1", *(f"pass@{k}" for k in board.ks), "samples", "tasks"]
    rows = []
    for place, model in enumerate(board.models, start=1):
        rows.append(
            [
                str(place),
                model.label,
                *(fmt(model.metric(name)) for name in ("pass@1", "build@1", "run@1")),
                *(fmt(model.metric(f"pass@{k}")) for k in board.ks),
                str(model.summary.get("samples", 0)),
                str(model.summary.get("tasks", 0)),
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


def _metric_order(name: str) -> tuple[int, str]:
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
    metric_columns = sorted(table.metrics, key=_metric_order)
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

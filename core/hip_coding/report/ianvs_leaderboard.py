"""`hip-coding report --ianvs-leaderboard DIR`: the files of KubeEdge-Ianvs's published-leaderboard convention.

Ianvs publishes a benchmark's results as `docs/leaderboards/<scenario>/leaderboard-of-<paradigm>.md` (one table:
rank | algorithm | metrics... | paradigm | module types | hyperparameters... | time | url, the columns of the
job's `all_rank.csv`) and a test report under `docs/proposals/test-reports/` that says what was run, on what,
and with which result. This module writes both under DIR (docs/report.md), named after the job (the scenario):

- `DIR/leaderboards/<job>/leaderboard-of-singletasklearning.md`
- `DIR/proposals/test-reports/testing-singletasklearning-in-<job>.md`

`<job>` is the benchmarking job whose `<workspace>/<job>/rank/all_rank.csv` holds the rows, so the default and the
full job publish side by side; runs without a rank file publish as `hip_coding`. One job per report: rows of two
jobs ranked in one table would compare runs over different task sets.

The rows are the `all_rank.csv` rows found under the reported path (the test cases of Ianvs or `hip-coding
bench` jobs), ranked by pass@1 then fast_1; without a rank file, one row per run (`_from_runs`). Perf columns name their
kind and device ("estimated (h100-sxm)"), taken from the runs' results.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from hip_coding import __version__
from hip_coding.errors import InputError
from hip_coding.report import tables
from hip_coding.report.leaderboard import Leaderboard, ModelScores
from hip_coding.report.markdown import PERF_NOTE, SLOW_NOTE, markdown_table
from hip_coding.report.runs import case_id, ianvs_case

PARADIGM = "singletasklearning"
#: The scenario of runs that no job ranked (plain `evaluate` runs).
DEFAULT_SCENARIO = "hip_coding"
#: Our run metrics under the names the testenv gives them (testenv/hip_coding_metrics.py).
RUN_METRICS = {"pass@1": "pass_at_1", "fast_1": "fast_1", "build@1": "build_at_1", "run@1": "run_at_1",
               "speedup_geomean": "speedup_geomean"}  # fmt: skip
PERF_METRICS = frozenset({"fast_1", "speedup_geomean"})
RANK_BY = ("pass_at_1", "fast_1")


def scenario(board: Leaderboard) -> str:
    """The job the reported rows come from (`<workspace>/<job>/rank/all_rank.csv`), else DEFAULT_SCENARIO."""
    jobs = sorted({table.path.parent.parent.name for table in board.rank_tables})
    if len(jobs) > 1:
        found = ", ".join(str(table.path.parent.parent) for table in board.rank_tables)
        raise InputError(f"the path holds the rank files of {len(jobs)} jobs ({found}): report one job's directory")
    return jobs[0] if jobs else DEFAULT_SCENARIO


def leaderboard_file(name: str) -> Path:
    return Path("leaderboards") / name / f"leaderboard-of-{PARADIGM}.md"


def test_report_file(name: str) -> Path:
    return Path("proposals") / "test-reports" / f"testing-{PARADIGM}-in-{name}.md"


@dataclass(frozen=True)
class Board:
    """The leaderboard table: the column groups of an Ianvs rank and its rows, ranked."""

    metrics: tuple[str, ...]
    modules: tuple[str, ...]
    hyperparameters: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    timing: dict[str, str]  # metric column -> "estimated (h100-sxm)" when every timed row agrees


def _model_of_case(board: Leaderboard) -> dict[str, ModelScores]:
    found = {}
    for model in board.models:
        case = ianvs_case(model.run.results_file)
        if case is not None:
            found[case[1]] = model
    return found


def _number(cell: str | None) -> float | None:
    try:
        return float(cell) if cell not in (None, "") else None
    except ValueError:
        return None


def _rank_key(row: dict[str, str]) -> tuple[float, ...]:
    return tuple(-(_number(row.get(name)) or 0.0) for name in RANK_BY)


def _from_rank_tables(board: Leaderboard) -> Board:
    cases = _model_of_case(board)
    metrics: list[str] = []
    modules: list[str] = []
    hyperparameters: list[str] = []
    rows: list[dict[str, str]] = []
    for table in board.rank_tables:
        metrics += [m for m in table.metrics if m not in metrics]
        modules += [m for m in table.modules if m not in modules]
        hyperparameters += [h for h in table.hyperparameters if h not in hyperparameters]
        for row in table.rows:
            model = cases.get(case_id(row.get("url") or ""))
            rows.append({**row, "_timing": model.perf_label if model else ""})
    ordered = sorted(metrics, key=tables.metric_order)
    return Board(tuple(ordered), tuple(modules), tuple(hyperparameters), tuple(rows), {})


def _from_runs(board: Leaderboard) -> Board:
    """One row per run when no rank file is there (plain `evaluate` runs, or a job that has not finished):
    an Ianvs case keeps its paradigm and case directory as the url; the basemodel column names the backend."""
    hyperparameters = sorted({k for m in board.models for k in m.run.hyperparameters})
    metrics = [name for key, name in RUN_METRICS.items() if any(m.metric(key) is not None for m in board.models)]
    rows = []
    for model in board.models:
        case = ianvs_case(model.run.results_file)
        row = {name: tables.fmt(model.metric(key)) for key, name in RUN_METRICS.items() if name in metrics}
        row.update(algorithm=model.label, paradigm=PARADIGM if case else tables.MISSING)
        row.update(basemodel=model.run.backend or model.run.model or tables.MISSING)
        row.update({f"basemodel-{k}": str(v) for k, v in model.run.hyperparameters.items()})
        directory = model.run.results_file.parent
        url = directory.parent.parent if case else directory
        row.update(time=tables.MISSING, url=str(url), _timing=model.perf_label)
        rows.append(row)
    return Board(tuple(metrics), ("basemodel",), tuple(f"basemodel-{h}" for h in hyperparameters), tuple(rows), {})


def build_board(board: Leaderboard) -> Board:
    """The table Ianvs would publish: from the all_rank.csv rows under the path, else from the runs."""
    found = _from_rank_tables(board) if board.rank_tables else _from_runs(board)
    rows = sorted(found.rows, key=_rank_key)
    timing = {}
    for metric in found.metrics:
        if metric in PERF_METRICS:
            # a row with no timed sample (nothing passed) holds a 0 that is no figure of another kind
            labels = {row["_timing"] for row in rows if _number(row.get(metric)) is not None} - {""}
            if len(labels) == 1:
                timing[metric] = next(iter(labels))
    return Board(found.metrics, found.modules, found.hyperparameters, tuple(rows), timing)


def _cell(board: Board, row: dict[str, str], metric: str) -> str:
    value = _number(row.get(metric))
    if value is None:
        return tables.MISSING
    text = tables.fmt(value)
    if metric in PERF_METRICS and metric not in board.timing and row.get("_timing"):
        text += f" {row['_timing']}"  # figures of different kinds: each cell says what it is
    return text


def _header(board: Board, metric: str) -> str:
    return f"{metric}, {board.timing[metric]}" if metric in board.timing else metric


def ianvs_table(board: Board) -> str:
    """The leaderboard table in Ianvs's published layout: centred columns, rank first, url last."""
    header = ["rank", "algorithm", *(_header(board, m) for m in board.metrics), "paradigm", *board.modules,
              *board.hyperparameters, "time", "url"]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + ":---:|" * len(header)]
    for place, row in enumerate(board.rows, start=1):
        cells = [
            str(place),
            row.get("algorithm") or tables.MISSING,
            *(_cell(board, row, m) for m in board.metrics),
            row.get("paradigm") or tables.MISSING,
            *(row.get(m) or tables.MISSING for m in board.modules),
            *(row.get(h) or tables.MISSING for h in board.hyperparameters),
            row.get("time") or tables.MISSING,
            row.get("url") or tables.MISSING,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def render_leaderboard(board: Leaderboard) -> str:
    """leaderboard-of-singletasklearning.md."""
    table = build_board(board)
    sources = ", ".join(f"`{t.path}`" for t in board.rank_tables) or "the runs' results files"
    return "\n".join(
        [
            "# Leaderboard of hip-coding: single task learning",
            "",
            f"HIP/CUDA kernel writing on the dataset `{board.dataset}`; ranked by pass_at_1, then fast_1. From "
            f"{sources}; the test report is [here](../../{test_report_file(scenario(board)).as_posix()}).",
            "",
            ianvs_table(table),
            "",
        ]
    )


def _environment(board: Leaderboard) -> list[str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")), platform.machine()
    )
    settings = [m.run.info.get("settings") or {} for m in board.models]
    backends = sorted({m.run.backend for m in board.models} | {str(s.get("backend") or "") for s in settings} - {""})
    timings = sorted({m.perf_label for m in board.models if m.perf_label})
    return [
        f"- hip-coding {__version__}, Python {sys.version.split()[0]}, {platform.platform()}",
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; no GPU is needed for the `cpu` backend",
        f"- backends recorded by the runs (model and evaluation): {', '.join(backends) or tables.MISSING}",
        f"- speed figures: {', '.join(timings) or 'none (perf off)'}",
        f"- report written {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _settings(board: Leaderboard) -> list[str]:
    """The testenv settings each Ianvs case recorded in run.json (backend, workers, perf, perf_device...)."""
    lines = []
    for model in board.models:
        settings = model.run.info.get("settings")
        if isinstance(settings, dict):
            shown = ", ".join(f"{k}={v}" for k, v in sorted(settings.items()) if v not in (None, ""))
            lines.append(f"- {model.label}: {shown}")
    return lines


def render_test_report(board: Leaderboard) -> str:
    """testing-singletasklearning-in-<job>.md: what was run, on what, and the results."""
    tasks = sorted({r.task_id for m in board.models for r in m.run.results})
    parts = [
        "# Testing single task learning in hip-coding (HIP/CUDA kernel writing)",
        "",
        "## What was run",
        "",
        f"- job: `{scenario(board)}`; dataset: `{board.dataset}`, {len(tasks)} task(s) in these runs",
        *(f"- rank file: `{t.path}` ({len(t.rows)} test case(s))" for t in board.rank_tables),
        *(
            f"- {m.label}: {m.summary.get('samples', 0)} sample(s) on {m.summary.get('tasks', 0)} task(s), "
            f"results `{m.run.results_file}`"
            for m in board.models
        ),  # fmt: skip
        "",
        "Each test case's samples were compiled and run against the task's hidden tests; pass_at_1 is the share "
        "of tasks whose first sample passes every test (unbiased estimator). "
        + (
            "Passed samples were timed against the task's reference (`perf: true`, docs/perf.md). "
            if board.has_perf
            else ""
        )
        + "Ranked by pass_at_1, then fast_1.",
        "",
        "Evaluation settings (the testenv's `hip_coding:` block, as each case recorded it):",
        "",
        *(_settings(board) or ["- not recorded (runs without run.json)"]),
        "",
        "## Environment",
        "",
        *_environment(board),
        "",
        "## Results",
        "",
        f"The leaderboard is [here](../../{leaderboard_file(scenario(board)).as_posix()}).",
        "",
        markdown_table(tables.ranking(board)),
        "",
        "### pass@1 by level (1 single operation, 2 fused chain, 3 multi-kernel algorithm)",
        "",
        markdown_table(tables.breakdown(board, "level")),
        "",
        "### pass@1 by category",
        "",
        markdown_table(tables.breakdown(board, "category")),
        "",
        "### Failure kinds (samples per status)",
        "",
        markdown_table(tables.failure_kinds(board)),
        "",
    ]
    if board.has_perf:
        parts += [
            "### Performance",
            "",
            PERF_NOTE,
            "",
            markdown_table(tables.fast_p_table(board)),
            "",
            "fast_1 by level:",
            "",
            markdown_table(tables.perf_breakdown(board, "level")),
            "",
        ]
        slow = tables.slow_kernels(board)
        if slow[1]:
            parts += ["### Why the slowest kernels are slow", "", SLOW_NOTE, "", markdown_table(slow), ""]
    return "\n".join(parts)


def write_ianvs_leaderboard(board: Leaderboard, directory: Path) -> Sequence[Path]:
    """Write the leaderboard and the test report under `directory`; their paths."""
    name = scenario(board)
    leaderboard, report = directory / leaderboard_file(name), directory / test_report_file(name)
    for path, text in ((leaderboard, render_leaderboard(board)), (report, render_test_report(board))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return leaderboard, report

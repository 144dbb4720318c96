"""leaderboard.md: the ranking, per-category pass@1, failure kinds, fast_p and the counters of slow kernels
(timed runs) and any Ianvs rank, as GitHub tables."""

from __future__ import annotations

from hip_coding.report import tables
from hip_coding.report.leaderboard import Leaderboard


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(table: tables.Table) -> str:
    header, rows = table
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


PERF_NOTE = (
    "Runs evaluated with --perf (docs/perf.md). speedup = reference time / sample time on the task's timing test; "
    "fast_p = share of all samples that passed and are faster than the reference by more than p (fast_0 = the "
    "timed pass rate); the geometric mean is over the timed passed samples. Every figure says its kind: "
    "'estimated (device)' is the analytic model of a named GPU fed with the cpu runtime's access profile, not a "
    "stopwatch; 'measured (backend)' comes from device events on a GPU."
)
SLOW_NOTE = (
    "Each timed model's slowest estimated samples with the profile counters that explain them: sectors per request "
    "(4 per 32 coalesced floats, one per lane for a scatter), uncoalesced share (the share of sectors moved "
    "beyond the bytes the lanes asked for: 0 when coalesced), "
    "shared-memory bank conflicts (replays) per shared request, and the most atomics on one address "
    "(same-address atomics serialise). bound: the roofline term that decides most of the estimated time."
)


def _perf_parts(board: Leaderboard) -> list[str]:
    parts = [
        "## Performance: fast_p and speedup",
        "",
        PERF_NOTE,
        "",
        markdown_table(tables.fast_p_table(board)),
        "",
        "## fast_1 by level",
        "",
        markdown_table(tables.perf_breakdown(board, "level")),
        "",
        "## fast_1 by category",
        "",
        markdown_table(tables.perf_breakdown(board, "category")),
        "",
    ]
    slow = tables.slow_kernels(board)
    if slow[1]:
        parts += [
            "## Why the slowest kernels are slow (estimated profile counters)",
            "",
            SLOW_NOTE,
            "",
            markdown_table(slow),
            "",
        ]
    return parts


def render_markdown(board: Leaderboard) -> str:
    """The whole leaderboard page in Markdown."""
    parts = [
        "# hip-coding leaderboard",
        "",
        f"{len(board.models)} run(s) on the dataset `{board.dataset}`. Ranked by pass@1, then fast_1 (runs timed "
        "with --perf), then build@1, then run@1. "
        "build@k: the program compiled; run@k: it also ran to completion with a complete result protocol; "
        "pass@k: every test passed. pass@k uses the unbiased estimator 1 - C(n-c, k)/C(n, k) averaged over the "
        "tasks with at least k samples; a dash means no task has enough samples.",
        "",
        "## Ranking",
        "",
        markdown_table(tables.ranking(board)),
        "",
        *(_perf_parts(board) if board.has_perf else []),
        "## pass@1 by category",
        "",
        markdown_table(tables.breakdown(board, "category")),
        "",
        "## pass@1 by difficulty",
        "",
        markdown_table(tables.breakdown(board, "difficulty")),
        "",
        "## pass@1 by level (1 single operation, 2 fused chain, 3 multi-kernel algorithm)",
        "",
        markdown_table(tables.breakdown(board, "level")),
        "",
        "## pass@1 by language",
        "",
        markdown_table(tables.breakdown(board, "language")),
        "",
        "## Failure kinds (samples per status)",
        "",
        markdown_table(tables.failure_kinds(board)),
        "",
        "## Runs",
        "",
        markdown_table(tables.runs(board)),
        "",
    ]
    for rank in board.rank_tables:
        parts += [f"## Ianvs ranking: `{rank.path}`", "", markdown_table(tables.rank_table(rank, board)), ""]
    return "\n".join(parts)

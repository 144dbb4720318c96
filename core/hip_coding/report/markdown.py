"""leaderboard.md: the ranking, per-category pass@1, failure kinds and any Ianvs rank, as GitHub tables."""

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


def render_markdown(board: Leaderboard) -> str:
    """The whole leaderboard page in Markdown."""
    parts = [
        "# hip-coding leaderboard",
        "",
        f"{len(board.models)} run(s) on the dataset `{board.dataset}`. Ranked by pass@1, then build@1, then run@1. "
        "build@k: the program compiled; run@k: it also ran to completion with a complete result protocol; "
        "pass@k: every test passed. pass@k uses the unbiased estimator 1 - C(n-c, k)/C(n, k) averaged over the "
        "tasks with at least k samples; a dash means no task has enough samples.",
        "",
        "## Ranking",
        "",
        markdown_table(tables.ranking(board)),
        "",
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

"""leaderboard.html: one self-contained page (inline CSS, figures as data: URIs, no external URL at all).

A reader may open it offline, mail it or attach it to a CI run; nothing it shows depends on a network
or on files beside it.
"""

from __future__ import annotations

from html import escape

from hip_coding.report import markdown, tables
from hip_coding.report.leaderboard import Leaderboard
from hip_coding.report.plots import Plot

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.6em 0 1.4em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
table.perf th, table.perf td { overflow-wrap: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #444; margin-top: 0.4em; }
.note { color: #555; font-size: 0.9em; }
"""


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return cell == tables.MISSING
    return True


def html_table(table: tables.Table, table_id: str, css_class: str = "") -> str:
    header, rows = table
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{escape(c)}</td>' if _is_number(c) else f"<td>{escape(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    klass = f' class="{escape(css_class)}"' if css_class else ""
    return f'<table id="{escape(table_id)}"{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _figure(plot: Plot) -> str:
    return (
        f'<figure id="fig-{escape(plot.key)}"><img src="{plot.data_uri()}" alt="{escape(plot.caption)}">'
        f"<figcaption><b>{escape(plot.title)}.</b> {escape(plot.caption)}</figcaption></figure>"
    )


def _perf_sections(board: Leaderboard) -> list[str]:
    """fast_p, fast_1 by level and category, and the counters of the slowest estimated kernels."""
    sections = [
        "<h2>Performance: fast_p and speedup</h2>",
        f'<p class="note">{escape(markdown.PERF_NOTE)}</p>',
        html_table(tables.fast_p_table(board), "fast-p", "perf"),
        "<h2>fast_1 by level</h2>",
        html_table(tables.perf_breakdown(board, "level"), "fast-1-by-level"),
        "<h2>fast_1 by category</h2>",
        html_table(tables.perf_breakdown(board, "category"), "fast-1-by-category"),
    ]
    slow = tables.slow_kernels(board)
    if slow[1]:
        sections += [
            "<h2>Why the slowest kernels are slow (estimated profile counters)</h2>",
            f'<p class="note">{escape(markdown.SLOW_NOTE)}</p>',
            html_table(slow, "slow-kernels", "perf"),
        ]
    return sections


def render_html(board: Leaderboard, plots: list[Plot]) -> str:
    """The whole leaderboard page."""
    sections = [
        "<h1>hip-coding leaderboard</h1>",
        f'<p class="note">{len(board.models)} run(s) on the dataset <code>{escape(str(board.dataset))}</code>. '
        "Ranked by pass@1, then fast_1 (runs timed with --perf), then build@1, then run@1. build@k: the program "
        "compiled; run@k: it also ran to completion with a complete result protocol; pass@k: every test passed. "
        "pass@k uses the unbiased estimator 1 - C(n-c, k)/C(n, k) averaged over the tasks with at least k samples; "
        "a dash means no task has enough samples.</p>",
        "<h2>Ranking</h2>",
        html_table(tables.ranking(board), "ranking"),
        *(_perf_sections(board) if board.has_perf else []),
        "<h2>Plots</h2>",
        *(_figure(plot) for plot in plots),
        "<h2>pass@1 by category</h2>",
        html_table(tables.breakdown(board, "category"), "by-category"),
        "<h2>pass@1 by difficulty</h2>",
        html_table(tables.breakdown(board, "difficulty"), "by-difficulty"),
        "<h2>pass@1 by level (1 single operation, 2 fused chain, 3 multi-kernel algorithm)</h2>",
        html_table(tables.breakdown(board, "level"), "by-level"),
        "<h2>pass@1 by language</h2>",
        html_table(tables.breakdown(board, "language"), "by-language"),
        "<h2>Failure kinds (samples per status)</h2>",
        html_table(tables.failure_kinds(board), "failure-kinds"),
        "<h2>Runs</h2>",
        html_table(tables.runs(board), "runs"),
    ]
    for index, rank in enumerate(board.rank_tables, start=1):
        sections += [
            f"<h2>Ianvs ranking: <code>{escape(str(rank.path))}</code></h2>",
            html_table(tables.rank_table(rank, board), f"ianvs-rank-{index}"),
        ]
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>hip-coding leaderboard</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )

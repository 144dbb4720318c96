"""Leaderboard reports: `hip-coding report PATH --out DIR` writes leaderboard.md and leaderboard.html;
`--ianvs-leaderboard DIR` writes Ianvs's published-leaderboard files (ianvs_leaderboard.py).

PATH is a results file, a run directory or any tree of them (an Ianvs workspace included). The steps:
find the runs (runs.py) -> score them with the evaluation metrics (leaderboard.py) -> tables
(tables.py) -> Markdown (markdown.py) and a self-contained HTML page with figures (plots.py, page.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.report.leaderboard import Leaderboard, build_leaderboard
from hip_coding.report.markdown import render_markdown
from hip_coding.report.runs import find_rank_tables, find_runs
from hip_coding.tasks.release import default_dataset_dir, load_records

log = logging.getLogger(__name__)

MARKDOWN_FILE = "leaderboard.md"
HTML_FILE = "leaderboard.html"

__all__ = ["HTML_FILE", "MARKDOWN_FILE", "Report", "load_leaderboard", "write_ianvs_files", "write_report"]


@dataclass(frozen=True)
class Report:
    """What `write_report` produced."""

    leaderboard: Leaderboard
    markdown: Path
    html: Path


def load_leaderboard(path: Path, dataset: Path | None = None, ks: Sequence[int] = (1, 5, 10)) -> Leaderboard:
    """Find the runs under `path` and score them against `dataset` (default: the bundled dataset)."""
    dataset = dataset or default_dataset_dir()
    rank_tables = find_rank_tables(path)
    runs = find_runs(path, rank_tables)
    records = load_records(dataset)
    log.info("report: %d run(s) under %s", len(runs), path)
    return build_leaderboard(runs, records, dataset, ks, rank_tables=rank_tables)


def _make_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{out}: cannot create the output directory: {err}") from err


def write_ianvs_files(board: Leaderboard, directory: Path) -> tuple[Path, ...]:
    """Ianvs's convention under `directory`: leaderboards/<job>/leaderboard-of-singletasklearning.md and a test
    report under proposals/test-reports/ (docs/report.md)."""
    from hip_coding.report.ianvs_leaderboard import write_ianvs_leaderboard

    _make_dir(directory)
    return tuple(write_ianvs_leaderboard(board, directory))


def write_report(
    path: Path, out: Path, dataset: Path | None = None, ks: Sequence[int] = (1, 5, 10), board: Leaderboard | None = None
) -> Report:
    """Write `out/leaderboard.md` and `out/leaderboard.html` for the runs under `path` (or the given board)."""
    from hip_coding.report.page import render_html  # matplotlib is imported only when a page is made
    from hip_coding.report.plots import all_plots

    board = board or load_leaderboard(path, dataset, ks)
    _make_dir(out)
    markdown = out / MARKDOWN_FILE
    html = out / HTML_FILE
    markdown.write_text(render_markdown(board), encoding="utf-8")
    html.write_text(render_html(board, all_plots(board)), encoding="utf-8")
    return Report(board, markdown, html)

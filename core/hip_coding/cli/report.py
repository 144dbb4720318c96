"""`hip-coding report PATH --out DIR [--ianvs-leaderboard DIR]`: a leaderboard (Markdown and one self-contained
HTML page), and Ianvs's published-leaderboard files (docs/report.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hip_coding.errors import InputError


def _ks(text: str) -> tuple[int, ...]:
    try:
        ks = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise InputError(f"--k: expected comma-separated integers, got {text!r}") from None
    if not ks or min(ks) < 1:
        raise InputError("--k: values must be >= 1")
    return ks


def _cmd_report(args: argparse.Namespace) -> int:
    from hip_coding.report import load_leaderboard, write_ianvs_files, write_report  # matplotlib: only here

    if args.out is None and args.ianvs_leaderboard is None:
        raise InputError("report: give --out DIR, --ianvs-leaderboard DIR, or both")
    board = load_leaderboard(args.path, args.dataset, _ks(args.k))
    for place, model in enumerate(board.models, start=1):
        timed = f"  fast_1 {model.metric('fast_1') or 0.0:.3f} {model.perf_label}" if model.has_perf else ""
        print(
            f"{place:>3}. {model.label}: pass@1 {model.metric('pass@1') or 0.0:.3f}  "
            f"build@1 {model.metric('build@1') or 0.0:.3f}  run@1 {model.metric('run@1') or 0.0:.3f}{timed}"
        )
    if args.out is not None:
        report = write_report(args.path, args.out, board=board)
        print(f"wrote {report.markdown} and {report.html}")
    if args.ianvs_leaderboard is not None:
        print("wrote " + " and ".join(str(p) for p in write_ianvs_files(board, args.ianvs_leaderboard)))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `report`."""
    cmd = commands.add_parser("report", help="leaderboard (Markdown + HTML with plots) from results or a workspace")
    cmd.add_argument(
        "path", type=Path, help="a results .jsonl file, a run directory, or a tree of them (Ianvs workspace)"
    )
    cmd.add_argument("--out", type=Path, help="directory for leaderboard.md and leaderboard.html")
    cmd.add_argument(
        "--ianvs-leaderboard",
        type=Path,
        metavar="DIR",
        help="write DIR/leaderboards/<job>/leaderboard-of-singletasklearning.md and a test report under "
        "DIR/proposals/test-reports/ (Ianvs's convention; PATH holds one job's rank file, e.g. workspace/<job>)",
    )
    cmd.add_argument("--dataset", type=Path, help="release JSONL file or dataset directory (default: the bundled one)")
    cmd.add_argument("--k", default="1,5,10", help="k values for the pass@k columns (default 1,5,10)")
    cmd.set_defaults(handler=_cmd_report)

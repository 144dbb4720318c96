"""`hip-coding bench -f JOB.yaml`: run an Ianvs benchmarking job, with Ianvs when installed, else built in."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from hip_coding.errors import InputError

RUNNERS = ("auto", "ianvs", "builtin")


def _cmd_bench(args: argparse.Namespace) -> int:
    job = Path(args.file)
    if not job.is_file():
        raise InputError(f"{job}: no such job file (paths resolve against the current directory, {Path.cwd()})")
    ianvs = shutil.which("ianvs")
    if args.runner == "ianvs" and ianvs is None:
        raise InputError("--runner ianvs: the `ianvs` command is not installed")
    if ianvs is not None and args.runner in ("auto", "ianvs"):
        print(f"hip-coding: running the job with Ianvs ({ianvs})", flush=True)
        return subprocess.call([ianvs, "-f", str(job)])

    from hip_coding.ianvs.runner import run_job  # imports pandas and the plugins: only when needed

    print("hip-coding: Ianvs is not installed; running the job with the built-in runner", flush=True)
    rank = run_job(job)
    table = rank.table()
    if table:
        print(table)
    print(
        f"rank files: {rank.all_rank_file if rank.all_rank_file and rank.all_rank_file.is_file() else ''} "
        f"{rank.selected_rank_file}"
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "bench",
        help="run an Ianvs benchmarking job (with Ianvs if installed, else the built-in runner)",
        description="Run a benchmarking job from the repository root, e.g. "
        "`hip-coding bench -f examples/hip_coding/benchmarkingjob.yaml`. Paths in the job resolve against "
        "the current directory, as in Ianvs.",
    )
    parser.add_argument("-f", "--file", required=True, metavar="JOB.yaml", help="the benchmarkingjob yaml")
    parser.add_argument(
        "--runner", choices=RUNNERS, default="auto", help="auto (default): Ianvs when the `ianvs` command exists"
    )
    parser.set_defaults(handler=_cmd_bench)

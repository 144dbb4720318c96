"""`hip-coding evaluate`: judge a samples file against a dataset and print the funnel metrics."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.evaluation import metrics
from hip_coding.evaluation.config import EvalConfig, csv_names
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.evaluation.executors import EXECUTORS, make_executor
from hip_coding.execution.backends import BACKENDS
from hip_coding.execution.options import Mode
from hip_coding.tasks.release import default_dataset_dir


def _cmd_evaluate(args: argparse.Namespace) -> int:
    config = EvalConfig.from_options(
        backend=args.backend,
        mode=args.mode,
        compile_check=args.compile_check or "",
        timeout_scale=args.timeout_scale,
    )
    try:
        ks = tuple(sorted({int(k) for k in csv_names(args.k)}))
    except ValueError:
        raise InputError(f"--k: expected comma-separated integers, got {args.k!r}") from None
    if not ks or min(ks) < 1:
        raise InputError("--k: values must be >= 1")
    perf_config = None
    if args.perf:  # checked before the evaluation: a typo in the device must not cost a whole run
        from hip_coding.perf.annotate import PerfConfig

        perf_config = PerfConfig(args.backend, args.perf_device)
    executor = make_executor(args.executor, workers=args.workers, ray_address=args.ray_address, backend=args.backend)
    try:
        done = evaluate(
            args.dataset or default_dataset_dir(),
            args.samples,
            args.out,
            config,
            ks=ks,
            use_cache=not args.no_cache,
            executor=executor,
        )
    finally:
        executor.close()
    print(metrics.table(done.summary, "category"))
    counts = done.summary.status_counts
    print("statuses: " + ", ".join(f"{k}={v}" for k, v in counts.items() if v))
    summary = done.summary
    if perf_config is not None:  # a pass over the results; docs/perf.md
        from hip_coding.perf.annotate import annotate_results

        dataset = args.dataset or default_dataset_dir()
        perf = annotate_results(dataset, args.samples, args.out, backend=perf_config.backend, device=perf_config.device)
        summary = dataclasses.replace(summary, perf=perf)
    print(json.dumps(summary.to_dict(), sort_keys=True))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `evaluate`."""
    cmd = commands.add_parser("evaluate", help="evaluate samples: compile, run, verdicts, build@k/run@k/pass@k")
    cmd.add_argument("--dataset", type=Path, help="release JSONL file or dataset directory (default: the bundled one)")
    cmd.add_argument("--samples", type=Path, required=True, help='JSONL: {"task_id", "solution", "sample_id"?}')
    cmd.add_argument("--out", type=Path, required=True, help="results JSONL (appended; a rerun resumes)")
    cmd.add_argument("--backend", default="cpu", choices=sorted(BACKENDS))
    cmd.add_argument(
        "--mode", choices=[m.value for m in Mode], help="cpu checking mode (default: what each task needs)"
    )
    cmd.add_argument("--compile-check", metavar="nvcc,hipcc", help="also ask vendor compilers for a compile verdict")
    cmd.add_argument("--workers", type=int, default=2, help="samples evaluated in parallel (local executor)")
    cmd.add_argument(
        "--executor", choices=EXECUTORS, default="local", help="local threads, or a Ray cluster (docs/scale-out.md)"
    )
    cmd.add_argument("--ray-address", help="the Ray cluster to use (default: $RAY_ADDRESS, else a local one)")
    cmd.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every time limit (slow machines)")
    cmd.add_argument("--k", default="1", help="comma-separated k values for pass@k (default 1)")
    cmd.add_argument("--no-cache", action="store_true", help="ignore and do not fill the verdict cache")
    cmd.add_argument("--perf", action="store_true", help="time passed samples: fast_1, fast_2, speedup (docs/perf.md)")
    cmd.add_argument("--perf-device", default="h100-sxm", help="device model of the estimated kind on cpu")
    cmd.set_defaults(handler=_cmd_evaluate)

"""`hip-coding evaluate`: judge a samples file against a dataset and print the funnel metrics."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.evaluation import metrics
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.evaluation.pipeline import COMPILE_CHECKS, EvalConfig
from hip_coding.execution.backends import BACKENDS
from hip_coding.execution.options import Mode
from hip_coding.tasks.release import default_dataset_dir


def _csv(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _cmd_evaluate(args: argparse.Namespace) -> int:
    checks = _csv(args.compile_check or "")
    unknown = [c for c in checks if c not in COMPILE_CHECKS]
    if unknown:
        raise InputError(f"--compile-check: unknown compiler {unknown[0]!r} (choose from {', '.join(COMPILE_CHECKS)})")
    try:
        ks = tuple(sorted({int(k) for k in _csv(args.k)}))
    except ValueError:
        raise InputError(f"--k: expected comma-separated integers, got {args.k!r}") from None
    if not ks or min(ks) < 1:
        raise InputError("--k: values must be >= 1")
    if args.timeout_scale <= 0:
        raise InputError("--timeout-scale: must be positive")
    config = EvalConfig(
        backend=args.backend,
        modes=(Mode(args.mode),) if args.mode else None,
        compile_check=checks,
        timeout_scale=args.timeout_scale,
    )
    done = evaluate(
        args.dataset or default_dataset_dir(),
        args.samples,
        args.out,
        config,
        workers=args.workers,
        ks=ks,
        use_cache=not args.no_cache,
    )
    print(metrics.table(done.summary, "category"))
    counts = done.summary["status_counts"]
    assert isinstance(counts, dict)
    print("statuses: " + ", ".join(f"{k}={v}" for k, v in counts.items() if v))
    if args.perf:  # a pass over the results; docs/perf.md
        from hip_coding.perf.annotate import annotate_results

        dataset = args.dataset or default_dataset_dir()
        perf = annotate_results(dataset, args.samples, args.out, backend=args.backend, device=args.perf_device)
        done.summary.update({k: v for k, v in perf.items() if not k.startswith("by_")}, perf=perf)
    print(json.dumps(done.summary, sort_keys=True))
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
    cmd.add_argument("--workers", type=int, default=2, help="samples evaluated in parallel")
    cmd.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every time limit (slow machines)")
    cmd.add_argument("--k", default="1", help="comma-separated k values for pass@k (default 1)")
    cmd.add_argument("--no-cache", action="store_true", help="ignore and do not fill the verdict cache")
    cmd.add_argument("--perf", action="store_true", help="time passed samples: fast_1, fast_2, speedup (docs/perf.md)")
    cmd.add_argument("--perf-device", default="h100-sxm", help="device model of the estimated kind on cpu")
    cmd.set_defaults(handler=_cmd_evaluate)

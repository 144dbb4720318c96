"""The cost of `--perf` (the estimated path) next to a normal evaluation of the same samples, in one run.

Both start from an empty cache (a fresh HIP_CODING_CACHE_DIR): the normal evaluation compiles the
harness, records the golden data and judges each sample in every mode its task asks; the perf column
profiles the reference once per task and each sample (build in profile mode + one run of the timing
test) and applies the model. Samples are the references with a comment appended, so that neither side
takes a shortcut for the reference itself.

    .venv/bin/python benchmarks/perf_overhead.py [--tasks elementwise/saxpy,reduction/sum_f32]

Target (issue 15): evaluation with --perf costs at most 2x the evaluation without it, i.e. the perf column
at most the normal one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

ROOT = Path(__file__).resolve().parent.parent / "datasets" / "hip_coding" / "tasks"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", default="elementwise/saxpy,reduction/sum_f32,histogram/byte_histogram_256")
    parser.add_argument("--device", default="h100-sxm")
    args = parser.parse_args()
    from hip_coding.execution.runtime_cache import cache_root

    # Inside the usual cache root (sandboxed compilers see a private /tmp), fresh for this run.
    os.environ["HIP_CODING_CACHE_DIR"] = tempfile.mkdtemp(prefix="perf-bench-", dir=cache_root())

    from hip_coding.evaluation.config import EvalConfig
    from hip_coding.evaluation.evaluate import evaluate_samples
    from hip_coding.evaluation.samples import Sample
    from hip_coding.perf import estimate
    from hip_coding.tasks.build import load_task, records_for

    records = [next(r for r in records_for(load_task(ROOT / slug)) if r.answer.language == "cuda") for slug in args.tasks.split(",")]  # fmt: skip
    samples = [Sample(r.task_id, "0", r.answer.reference_solution + "\n// sample\n", 0) for r in records]

    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        evaluation = evaluate_samples(
            records, samples, Path(tmp) / "out.jsonl", EvalConfig(), workers=1, progress=False
        )
    normal = time.monotonic() - start
    statuses = [r.status for r in evaluation.results]

    start = time.monotonic()
    perfs = [estimate(record, sample.solution, args.device) for record, sample in zip(records, samples, strict=True)]
    perf = time.monotonic() - start

    print(f"{len(samples)} samples ({', '.join(str(s) for s in statuses)}), cold cache, one worker")
    print(f"{'normal evaluation':24} {normal:8.1f} s")
    print(f"{'--perf addition':24} {perf:8.1f} s")
    print(f"{'ratio with/without':24} {(normal + perf) / normal:8.2f} x   (target <= 2.00)")
    for record, p in zip(records, perfs, strict=True):
        d = p.to_dict()
        print(f"  {record.task_id:40} {d['kind']} {d['device']} {d['ms']:.4f} ms vs ref {d['ref_ms']:.4f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Evaluator throughput: the reference samples of every task, side by side with the bare work, in one run.

1. cold: `evaluate` on a fresh cache with 2 workers -> samples per minute;
2. bare: the same compiles and runs done directly with g++ and the binaries (2 workers, no sandbox, no
   checks, no cache) -> the evaluator's overhead ratio (target <= 1.2);
3. warm: `evaluate` again on the now-filled cache -> its time as a share of the cold run (target <= 5%).

    .venv/bin/python benchmarks/eval_throughput.py [--limit N] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "core"))

from hip_coding.execution.runtime_cache import cache_root  # noqa: E402

# A cold cache of its own, outside /tmp (sandboxed compilers see a private /tmp).
os.environ["HIP_CODING_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-", dir=cache_root())

from hip_coding.evaluation import protocol  # noqa: E402
from hip_coding.evaluation.config import EvalConfig  # noqa: E402
from hip_coding.evaluation.evaluate import evaluate  # noqa: E402
from hip_coding.execution import rewriter, runtime_cache, toolchains  # noqa: E402
from hip_coding.execution.backends.cpu import CpuBackend  # noqa: E402
from hip_coding.execution.options import BuildOptions, Mode  # noqa: E402
from hip_coding.tasks.release import load_records  # noqa: E402
from hip_coding.tasks.schema import Record  # noqa: E402

RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"


def bare_work(record: Record, work: Path) -> None:
    """What evaluating one reference minimally needs: compile harness and solution, link, run."""
    cpu = CpuBackend()
    gxx = toolchains.gxx()
    assert gxx is not None
    suffix = record.task_id.replace("/", "_")
    for mode in (Mode(m) for m in record.answer.modes.split(",")):
        flags = cpu.base_flags(record.answer.language, BuildOptions(mode=mode))
        prelude = runtime_cache.precompiled_prelude(gxx.path, flags)
        common = [gxx.path, *flags, f"-I{runtime_cache.installed_runtime()}", "-include", str(prelude), "-x", "c++"]
        harness, solution = work / f"{suffix}.{mode}.h.cpp", work / f"{suffix}.{mode}.s.cpp"
        harness.write_text(rewriter.rewrite(record.answer.harness))
        solution.write_text(rewriter.rewrite(record.answer.reference_solution))
        subprocess.run([*common, "-c", str(harness), "-o", f"{harness}.o"], check=True, capture_output=True)
        subprocess.run(
            [*common, str(solution), "-x", "none", f"{harness}.o", "-o", f"{solution}.out"],
            check=True,
            capture_output=True,
        )
        # The golden run: what the evaluator does for a reference (it records the harness's want data too).
        args = protocol.harness_arguments(protocol.golden_nonce("N"), record.answer.tolerance, record.answer.tests)
        subprocess.run([f"{solution}.out", *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    records = load_records(RELEASE)[: args.limit]
    with tempfile.TemporaryDirectory(prefix="hip-coding-bench-") as tmp:
        work = Path(tmp)
        dataset = work / "data.jsonl"
        dataset.write_text("".join(json.dumps(r.model_dump(mode="json")) + "\n" for r in records))
        samples = work / "samples.jsonl"
        samples.write_text(
            "".join(json.dumps({"task_id": r.task_id, "solution": r.answer.reference_solution}) + "\n" for r in records)
        )
        # Warm the precompiled headers first: both sides use them, neither should pay for building them.
        for record in records:
            for mode in record.answer.modes.split(","):
                flags = CpuBackend().base_flags(record.answer.language, BuildOptions(mode=Mode(mode)))
                runtime_cache.precompiled_prelude(toolchains.gxx().path, flags)  # type: ignore[union-attr]

        start = time.perf_counter()
        cold = evaluate(dataset, samples, work / "cold.jsonl", EvalConfig(), workers=args.workers, progress=False)
        cold_s = time.perf_counter() - start

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(lambda r: bare_work(r, work), records))
        bare_s = time.perf_counter() - start

        start = time.perf_counter()
        warm = evaluate(dataset, samples, work / "warm.jsonl", EvalConfig(), workers=args.workers, progress=False)
        warm_s = time.perf_counter() - start

    n = len(records)
    print(
        f"records: {n}, workers: {args.workers}, pass@1 cold {cold.summary.metric('pass@1')} warm {warm.summary.metric('pass@1')}"
    )
    print(f"{'cold evaluate':24} {cold_s:8.1f} s   {60 * n / cold_s:7.1f} samples/min")
    print(f"{'bare compile+run':24} {bare_s:8.1f} s   {60 * n / bare_s:7.1f} samples/min")
    print(f"{'warm evaluate (cache)':24} {warm_s:8.1f} s")
    print(f"overhead ratio (cold / bare): {cold_s / bare_s:.2f}   (target <= 1.2)")
    print(f"warm share of cold: {100 * warm_s / cold_s:.1f}%   (target <= 5%)")


if __name__ == "__main__":
    main()

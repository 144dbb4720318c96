"""Check the measured performance path on a machine with a GPU; say so plainly when there is none.

For a few tasks, times the reference solution against itself with the harness's protocol (device events,
warm-up, trials, an L2 flush between trials, reference -> candidate -> candidate -> reference) and prints
the medians, the spread and the speedup (which should be close to 1.0: the same code on both sides), then
the estimated time of the same reference on the named device model, for comparison.

    .venv/bin/python benchmarks/gpu_perf.py [--backend cuda|rocm] [--device h100-sxm] [--tasks a,b]

Without a GPU it prints why and exits 0 with nothing measured (`--cpu` runs the protocol on the cpu
runtime instead: `measured-cpu`, not a GPU figure).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

from hip_coding.execution.backends import get_backend  # noqa: E402
from hip_coding.perf import ProfileError, estimate, measure  # noqa: E402
from hip_coding.tasks.build import load_task, records_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "datasets" / "hip_coding" / "tasks"
DEFAULT_TASKS = "elementwise/saxpy,reduction/sum_f32,matmul/sgemm_tiled"


def has_device(backend: str) -> tuple[bool, str]:
    """(a GPU of this backend is here, what the backend says about its toolchain and device)."""
    available, detail = get_backend(backend).availability()
    return available and "GPU present" in detail, detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("cuda", "rocm"), default=None, help="default: whichever has a GPU")
    parser.add_argument("--device", default="h100-sxm", help="device model for the estimate column")
    parser.add_argument("--tasks", default=DEFAULT_TASKS)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--cpu", action="store_true", help="run the protocol on the cpu runtime (measured-cpu)")
    args = parser.parse_args()

    if args.cpu:
        backend = "cpu"
    else:
        candidates = [args.backend] if args.backend else ["cuda", "rocm"]
        found = [(b, *has_device(b)) for b in candidates]
        present = [b for b, ok, _ in found if ok]
        if not present:
            print("NO GPU on this machine: nothing measured.")
            for b, _, detail in found:
                print(f"  {b}: {detail}")
            print("Run on a machine with an NVIDIA (cuda) or AMD (rocm) GPU, or pass --cpu for the protocol check.")
            return 0
        backend = present[0]

    print(f"backend {backend}; estimated column: {args.device} (kind estimated)")
    print(f"{'task':32} {'kind':13} {'ref ms':>10} {'cand ms':>10} {'spread':>7} {'speedup':>8} {'est ms':>9}")
    for slug in args.tasks.split(","):
        language = "hip" if backend == "rocm" else "cuda"
        record = next(r for r in records_for(load_task(ROOT / slug)) if r.answer.language == language)
        try:
            timed = measure(record, record.answer.reference_solution, backend, trials=args.trials)
            guess = estimate(record, record.answer.reference_solution, args.device)
        except ProfileError as err:
            print(f"{slug:32} failed: {err}")
            continue
        print(
            f"{slug:32} {timed.kind:13} {timed.ref_ms:10.4f} {timed.ms:10.4f} {timed.spread:7.3f} "
            f"{timed.speedup:8.3f} {guess.ms:9.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

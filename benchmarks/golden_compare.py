"""Golden comparison: `evaluate` on the full release (references and negatives) by two versions of the code.

Proves a refactor of the evaluator changed no verdict. Takes tens of minutes on two cores, so it is a
benchmark script, not a test.

1. `samples OUT`: every record's reference solution and every HIP task's negatives (its `negatives` from
   task.yaml applied to the reference), one samples file;
2. `run --core DIR SAMPLES OUT`: `hip-coding evaluate` of those samples with the sources under DIR, the
   verdict cache off (golden data may come from the cache), the task's declared modes;
3. `compare BEFORE AFTER`: status, deciding mode and per-test ok of every sample must be identical
   (seconds and messages may differ); prints the counts and every difference, exits 1 on any.

    .venv/bin/python benchmarks/golden_compare.py samples /tmp/golden/samples.jsonl
    nice -n 10 .venv/bin/python benchmarks/golden_compare.py run --core /work/wt/base/core samples.jsonl before.jsonl
    .venv/bin/python benchmarks/golden_compare.py compare before.jsonl after.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
TASKS = ROOT / "datasets" / "hip_coding" / "tasks"


def write_samples(out: Path) -> None:
    sys.path.insert(0, str(ROOT / "core"))
    from hip_coding.tasks.build import load_tasks, make_negative
    from hip_coding.tasks.release import load_records

    lines = []
    records = {r.task_id: r for r in load_records(RELEASE)}
    for record in records.values():
        lines.append(
            {"task_id": record.task_id, "sample_id": "reference", "solution": record.answer.reference_solution}
        )
    for task in load_tasks(TASKS):
        record = records[f"hip/{task.spec.id}"]
        for negative in task.spec.negatives:
            wrong = make_negative(record.answer.reference_solution, negative.edits)
            lines.append({"task_id": record.task_id, "sample_id": f"negative:{negative.name}", "solution": wrong})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} samples ({len(records)} references) -> {out}")


def run(core: Path, samples: Path, out: Path, workers: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(core.resolve())}
    command = [sys.executable, "-m", "hip_coding", "evaluate", "--dataset", str(RELEASE)]
    command += ["--samples", str(samples), "--out", str(out), "--no-cache", "--workers", str(workers)]
    subprocess.run(command, env=env, check=True, cwd=core.resolve().parent)


def _verdicts(path: Path) -> dict[tuple[str, str], tuple[str, str, tuple[tuple[str, bool], ...]]]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        tests = tuple((str(t["name"]), bool(t["ok"])) for t in data["tests"])
        found[(data["task_id"], data["sample_id"])] = (data["status"], data["mode"], tests)
    return found


def compare(before: Path, after: Path) -> int:
    old, new = _verdicts(before), _verdicts(after)
    differ = sorted(key for key in old.keys() & new.keys() if old[key] != new[key])
    only = sorted(old.keys() ^ new.keys())
    print(f"samples: before {len(old)}, after {len(new)}, in both {len(old.keys() & new.keys())}")
    print("statuses before: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(v[0] for v in old.values()).items())))
    print("statuses after:  " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(v[0] for v in new.values()).items())))
    for key in only:
        print(f"only in {'before' if key in old else 'after'}: {key}")
    for key in differ:
        print(f"differs: {key}: {old[key]} -> {new[key]}")
    print(f"identical (status, mode, per-test ok): {len(old.keys() & new.keys()) - len(differ)}; differ: {len(differ)}")
    return 1 if differ or only else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("samples")
    make.add_argument("out", type=Path)
    ran = sub.add_parser("run")
    ran.add_argument("--core", type=Path, default=ROOT / "core", help="the sources to evaluate with")
    ran.add_argument("--workers", type=int, default=2)
    ran.add_argument("samples", type=Path)
    ran.add_argument("out", type=Path)
    both = sub.add_parser("compare")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "samples":
        write_samples(args.out)
    elif args.command == "run":
        run(args.core, args.samples, args.out, args.workers)
    else:
        return compare(args.before, args.after)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The files of one Ianvs test case, under $RESULT_SAVED_URL, that `hip-coding report` reads back.

Ianvs gives every run of a case a fresh directory, `<job>/<algorithm>/<case id>/output/inference/`, so a job
rerun after a crash would generate everything again; `earlier_run` finds the directory of an earlier run of the
same algorithm with the same settings, whose samples the basemodel continues from (docs/ianvs.md).

`run.json` (written by the basemodel: label, backend, model, hyperparameters; the metrics add the summary),
`samples.jsonl` (every generated sample, raw replies included), `results.jsonl` (one evaluation result
per sample) and `summary.json` (the metrics with their breakdowns).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hip_coding.jsonl import write_atomically

RUN_FILE = "run.json"
SAMPLES_FILE = "samples.jsonl"
RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"
ERROR_FILE = "error.txt"


def output_dir() -> Path:
    """$RESULT_SAVED_URL (created here: Ianvs does not create it), else a fresh temporary directory."""
    url = os.environ.get("RESULT_SAVED_URL")
    path = Path(url) if url else Path(tempfile.mkdtemp(prefix="hip-coding-case-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_json(path: Path, data: object) -> None:
    """Replace `path` atomically, so a crash never leaves half a file."""
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def update_run(directory: Path, **fields: Any) -> None:
    """Merge `fields` into run.json."""
    path = directory / RUN_FILE
    run = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    write_json(path, {**run, **fields})


def _samples_in(directory: Path) -> int:
    path = directory / SAMPLES_FILE
    return sum(1 for line in path.open("rb") if line.strip()) if path.is_file() else 0


def earlier_run(out: Path, identity: dict[str, Any]) -> Path | None:
    """The sibling case directory (same job and algorithm) whose run.json has `identity` and the most samples."""
    if out.parts[-2:] != ("output", "inference"):
        return None  # not an Ianvs case directory
    candidates = []
    for run_file in out.parents[2].glob(f"*/output/inference/{RUN_FILE}"):
        directory = run_file.parent
        if directory.resolve() == out.resolve():
            continue
        try:
            run = json.loads(run_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(run, dict) and all(run.get(k) == v for k, v in identity.items()) and _samples_in(directory):
            candidates.append((_samples_in(directory), directory))
    return max(candidates)[1] if candidates else None


def continue_earlier_run(out: Path, identity: dict[str, Any]) -> Path | None:
    """Copy the samples of `earlier_run` into a case directory that has none yet; returns where they came from."""
    if (out / SAMPLES_FILE).exists():
        return None
    source = earlier_run(out, identity)
    if source is not None:
        shutil.copyfile(source / SAMPLES_FILE, out / SAMPLES_FILE)
    return source

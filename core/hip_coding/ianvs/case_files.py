"""The files of one Ianvs test case, under $RESULT_SAVED_URL, that `hip-coding report` reads back.

`run.json` (written by the basemodel: label, backend, model, hyperparameters; the metrics add the summary),
`samples.jsonl` (every generated sample, raw replies included), `results.jsonl` (one evaluation result
per sample) and `summary.json` (the metrics with their breakdowns).
"""

from __future__ import annotations

import json
import os
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

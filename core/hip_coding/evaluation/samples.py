"""Read a samples file: one JSON object per line, `{"task_id", "solution"}` and an optional `"sample_id"`.

Structural problems (broken JSON, a missing field, a task the dataset does not have) stop the run with
an error naming the file, the line and the field. A solution that is merely bad (empty, huge) is the
model's failure, not the user's: it becomes a per-sample verdict, with a warning naming the line.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from hip_coding import jsonl
from hip_coding.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sample:
    task_id: str
    sample_id: str
    solution: str
    line: int


def load_samples(path: Path, known_task_ids: set[str]) -> list[Sample]:
    """Every sample of `path`, validated against the dataset's task ids."""
    if not path.is_file():
        raise InputError(f"{path}: no such samples file")
    samples: list[Sample] = []
    counters: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for number, data in jsonl.read_numbered(path):
        where = f"{path}:{number}"
        task_id = data.get("task_id")
        if not isinstance(task_id, str):
            raise InputError(f"{where}: task_id: missing or not a string")
        if task_id not in known_task_ids:
            raise InputError(f"{where}: task_id: unknown task {task_id!r}")
        solution = data.get("solution")
        if not isinstance(solution, str):
            raise InputError(f"{where}: solution: missing or not a string")
        raw_id = data.get("sample_id", counters[task_id])
        if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
            raise InputError(f"{where}: sample_id: must be a string or an integer")
        counters[task_id] += 1
        sample_id = str(raw_id)
        if (task_id, sample_id) in seen:
            raise InputError(f"{where}: sample_id: duplicate {sample_id!r} for {task_id}")
        seen.add((task_id, sample_id))
        if not solution.strip():
            log.warning("%s: solution: empty (counted as rejected)", where)
        samples.append(Sample(task_id, sample_id, solution, number))
    return samples

"""`evaluate --perf`: attach a `perf` record to every passed sample of a results file (docs/perf.md).

A pass over the results the evaluation wrote: each `passed` line without `perf` gets one, estimated on
`cpu` (named device model) or measured on a GPU backend; a sample that cannot be timed keeps its verdict
and gets no `perf` (logged). The file is replaced in one step. Returns the perf summary (fast_p, geomean).
"""

from __future__ import annotations

import logging
from pathlib import Path

from tqdm import tqdm

from hip_coding import jsonl
from hip_coding.evaluation.samples import load_samples
from hip_coding.perf.devices import DEFAULT_DEVICE
from hip_coding.perf.estimate import ProfileError, estimate
from hip_coding.perf.measured import measure
from hip_coding.perf.metrics import perf_summary
from hip_coding.perf.result import Perf
from hip_coding.tasks.release import load_records

log = logging.getLogger(__name__)


def _perf_of(line: dict[str, object]) -> Perf | None:
    raw = line.get("perf")
    if not isinstance(raw, dict):
        return None
    fields = ("backend", "kind", "device", "ms", "ref_ms", "spread")
    return Perf(**{k: raw[k] for k in fields if k in raw})


def annotate_results(
    dataset: Path, samples_path: Path, out: Path, *, backend: str = "cpu", device: str = DEFAULT_DEVICE
) -> dict[str, object]:
    """Add `perf` to the passed samples of `out` and return the perf summary over all its samples."""
    records = {r.task_id: r for r in load_records(dataset)}
    solutions = {(s.task_id, str(s.sample_id)): s.solution for s in load_samples(samples_path, set(records))}
    lines = jsonl.read_strict(out)
    todo = [line for line in lines if line.get("status") == "passed" and "perf" not in line]
    for line in tqdm(todo, unit="sample", desc="perf", disable=None):
        record = records[line["task_id"]]
        solution = solutions.get((line["task_id"], str(line["sample_id"])))
        if solution is None:
            continue
        try:
            perf = estimate(record, solution, device) if backend == "cpu" else measure(record, solution, backend)
        except ProfileError as err:
            log.warning("no perf for %s/%s: %s", line["task_id"], line["sample_id"], err)
            continue
        line["perf"] = perf.to_dict()
    jsonl.write_lines(out, lines, sort_keys=True)
    groups = []
    for line in lines:
        meta = records[line["task_id"]].meta
        labels = {"category": meta.category, "level": str(meta.level)}
        groups.append((labels, _perf_of(line) if line.get("status") == "passed" else None))
    return perf_summary(groups)

"""`evaluate --perf` and the testenv's `perf: true`: attach a `perf` record to every passed sample of a
results file (docs/perf.md).

A pass over the results the evaluation wrote: each `passed` line without `perf` gets one, estimated on
`cpu` (named device model) or measured on a GPU backend; a sample that cannot be timed keeps its verdict
and gets no `perf` (logged). The file is replaced in one step. Returns the perf summary (fast_p, geomean).
The CLI starts from files (`annotate_results`), the Ianvs metrics from records and samples in memory
(`annotate_lines`); both take the same `PerfConfig`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from hip_coding import jsonl
from hip_coding.evaluation.samples import Sample, load_samples
from hip_coding.perf.devices import DEFAULT_DEVICE, get_device
from hip_coding.perf.estimate import ProfileError, estimate
from hip_coding.perf.measured import measure
from hip_coding.perf.metrics import perf_summary
from hip_coding.perf.result import Perf
from hip_coding.tasks.release import load_records
from hip_coding.tasks.schema import Record

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PerfConfig:
    """How passed samples are timed: the evaluation's backend, and the device model of the estimated kind.

    An unknown device is an `InputError` here (`get_device` lists the known ones), whoever builds it.
    """

    backend: str = "cpu"
    device: str = DEFAULT_DEVICE

    def __post_init__(self) -> None:
        get_device(self.device)


def _perf_of(line: Mapping[str, object]) -> Perf | None:
    raw = line.get("perf")
    return Perf.from_dict(raw) if isinstance(raw, dict) else None


def annotate_lines(
    records: Mapping[str, Record], samples: Sequence[Sample], out: Path, config: PerfConfig
) -> dict[str, object]:
    """Add `perf` to the passed samples of the results file `out` and return the perf summary of all its lines."""
    solutions = {(s.task_id, str(s.sample_id)): s.solution for s in samples}
    lines = jsonl.read_strict(out)
    todo = [line for line in lines if line.get("status") == "passed" and "perf" not in line]
    for line in tqdm(todo, unit="sample", desc="perf", disable=None):
        record = records[line["task_id"]]
        solution = solutions.get((line["task_id"], str(line["sample_id"])))
        if solution is None:
            continue
        try:
            if config.backend == "cpu":
                perf = estimate(record, solution, config.device)
            else:
                perf = measure(record, solution, config.backend)
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


def annotate_results(
    dataset: Path, samples_path: Path, out: Path, *, backend: str = "cpu", device: str = DEFAULT_DEVICE
) -> dict[str, object]:
    """`annotate_lines` for a dataset and a samples file on disk (`hip-coding evaluate --perf`)."""
    records = {r.task_id: r for r in load_records(dataset)}
    samples = load_samples(samples_path, set(records))
    return annotate_lines(records, samples, out, PerfConfig(backend, device))

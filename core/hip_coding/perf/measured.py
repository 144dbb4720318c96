"""The measured path: the same timing protocol for the reference and the candidate, in both orders.

The harness does the timing (device events, warm-up, trials, an L2 flush before every trial; see the
timing section of hipcoding_harness.h); this module builds both programs, runs them reference ->
candidate -> candidate -> reference on the task's timing test, pools each one's trials and compares
medians. On a GPU backend with a device the figures are `measured`; on `cpu` they are `measured-cpu`,
the protocol's check, never a GPU figure (docs/perf.md).
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from hip_coding.evaluation import protocol
from hip_coding.evaluation.build import write_source
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import COMPILE_LIMITS, BuildOptions, RunOptions
from hip_coding.perf.estimate import PROFILE_RUN_LIMITS, SUFFIX, ProfileError, timing_test
from hip_coding.perf.result import Perf
from hip_coding.tasks.schema import Record

WARMUP = 2
TRIALS = 10


def parse_trials(stdout: str, nonce: str) -> list[float]:
    """The timed trials of one run (the `perf_test` line of this nonce; other lines are chatter)."""
    prefix = f"HIPCODING {nonce} "
    for line in stdout.splitlines():
        if line.startswith(prefix) and '"perf_test"' in line:
            try:
                payload: dict[str, Any] = json.loads(line[len(prefix) :])
            except ValueError:
                continue
            return [float(v) for v in payload.get("ms", []) if float(v) >= 0]
    return []


def _build(record: Record, solution: str, backend_name: str, folder: Path, name: str) -> Path:
    backend = get_backend(backend_name)
    language = record.answer.language
    harness = write_source(folder, f"harness_{name}{SUFFIX[language]}", record.answer.harness)
    source = write_source(folder, f"{name}{SUFFIX[language]}", solution)
    binary = folder / f"{name}.out"
    options = BuildOptions(backend=backend_name, language=language, limits=COMPILE_LIMITS)
    built = backend.compile([source, harness], binary, options)
    if not built.ok:
        raise ProfileError(f"{record.task_id}: {name} does not build for timing: {built.detail}")
    return binary


def _time(record: Record, binary: Path, backend_name: str, trials: int, warmup: int) -> list[float]:
    name, spec = timing_test(record)
    timed = {name: {**spec, "hc_perf_trials": trials, "hc_perf_warmup": warmup}}
    nonce = protocol.new_nonce()
    args = protocol.harness_arguments(nonce, record.answer.tolerance, timed)
    ran = get_backend(backend_name).run(binary, RunOptions(args=tuple(args), limits=PROFILE_RUN_LIMITS))
    if not ran.ok:
        raise ProfileError(f"{record.task_id}: the timed run failed: {ran.detail or ran.status}")
    ms = parse_trials(ran.stdout, nonce)
    if not ms:
        raise ProfileError(f"{record.task_id}: the timed run printed no trials")
    return ms


def _spread(ms: list[float]) -> float:
    """(p90 - p10) / median: how much the trials disagree."""
    if len(ms) < 2:
        return 0.0
    deciles = statistics.quantiles(ms, n=10, method="inclusive")
    median = statistics.median(ms)
    return (deciles[-1] - deciles[0]) / median if median > 0 else 0.0


def measure(record: Record, solution: str, backend: str = "cpu", trials: int = TRIALS, warmup: int = WARMUP) -> Perf:
    """Time the reference and the candidate with the harness's protocol, in both orders."""
    with tempfile.TemporaryDirectory(prefix="hip-coding-timing-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)
        reference = _build(record, record.answer.reference_solution, backend, folder, "reference")
        candidate = _build(record, solution, backend, folder, "candidate")
        ref_ms: list[float] = []
        cand_ms: list[float] = []
        for binary, pool in ((reference, ref_ms), (candidate, cand_ms), (candidate, cand_ms), (reference, ref_ms)):
            pool.extend(_time(record, binary, backend, trials, warmup))
    return Perf(
        backend=backend,
        kind="measured-cpu" if backend == "cpu" else "measured",
        device="cpu runtime" if backend == "cpu" else backend,
        ms=statistics.median(cand_ms),
        ref_ms=statistics.median(ref_ms),
        spread=_spread(cand_ms),
    )

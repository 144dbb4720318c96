"""Judge one solution of one task: static check, then each bench (one per checking mode) until one fails.

Never raises for anything the solution does: every failure is a `SampleResult` with a status.
"""

from __future__ import annotations

import time

from hip_coding.evaluation import protocol
from hip_coding.evaluation.bench import benches_for
from hip_coding.evaluation.build import SUFFIX, readable_tmp, trim, write_source
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.static_check import check_sample
from hip_coding.evaluation.vendor import compile_checks
from hip_coding.execution.status import Status
from hip_coding.tasks.schema import Record


def evaluate_solution(record: Record, solution: str, sample_id: str, config: EvalConfig) -> SampleResult:
    """Judge one solution under `config` (its timeout policy, modes, repeat count and vendor checks)."""
    start = time.monotonic()
    solution, violations = check_sample(solution, record.question.entry_point)
    if violations:
        messages = "\n".join(str(v) for v in violations)
        return SampleResult(record.task_id, sample_id, Status.REJECTED, messages=messages)
    checks = compile_checks(record, solution, config.compile_check)
    verdicts: list[protocol.TestVerdict] = []
    with readable_tmp("hip-coding-sample-") as tmp:
        source = write_source(tmp, f"solution{SUFFIX[record.answer.language]}", solution)
        for bench in benches_for(record, config):
            ran, verdicts = bench.judge(source)
            if ran.status is not Status.PASSED:
                failed = [v for v in verdicts if not v.ok]
                why = ran.detail or (f"{failed[0].name}: {failed[0].detail}" if failed else "")
                messages = trim(f"[{bench.mode}] {ran.status}: {why}\n{ran.stderr}".strip())
                return SampleResult(
                    record.task_id, sample_id, ran.status, tuple(verdicts), messages, str(bench.mode), checks,
                    time.monotonic() - start,
                )  # fmt: skip
    return SampleResult(
        record.task_id, sample_id, Status.PASSED, tuple(verdicts), "", "", checks, time.monotonic() - start
    )

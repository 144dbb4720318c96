"""Prove a task sound: its reference passes (HIP and CUDA), every listed wrong solution ends in `failed`.

This is what `hip-coding dataset check` runs for task authors and what the test suite runs for every
task in CI. With `vendor=True` the harness and reference also go through nvcc and hipcc (compile only).
Every solution is judged as `evaluate` judges it (the benches of evaluation/bench.py), with the same
timeout policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from hip_coding.evaluation.build import harness_object
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.judge import evaluate_solution
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.vendor import compile_checks, vendor_compiler_for
from hip_coding.execution.options import Mode
from hip_coding.execution.status import Status
from hip_coding.tasks.build import AuthoredTask, make_negative, records_for


@dataclass(frozen=True)
class Check:
    """One claim about a task and whether it held."""

    task_id: str
    what: str  # "reference", "negative:<name>", "vendor:<compiler>"
    ok: bool
    status: str
    detail: str = ""


def _reference_check(result: SampleResult) -> Check:
    return Check(result.task_id, "reference", result.status is Status.PASSED, result.status.value, result.messages)


def check_task(
    task: AuthoredTask,
    *,
    vendor: bool = False,
    negatives: bool = True,
    vendor_harness: bool = True,
    repeat_languages: tuple[str, ...] = ("hip", "cuda"),
) -> list[Check]:
    """Every check of one task, in a fixed order.

    `vendor_harness=False` compiles only the reference with nvcc/hipcc (what a sample's
    `--compile-check` does), not the harness too. References in `repeat_languages` run three times in
    every mode the task declares and must agree; the others once in normal mode (the CUDA record is a
    deterministic translation of the HIP one).
    """
    checks = []
    for record in records_for(task):
        language = record.question.language
        # Three identical runs must agree: a task whose verdict depends on scheduling is a broken task.
        # The others run once, in normal mode: the same code through the translator, whose perturb/race
        # behaviour the repeated twin already shows.
        repeated = language in repeat_languages
        config = EvalConfig(repeat=3) if repeated else EvalConfig(repeat=1, modes=(Mode.NORMAL,))
        reference = evaluate_solution(record, record.answer.reference_solution, "reference", config)
        checks.append(_reference_check(reference))
        if vendor:
            vendor_compiler = vendor_compiler_for(language)
            compiler = vendor_compiler.name
            try:
                if vendor_harness:
                    harness_object(record, vendor_compiler.backend, Mode.NORMAL)
                verdict = compile_checks(record, record.answer.reference_solution, (compiler,))[compiler]
                checks.append(Check(record.task_id, f"vendor:{compiler}", verdict == "passed", verdict))
            except Exception as err:  # noqa: BLE001 - reported as a failed check
                checks.append(Check(record.task_id, f"vendor:{compiler}", False, "compile_error", str(err)[:2000]))
        if negatives and language == "hip":
            for negative in task.spec.negatives:
                wrong = make_negative(record.answer.reference_solution, negative.edits)
                # The generic wrong answers show in normal mode; a negative names the mode that catches it.
                modes = (Mode(negative.mode or "normal"),)
                result = evaluate_solution(record, wrong, negative.name, EvalConfig(modes=modes))
                # A wrong answer (`failed`), not a crash or a hang; a race the race mode finds is `failed` too.
                caught = result.status is Status.FAILED
                checks.append(
                    Check(record.task_id, f"negative:{negative.name}", caught, result.status.value, result.messages)
                )
    return checks

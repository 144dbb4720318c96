"""The evaluation core's seams: one validated configuration, the executor protocol, the bench's timeout policy.

Real compiles and runs of the saxpy task; the executor test plugs in its own executor, as a distributed
one would, and checks the driver alone writes the results.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from hip_coding.errors import InputError
from hip_coding.evaluation.bench import TimeoutPolicy, benches_for
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate_samples
from hip_coding.evaluation.executors import Job, judge_job
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.samples import Sample
from hip_coding.execution.options import Mode
from hip_coding.execution.status import Status
from hip_coding.ianvs.settings import load_settings
from hip_coding.tasks.release import load_records

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
TASK = "hip/elementwise/saxpy"


@pytest.fixture(scope="module")
def record():
    return next(r for r in load_records(RELEASE) if r.task_id == TASK)


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"backend": "tpu"}, "backend: unknown 'tpu'"),
        ({"modes": ("fast",)}, "mode: 'fast' is not a valid Mode"),
        ({"compile_check": ("nvcc", "clang")}, "compile check: unknown compiler 'clang'"),
        ({"timeout_scale": 0.0}, "timeout scale: must be positive"),
        ({"repeat": 0}, "repeat: must be at least 1"),
    ],
)
def test_a_bad_configuration_is_an_input_error(fields, message):
    with pytest.raises(InputError, match=message):
        EvalConfig(**fields)


def test_the_testenv_settings_are_checked_as_a_configuration(tmp_path):
    testenv = tmp_path / "testenv.yaml"
    testenv.write_text("testenv:\n  hip_coding:\n    compile_check: nvcc,gcc\n")
    with pytest.raises(InputError, match=r"testenv\.yaml: testenv\.hip_coding: compile check: unknown compiler 'gcc'"):
        load_settings(testenv)
    testenv.write_text("testenv:\n  hip_coding:\n    mode: race\n    compile_check: nvcc\n")
    config = load_settings(testenv).eval_config()
    assert config == EvalConfig(modes=(Mode.RACE,), compile_check=("nvcc",))


def test_the_timeout_policy_derives_from_the_reference_and_is_shared(record):
    policy = TimeoutPolicy()
    assert policy.seconds(0.5) == 20.0 and policy.seconds(3.0) == 30.0
    assert TimeoutPolicy(scale=2.0, fixed=5.0).seconds(100.0) == 10.0
    benches = benches_for(record, EvalConfig(timeout_scale=0.5))
    assert [b.mode for b in benches] == [Mode(m) for m in record.answer.modes.split(",")]
    seconds = benches[0].reference_seconds()
    assert seconds > 0  # the golden runs' compile and run time, every mode together
    assert {b.timeout for b in benches} == {max(20.0, 10.0 * seconds) * 0.5}


class ListExecutor:
    """A stand-in for a remote executor: jobs travel pickled, results come back in reverse order."""

    def __init__(self) -> None:
        self.sent: list[Job] = []
        self.closed = False

    def map(self, jobs: Sequence[Job]) -> Iterator[SampleResult]:
        travelled = [pickle.loads(pickle.dumps(job)) for job in jobs]
        self.sent += travelled
        yield from reversed([judge_job(job) for job in travelled])

    def status(self) -> str:
        return f"{len(self.sent)} sent"

    def close(self) -> None:
        self.closed = True


def test_any_executor_can_judge_and_the_driver_resumes(tmp_path, record):
    reference = record.answer.reference_solution
    samples = [
        Sample(TASK, "reference", reference, 1),
        Sample(TASK, "half", reference.replace("if (i < n)", "if (i < n / 2)"), 2),
        Sample(TASK, "main", reference + "\nint main() { return 0; }\n", 3),
    ]
    out = tmp_path / "results.jsonl"
    executor = ListExecutor()
    done = evaluate_samples([record], samples, out, EvalConfig(), use_cache=False, progress=False, executor=executor)
    assert [r.status for r in done.results] == [Status.PASSED, Status.FAILED, Status.REJECTED]  # in sample order
    assert len(executor.sent) == 3 and not executor.sent[0].config.result_cache
    assert not executor.closed  # the caller's executor stays the caller's to close
    assert len(out.read_text().splitlines()) == 3
    again = ListExecutor()
    resumed = evaluate_samples([record], samples, out, EvalConfig(), progress=False, executor=again)
    assert again.sent == [] and resumed.summary == done.summary
    assert done.summary.breakdowns["level"] == {str(record.meta.level): done.summary.funnel}


def test_a_verdict_that_changes_between_identical_runs_is_flaky_and_says_what_each_run_did(record):
    """A solution whose answer depends on where the stack landed (ASLR): some runs pass, others leave y
    untouched. Sixteen runs all alike has a chance of 2**-15."""
    from hip_coding.evaluation.judge import evaluate_solution

    coin = record.answer.reference_solution.replace(
        "  int blocks =",
        "  volatile int probe = 0;\n  if ((reinterpret_cast<unsigned long>(&probe) >> 12) & 1) {\n"
        '    fprintf(stderr, "skipped the launch\\n");\n    return;\n  }\n  int blocks =',
    )
    result = evaluate_solution(record, coin, "coin", EvalConfig(repeat=16, modes=(Mode.NORMAL,)))
    assert result.status is Status.RUNTIME_ERROR, result.messages
    assert "flaky: verdicts differ between identical runs" in result.messages
    # Each side of the disagreement is told: one run passed, the other failed a named test.
    assert "first run: " in result.messages and "other run: " in result.messages
    assert "passed, exit code 0" in result.messages
    assert re.search(r"failed, exit code 0, \w+: ", result.messages), result.messages
    assert "skipped the launch" in result.messages  # the failing run's own stderr, whichever run it was

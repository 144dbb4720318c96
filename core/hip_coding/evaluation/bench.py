"""A bench: everything needed to judge solutions of one task on one backend in one checking mode.

It owns the harness object, the golden data (through the content-addressed golden store), the build
and run options, and the timeout policy; `judge` compiles a solution against the harness, runs it and
returns the run and its per-test verdicts. Every path that judges a solution (evaluate, the Ianvs
metrics, `dataset check`, curation's test generation) goes through benches, so they share one timeout
policy and one cache (docs/evaluation.md).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hip_coding.evaluation import protocol
from hip_coding.evaluation.build import (
    EVALUATOR_VERSION,
    SUFFIX,
    compile_options,
    digest,
    harness_object,
    readable_tmp,
    trim,
    write_source,
)
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.golden import GOLDEN_STORE, Golden
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import RUN_LIMITS, BuildOptions, Mode, RunOptions
from hip_coding.execution.sandbox import Limits, MiB
from hip_coding.execution.status import ExecResult, Status
from hip_coding.tasks.schema import Record

#: The golden run of a reference gets this wall-clock limit (before the cpu backend's mode factors).
GOLDEN_TIMEOUT_SECONDS = 120.0
#: Runs print their checks' data on stdout (base64): enough room for the largest tests' outputs, and
#: all of it kept, so the protocol lines are never trimmed away. Also the cap on everything a run writes.
RUN_OUTPUT_BYTES = 96 * MiB

Verdicts = list[protocol.TestVerdict]


@dataclass(frozen=True)
class TimeoutPolicy:
    """A candidate's run limit: `factor` times the reference's own time, at least `floor`, times `scale`.

    The reference's time is its golden compile and run in every mode the evaluation checks, so it is
    measured once per task, backend and mode, ever. `fixed` replaces the derived limit (before scaling).
    """

    floor: float = 20.0
    factor: float = 10.0
    scale: float = 1.0
    fixed: float | None = None

    def seconds(self, reference_seconds: float) -> float:
        base = self.fixed if self.fixed is not None else max(self.floor, self.factor * reference_seconds)
        return base * self.scale


def _run_limits(timeout: float) -> Limits:
    scaled = RUN_LIMITS.scaled(timeout / RUN_LIMITS.wall_seconds)
    return dataclasses.replace(scaled, file_bytes=RUN_OUTPUT_BYTES, kept_output_bytes=RUN_OUTPUT_BYTES)


#: The first frame of a ThreadSanitizer race report: where the racing access is (`#0 kernel(...) file:line`).
_DIRECTORIES = re.compile(r"/[^\s:]*/")  # a frame's file keeps its name only (the sample's directory is temporary)
_RACE_FRAME = re.compile(r"ThreadSanitizer: data race.*?\n\s+#0 (.+?)(?: \(\S+\+0x[0-9a-f]+\))?\n", re.DOTALL)


def _race_failure(ran: ExecResult, mode: Mode) -> ExecResult | None:
    """A data race found by the race mode is a wrong answer (`failed`, docs/evaluation.md), named with its place."""
    raced = ran.status is Status.RUNTIME_ERROR and "ThreadSanitizer: data race" in ran.stderr
    if mode is not Mode.RACE or not raced:
        return None
    frame = _RACE_FRAME.search(ran.stderr)
    where = f" at {_DIRECTORIES.sub('', frame.group(1)).strip()}" if frame else ""
    return dataclasses.replace(ran, status=Status.FAILED, detail=f"data race{where}")


def _refine(ran: ExecResult, verdicts: Verdicts, mode: Mode = Mode.NORMAL) -> ExecResult:
    """A run that ended normally passes only when every test's data matched; output is not kept."""
    raced = _race_failure(ran, mode)
    if raced is not None:
        return dataclasses.replace(raced, stdout="")
    status = ran.status
    if status is Status.PASSED and not (verdicts and all(v.ok for v in verdicts)):
        status = Status.FAILED
    return dataclasses.replace(ran, status=status, stdout="")


def _one_line_account(ran: ExecResult, verdicts: Verdicts) -> str:
    """How one run ended, in a line: its status, exit code, detail and the first test it failed."""
    failed = next((v for v in verdicts if not v.ok), None)
    parts = [
        str(ran.status),
        f"exit code {ran.exit_code}",
        ran.detail,
        f"{failed.name}: {failed.detail}" if failed else "",
    ]
    return ", ".join(p for p in parts if p)[:400]


def _build_failure(built: ExecResult) -> ExecResult:
    status = Status.UNSUPPORTED if built.status is Status.UNSUPPORTED else Status.COMPILE_ERROR
    return dataclasses.replace(built, status=status)


_TASK_SECONDS: dict[tuple[str, ...], float] = {}


@dataclass(frozen=True)
class Bench:
    """Judges solutions of `record` on `backend` in `mode`; `task_modes` are the modes judged with it."""

    record: Record
    backend: str
    mode: Mode
    task_modes: tuple[Mode, ...]
    repeat: int = 1
    policy: TimeoutPolicy = TimeoutPolicy()

    @property
    def options(self) -> BuildOptions:
        return compile_options(self.backend, self.record.answer.language, self.mode)

    @property
    def key(self) -> str:
        """The content address of this bench's golden data: the task's hidden parts and the toolchain."""
        answer = json.dumps(self.record.answer.model_dump(mode="json"), sort_keys=True)
        toolchain = get_backend(self.backend).toolchain_id(self.options)
        return digest("golden", EVALUATOR_VERSION, toolchain, answer)

    def harness(self) -> Path:
        return harness_object(self.record, self.backend, self.mode)

    def golden(self) -> Golden:
        return GOLDEN_STORE.get(self.key, self._record_golden)

    def sibling(self, mode: Mode) -> Bench:
        return dataclasses.replace(self, mode=mode)

    def reference_seconds(self) -> float:
        """The reference's golden compile and run time summed over `task_modes`: what timeouts derive from."""
        siblings = [self.sibling(mode) for mode in self.task_modes]
        keys = tuple(s.key for s in siblings)
        if keys not in _TASK_SECONDS:
            _TASK_SECONDS[keys] = sum(s.golden().seconds for s in siblings)
        return _TASK_SECONDS[keys]

    @property
    def timeout(self) -> float:
        if self.policy.fixed is not None:
            return self.policy.seconds(0.0)
        return self.policy.seconds(self.reference_seconds())

    def judge(self, source: Path) -> tuple[ExecResult, Verdicts]:
        """Compile the solution at `source` with the harness, run it `repeat` times, and judge its data."""
        golden = self.golden()
        if golden.binary is not None and source.read_text(encoding="utf-8") == self.record.answer.reference_solution:
            # The reference itself: the golden run already judged it (its got data against the want data)
            # with the very rules a candidate's run gets; only the extra runs of `repeat` remain.
            binary, ran, verdicts = golden.binary, golden.reference, list(golden.verdicts)
        else:
            binary = source.with_suffix(f".{self.mode}.out")
            built = get_backend(self.backend).compile([source], binary, self.options, objects=[self.harness()])
            if not built.ok:
                return _build_failure(built), []
            ran, verdicts = self._run_once(binary, golden, self.timeout)
        for _ in range(self.repeat - 1):
            again, again_verdicts = self._run_once(binary, golden, self.timeout)
            if (again.status, [v.ok for v in again_verdicts]) != (ran.status, [v.ok for v in verdicts]):
                # Both runs' own accounts are kept: a verdict that changes between runs is rare, and
                # without what the odd run said (its signal, its stderr) nobody can tell a race in the
                # solution from a fault of the machine.
                detail = f"flaky: verdicts differ between identical runs ({ran.status} then {again.status})"
                differing = _one_line_account(ran, verdicts), _one_line_account(again, again_verdicts)
                detail += f"; first run: {differing[0]}; other run: {differing[1]}"
                stderr = trim(f"{ran.stderr}\n--- the other run's stderr ---\n{again.stderr}".strip())
                return dataclasses.replace(ran, status=Status.RUNTIME_ERROR, detail=detail, stderr=stderr), verdicts
        return ran, verdicts

    def _run_once(self, binary: Path, golden: Golden, timeout: float) -> tuple[ExecResult, Verdicts]:
        answer = self.record.answer
        nonce = protocol.new_nonce()
        args = protocol.harness_arguments(nonce, answer.tolerance, answer.tests)
        options = RunOptions(mode=self.mode, args=tuple(args), limits=_run_limits(timeout))
        ran = get_backend(self.backend).run(binary, options)
        verdicts = protocol.parse_verdicts(ran.stdout, nonce, answer.tests, golden.wants, answer.tolerance)
        return _refine(ran, verdicts, self.mode), verdicts

    def _record_golden(self, binary: Path) -> Golden:
        """The trusted run of the reference: compile it, run it, keep its want data and its program."""
        start = time.monotonic()
        answer = self.record.answer
        with readable_tmp("hip-coding-golden-") as tmp:
            source = write_source(tmp, f"reference{SUFFIX[answer.language]}", answer.reference_solution)
            program = tmp / "reference.out"
            built = get_backend(self.backend).compile([source], program, self.options, objects=[self.harness()])
            if not built.ok:
                failed = dataclasses.replace(_build_failure(built), stdout="", stderr=trim(built.stderr))
                return Golden({}, failed, (), time.monotonic() - start)
            nonce = protocol.new_nonce()
            args = protocol.harness_arguments(protocol.golden_nonce(nonce), answer.tolerance, answer.tests)
            options = RunOptions(mode=self.mode, args=tuple(args), limits=_run_limits(GOLDEN_TIMEOUT_SECONDS))
            ran = get_backend(self.backend).run(program, options)
            wants, verdicts = protocol.parse_golden(ran.stdout, nonce, answer.tests, answer.tolerance)
            reference = dataclasses.replace(_refine(ran, verdicts, self.mode), stderr=trim(ran.stderr))
            kept = _keep_program(program, binary) if ran.exit_code == 0 else None
        return Golden(wants, reference, tuple(verdicts), time.monotonic() - start, kept)


def _keep_program(program: Path, binary: Path) -> Path:
    tmp_binary = binary.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    shutil.copyfile(program, tmp_binary)
    tmp_binary.chmod(0o755)
    os.replace(tmp_binary, binary)
    return binary


def benches_for(record: Record, config: EvalConfig) -> tuple[Bench, ...]:
    """The benches judging `record` under `config`, one per checking mode, in the order they are tried."""
    modes = config.modes_for(record)
    policy = TimeoutPolicy(scale=config.timeout_scale, fixed=config.timeout_seconds)
    return tuple(Bench(record, config.backend, mode, modes, config.repeat, policy) for mode in modes)

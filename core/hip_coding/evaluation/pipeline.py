"""Evaluate one solution of one task: static check -> compile -> run -> verdict, for each checking mode.

The harness is compiled once per (task, backend, mode) and kept as an object file in the cache; each
solution is compiled as its own translation unit and linked with it. The verdict comes from the
harness protocol only (see protocol.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hip_coding.errors import ToolchainError
from hip_coding.evaluation import protocol
from hip_coding.evaluation.static_check import check_solution
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import COMPILE_LIMITS, RUN_LIMITS, BuildOptions, Mode, RunOptions
from hip_coding.execution.runtime_cache import cache_root, file_lock
from hip_coding.execution.status import ExecResult, Status
from hip_coding.tasks.schema import Record

#: Bump when a change here can change a verdict: it is part of every cache key.
EVALUATOR_VERSION = "2"
SUFFIX = {"hip": ".hip", "cuda": ".cu"}
#: Vendor compilers a `--compile-check` may name, and the backend and language each one checks.
COMPILE_CHECKS = {"nvcc": ("cuda", "cuda"), "hipcc": ("rocm", "hip")}
TIMEOUT_FLOOR_SECONDS = 20.0
TIMEOUT_FACTOR = 10.0
MESSAGE_LIMIT = 4000


@dataclass(frozen=True)
class EvalConfig:
    """How samples are judged. Everything here is part of the result cache key."""

    backend: str = "cpu"
    modes: tuple[Mode, ...] | None = None  # None: the modes each task declares
    compile_check: tuple[str, ...] = ()
    timeout_scale: float = 1.0
    repeat: int = 1  # run each binary this many times; differing verdicts are reported as flaky

    def modes_for(self, record: Record) -> tuple[Mode, ...]:
        if self.backend != "cpu":
            return (Mode.NORMAL,)  # a GPU's schedule needs no checking modes
        if self.modes is not None:
            return self.modes
        return tuple(Mode(m) for m in record.answer.modes.split(","))


@dataclass(frozen=True)
class SampleResult:
    """The verdict on one sample (PRODUCT.md: status, per-test verdicts, trimmed messages)."""

    task_id: str
    sample_id: str
    status: Status
    tests: tuple[protocol.TestVerdict, ...] = ()
    messages: str = ""
    mode: str = ""  # the checking mode that decided a failure
    compile_checks: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "task_id": self.task_id,
            "sample_id": self.sample_id,
            "status": self.status.value,
            "tests": [t.to_dict() for t in self.tests],
            "messages": self.messages,
            "mode": self.mode,
            "compile_checks": self.compile_checks,
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SampleResult:
        """The inverse of `to_dict` (for results read back from a file or the cache)."""
        tests = tuple(
            protocol.TestVerdict(
                name=str(t["name"]),
                kind=str(t["kind"]),
                ok=bool(t["ok"]),
                max_abs_err=t.get("max_abs_err"),
                ms=t.get("ms"),
                detail=str(t.get("detail", "")),
            )
            for t in data.get("tests", [])
        )
        return cls(
            task_id=str(data["task_id"]),
            sample_id=str(data["sample_id"]),
            status=Status(data["status"]),
            tests=tests,
            messages=str(data.get("messages", "")),
            mode=str(data.get("mode", "")),
            compile_checks=dict(data.get("compile_checks", {})),
            seconds=float(data.get("seconds", 0.0)),
        )


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _trim(text: str) -> str:
    if len(text) <= MESSAGE_LIMIT:
        return text
    half = MESSAGE_LIMIT // 2
    return f"{text[:half]}\n... [trimmed] ...\n{text[-half:]}"


@contextmanager
def _readable_tmp(prefix: str) -> Iterator[Path]:
    """A temporary folder the sandbox uid may read, so compiles of samples never need root's rights."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.chmod(tmp, 0o755)
        yield Path(tmp)


def _write_source(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    return path


def harness_object(record: Record, backend_name: str, mode: Mode) -> Path:
    """The compiled harness of `record` for this backend and mode, built once and cached by content."""
    backend = get_backend(backend_name)
    language = record.answer.language
    options = BuildOptions(backend=backend_name, mode=mode, language=language, limits=COMPILE_LIMITS)
    key = _digest("harness", EVALUATOR_VERSION, backend.toolchain_id(options), language, record.answer.harness)
    target = cache_root() / "objects" / f"{key}.o"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(target.with_suffix(".lock")):
        if target.is_file():
            return target
        with _readable_tmp("hip-coding-harness-") as tmp:
            source = _write_source(tmp, f"harness{SUFFIX[language]}", record.answer.harness)
            built = backend.compile([source], target.with_suffix(".tmp"), options, object_only=True)
        if not built.ok:
            raise ToolchainError(
                f"the harness of {record.task_id} does not compile on {backend_name} ({mode}): {built.detail}\n"
                + _trim(built.stderr)
            )
        target.with_suffix(".tmp").rename(target)
        target.chmod(0o644)
    return target


def _run_once(
    record: Record, binary: Path, backend_name: str, mode: Mode, timeout: float
) -> tuple[ExecResult, list[protocol.TestVerdict]]:
    nonce = protocol.new_nonce()
    args = protocol.harness_arguments(nonce, record.answer.tolerance, record.answer.tests)
    limits = RUN_LIMITS.scaled(timeout / RUN_LIMITS.wall_seconds)
    ran = get_backend(backend_name).run(binary, RunOptions(mode=mode, args=tuple(args), limits=limits))
    verdicts = protocol.parse_verdicts(ran.stdout, nonce, record.answer.tests) if ran.stdout else []
    if ran.status is Status.PASSED:
        all_ok = verdicts and all(v.ok for v in verdicts)
        ran = dataclasses.replace(ran, status=Status.PASSED if all_ok else Status.FAILED)
    return ran, verdicts


def _compile_and_run(
    record: Record, solution: Path, config: EvalConfig, mode: Mode, timeout: float
) -> tuple[ExecResult, list[protocol.TestVerdict]]:
    backend = get_backend(config.backend)
    options = BuildOptions(backend=config.backend, mode=mode, language=record.answer.language, limits=COMPILE_LIMITS)
    binary = solution.with_suffix(f".{mode}.out")
    built = backend.compile([solution], binary, options, objects=[harness_object(record, config.backend, mode)])
    if not built.ok:
        status = Status.UNSUPPORTED if built.status is Status.UNSUPPORTED else Status.COMPILE_ERROR
        return dataclasses.replace(built, status=status), []
    ran, verdicts = _run_once(record, binary, config.backend, mode, timeout)
    for _ in range(config.repeat - 1):
        again, again_verdicts = _run_once(record, binary, config.backend, mode, timeout)
        if (again.status, [v.ok for v in again_verdicts]) != (ran.status, [v.ok for v in verdicts]):
            detail = f"flaky: verdicts differ between identical runs ({ran.status} then {again.status})"
            return dataclasses.replace(ran, status=Status.RUNTIME_ERROR, detail=detail), verdicts
    return ran, verdicts


def evaluate_solution(
    record: Record, solution: str, sample_id: str, config: EvalConfig, timeout: float | None = None
) -> SampleResult:
    """Judge one solution. Never raises for anything the solution does."""
    start = time.monotonic()
    violations = check_solution(solution)
    if violations:
        messages = "\n".join(str(v) for v in violations)
        return SampleResult(record.task_id, sample_id, Status.REJECTED, messages=messages)
    timeout = (timeout or TIMEOUT_FLOOR_SECONDS) * config.timeout_scale
    checks = compile_checks(record, solution, config.compile_check)
    verdicts: list[protocol.TestVerdict] = []
    with _readable_tmp("hip-coding-sample-") as tmp:
        source = _write_source(tmp, f"solution{SUFFIX[record.answer.language]}", solution)
        for mode in config.modes_for(record):
            ran, verdicts = _compile_and_run(record, source, config, mode, timeout)
            if ran.status is not Status.PASSED:
                failed = [v for v in verdicts if not v.ok]
                why = ran.detail or (f"{failed[0].name}: {failed[0].detail}" if failed else "")
                messages = _trim(f"[{mode}] {ran.status}: {why}\n{ran.stderr}".strip())
                return SampleResult(
                    record.task_id, sample_id, ran.status, tuple(verdicts), messages, str(mode), checks,
                    time.monotonic() - start,
                )  # fmt: skip
    return SampleResult(
        record.task_id, sample_id, Status.PASSED, tuple(verdicts), "", "", checks, time.monotonic() - start
    )


def compile_checks(record: Record, solution: str, compilers: tuple[str, ...]) -> dict[str, str]:
    """Vendor compilers' verdicts on the solution (compile only), for the ones that speak its language."""
    verdicts = {}
    for compiler in compilers:
        backend_name, language = COMPILE_CHECKS[compiler]
        if language != record.answer.language:
            continue
        backend = get_backend(backend_name)
        ok, why = backend.availability()
        if not ok:
            verdicts[compiler] = f"unavailable: {why}"
            continue
        with _readable_tmp("hip-coding-check-") as tmp:
            source = _write_source(tmp, f"solution{SUFFIX[language]}", solution)
            options = BuildOptions(backend=backend_name, language=language, limits=COMPILE_LIMITS)
            built = backend.compile([source], tmp / "solution.o", options, object_only=True)
        verdicts[compiler] = built.status.value
    return verdicts


def result_cache_key(record: Record, solution: str, config: EvalConfig) -> str:
    """Content address of a verdict: the task's hidden parts, the solution, the toolchain, the settings."""
    backend = get_backend(config.backend)
    toolchains = [backend.toolchain_id(BuildOptions(backend=config.backend, mode=m)) for m in config.modes_for(record)]
    answer = json.dumps(record.answer.model_dump(mode="json"), sort_keys=True)
    settings = json.dumps(
        {
            "checks": sorted(config.compile_check),
            "scale": config.timeout_scale,
            "tools": toolchains,
            "repeat": config.repeat,
        },
        sort_keys=True,
    )
    return _digest("result", EVALUATOR_VERSION, answer, solution, settings)

"""Evaluate one solution of one task: static check -> compile -> run -> verdict, for each checking mode.

The harness is compiled once per (task, backend, mode) and kept as an object file in the cache; each
solution is compiled as its own translation unit and linked with it. The candidate's run only reports
data (protocol.py); the verdict is decided here, in Python, against golden data that a trusted run of
the reference solution recorded once per (task, backend, mode) and that is cached beside the harness
object (compare.py). That golden run is also the reference run whose time sets the timeouts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hip_coding.durable import write_atomically
from hip_coding.errors import ToolchainError
from hip_coding.evaluation import compare, protocol
from hip_coding.evaluation.static_check import check_sample
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import COMPILE_LIMITS, RUN_LIMITS, BuildOptions, Mode, RunOptions
from hip_coding.execution.runtime_cache import cache_root, file_lock
from hip_coding.execution.sandbox import Limits, MiB
from hip_coding.execution.status import ExecResult, Status
from hip_coding.tasks.schema import Record

#: Bump when a change here can change a verdict: it is part of every cache key.
EVALUATOR_VERSION = "3"
SUFFIX = {"hip": ".hip", "cuda": ".cu"}
#: Vendor compilers a `--compile-check` may name, and the backend and language each one checks.
COMPILE_CHECKS = {"nvcc": ("cuda", "cuda"), "hipcc": ("rocm", "hip")}
TIMEOUT_FLOOR_SECONDS = 20.0
TIMEOUT_FACTOR = 10.0
MESSAGE_LIMIT = 4000
#: The golden run of a reference gets this wall-clock limit (before the cpu backend's mode factors).
GOLDEN_TIMEOUT_SECONDS = 120.0
#: Runs print their checks' data on stdout (base64): enough room for the largest tests' outputs, and
#: all of it kept, so the protocol lines are never trimmed away. Also the cap on everything a run writes.
RUN_OUTPUT_BYTES = 96 * MiB


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


def _run_limits(timeout: float) -> Limits:
    scaled = RUN_LIMITS.scaled(timeout / RUN_LIMITS.wall_seconds)
    return dataclasses.replace(scaled, file_bytes=RUN_OUTPUT_BYTES, kept_output_bytes=RUN_OUTPUT_BYTES)


def _refine(ran: ExecResult, verdicts: list[protocol.TestVerdict]) -> ExecResult:
    """A run that ended normally passes only when every test's data matched; output is not kept."""
    status = ran.status
    if status is Status.PASSED and not (verdicts and all(v.ok for v in verdicts)):
        status = Status.FAILED
    return dataclasses.replace(ran, status=status, stdout="")


@dataclass(frozen=True)
class Golden:
    """What the trusted run of the reference solution recorded for one (task, backend, mode)."""

    wants: dict[str, list[compare.Check]]  # per test, its checks with the harness's expected data
    reference: ExecResult  # how the reference's own run went (its got data judged like a candidate's)
    verdicts: tuple[protocol.TestVerdict, ...]
    seconds: float  # compile + run: what the timeouts derive from
    binary: Path | None = None  # the reference's program, reused when the same text is evaluated again

    def to_json(self, blobs: Path) -> str:
        """The stored form; want arrays go to `blobs` by content (modes and the HIP/CUDA twins share them)."""
        return json.dumps(
            {
                "wants": {name: [_store_check(c, blobs) for c in checks] for name, checks in self.wants.items()},
                "reference": self.reference.to_dict(),
                "verdicts": [{**v.to_dict(), "constant_reference": v.constant_reference} for v in self.verdicts],
                "seconds": self.seconds,
            }
        )

    @classmethod
    def from_json(cls, text: str, blobs: Path, binary: Path | None) -> Golden:
        data = json.loads(text)
        wants = {name: [_load_check(c, blobs) for c in checks] for name, checks in data["wants"].items()}
        ref = data["reference"]
        reference = ExecResult(
            Status(ref["status"]), ref["exit_code"], "", ref["stderr"], ref["wall_seconds"], ref["detail"]
        )
        verdicts = tuple(
            protocol.TestVerdict(
                str(v["name"]), str(v["kind"]), bool(v["ok"]), v["max_abs_err"], v["ms"], str(v["detail"]),
                bool(v["constant_reference"]),
            )
            for v in data["verdicts"]
        )  # fmt: skip
        return cls(wants, reference, verdicts, float(data["seconds"]), binary)


def _store_check(check: compare.Check, blobs: Path) -> dict[str, object]:
    assert check.want is not None
    raw = check.want.tobytes()
    digest = hashlib.sha256(raw).hexdigest()
    path = blobs / digest[:2] / f"{digest}.bin"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, raw)
    return {
        "name": check.name,
        "rule": check.rule,
        "type": compare.type_code(check.got.dtype),
        "want_type": compare.type_code(check.want.dtype),
        "want_count": int(check.want.size),
        "want_sha256": digest,
    }


def _load_check(data: dict[str, Any], blobs: Path) -> compare.Check:
    digest = str(data["want_sha256"])
    raw = (blobs / digest[:2] / f"{digest}.bin").read_bytes()
    if hashlib.sha256(raw).hexdigest() != digest:
        raise compare.DataError(f"golden data {digest} is damaged")
    want = compare.from_bytes(str(data["want_type"]), int(data["want_count"]), raw)
    got = compare.decode(data["type"], 0, "")
    return compare.Check(str(data["name"]), str(data["rule"]), got, want)


_GOLDEN_MEMORY: OrderedDict[str, Golden] = OrderedDict()
_GOLDEN_MEMORY_LOCK = threading.Lock()
#: Golden data of the last few tasks stays parsed in memory (a task's samples usually come together).
GOLDEN_MEMORY_ENTRIES = 4


def _golden_key(record: Record, backend_name: str, mode: Mode) -> str:
    backend = get_backend(backend_name)
    options = BuildOptions(backend=backend_name, mode=mode, language=record.answer.language, limits=COMPILE_LIMITS)
    answer = json.dumps(record.answer.model_dump(mode="json"), sort_keys=True)
    return _digest("golden", EVALUATOR_VERSION, backend.toolchain_id(options), answer)


def golden_for(record: Record, backend_name: str, mode: Mode) -> Golden:
    """The golden data of `record` for this backend and mode: computed once (locked), then cached.

    Only a golden run that ended normally is cached; one that crashed or timed out is returned as is
    (its tests have no want data, so every candidate fails them) and tried again next time.
    """
    key = _golden_key(record, backend_name, mode)
    with _GOLDEN_MEMORY_LOCK:
        if key in _GOLDEN_MEMORY:
            _GOLDEN_MEMORY.move_to_end(key)
            return _GOLDEN_MEMORY[key]
    target = cache_root() / "golden" / f"{key}.json"
    binary = target.with_suffix(".bin")
    blobs = cache_root() / "golden" / "blobs"
    golden = _load_golden(target, blobs, binary)
    if golden is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(target.with_suffix(".lock")):
            golden = _load_golden(target, blobs, binary)
            if golden is None:
                golden = _compute_golden(record, backend_name, mode, binary)
                if golden.reference.exit_code == 0 and golden.wants:
                    write_atomically(target, golden.to_json(blobs))
    with _GOLDEN_MEMORY_LOCK:
        _GOLDEN_MEMORY[key] = golden
        while len(_GOLDEN_MEMORY) > GOLDEN_MEMORY_ENTRIES:
            _GOLDEN_MEMORY.popitem(last=False)
    return golden


def _load_golden(target: Path, blobs: Path, binary: Path) -> Golden | None:
    try:
        return Golden.from_json(target.read_text(encoding="utf-8"), blobs, binary if binary.is_file() else None)
    except (OSError, ValueError, KeyError, TypeError, compare.DataError):
        return None


def _compute_golden(record: Record, backend_name: str, mode: Mode, binary: Path) -> Golden:
    start = time.monotonic()
    backend = get_backend(backend_name)
    language = record.answer.language
    options = BuildOptions(backend=backend_name, mode=mode, language=language, limits=COMPILE_LIMITS)
    with _readable_tmp("hip-coding-golden-") as tmp:
        source = _write_source(tmp, f"reference{SUFFIX[language]}", record.answer.reference_solution)
        program = tmp / "reference.out"
        built = backend.compile([source], program, options, objects=[harness_object(record, backend_name, mode)])
        if not built.ok:
            status = Status.UNSUPPORTED if built.status is Status.UNSUPPORTED else Status.COMPILE_ERROR
            failed = dataclasses.replace(built, status=status, stdout="", stderr=_trim(built.stderr))
            return Golden({}, failed, (), time.monotonic() - start)
        nonce = protocol.new_nonce()
        args = protocol.harness_arguments(protocol.golden_nonce(nonce), record.answer.tolerance, record.answer.tests)
        run_options = RunOptions(mode=mode, args=tuple(args), limits=_run_limits(GOLDEN_TIMEOUT_SECONDS))
        ran = backend.run(program, run_options)
        wants, verdicts = protocol.parse_golden(ran.stdout, nonce, record.answer.tests, record.answer.tolerance)
        reference = dataclasses.replace(_refine(ran, verdicts), stderr=_trim(ran.stderr))
        kept: Path | None = None
        if ran.exit_code == 0:
            tmp_binary = binary.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            shutil.copyfile(program, tmp_binary)
            tmp_binary.chmod(0o755)
            os.replace(tmp_binary, binary)
            kept = binary
    return Golden(wants, reference, tuple(verdicts), time.monotonic() - start, kept)


def reference_seconds(record: Record, config: EvalConfig) -> float:
    """How long the reference took (compile + run, every mode of `config`): what timeouts derive from.

    This is the golden runs' time, so the reference runs once per task, backend and mode, ever.
    """
    return sum(golden_for(record, config.backend, mode).seconds for mode in config.modes_for(record))


def _run_once(
    record: Record, binary: Path, backend_name: str, mode: Mode, timeout: float, golden: Golden
) -> tuple[ExecResult, list[protocol.TestVerdict]]:
    nonce = protocol.new_nonce()
    args = protocol.harness_arguments(nonce, record.answer.tolerance, record.answer.tests)
    ran = get_backend(backend_name).run(binary, RunOptions(mode=mode, args=tuple(args), limits=_run_limits(timeout)))
    verdicts = protocol.parse_verdicts(ran.stdout, nonce, record.answer.tests, golden.wants, record.answer.tolerance)
    return _refine(ran, verdicts), verdicts


def _compile_and_run(
    record: Record, solution: Path, config: EvalConfig, mode: Mode, timeout: float
) -> tuple[ExecResult, list[protocol.TestVerdict]]:
    golden = golden_for(record, config.backend, mode)
    runs = config.repeat
    if golden.binary is not None and solution.read_text(encoding="utf-8") == record.answer.reference_solution:
        # The reference itself: the golden run already judged it (its got data against the want data)
        # with the very rules a candidate's run gets; only the extra runs of `repeat` remain.
        binary = golden.binary
        ran, verdicts = golden.reference, list(golden.verdicts)
        runs -= 1
    else:
        backend = get_backend(config.backend)
        options = BuildOptions(
            backend=config.backend, mode=mode, language=record.answer.language, limits=COMPILE_LIMITS
        )
        binary = solution.with_suffix(f".{mode}.out")
        built = backend.compile([solution], binary, options, objects=[harness_object(record, config.backend, mode)])
        if not built.ok:
            status = Status.UNSUPPORTED if built.status is Status.UNSUPPORTED else Status.COMPILE_ERROR
            return dataclasses.replace(built, status=status), []
        ran, verdicts = _run_once(record, binary, config.backend, mode, timeout, golden)
        runs -= 1
    for _ in range(runs):
        again, again_verdicts = _run_once(record, binary, config.backend, mode, timeout, golden)
        if (again.status, [v.ok for v in again_verdicts]) != (ran.status, [v.ok for v in verdicts]):
            detail = f"flaky: verdicts differ between identical runs ({ran.status} then {again.status})"
            return dataclasses.replace(ran, status=Status.RUNTIME_ERROR, detail=detail), verdicts
    return ran, verdicts


def evaluate_solution(
    record: Record, solution: str, sample_id: str, config: EvalConfig, timeout: float | None = None
) -> SampleResult:
    """Judge one solution. Never raises for anything the solution does."""
    start = time.monotonic()
    solution, violations = check_sample(solution, record.question.entry_point)
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

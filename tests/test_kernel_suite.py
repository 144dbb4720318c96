"""The acceptance suite: every program in tests/kernels/ run through the CLI as suite.yaml says.

Per entry: the cpu backend in normal mode and in each listed mode (`run --backend cpu --json`), and,
marked `vendor`, a compile with the vendor compiler of its spelling (.cu -> cuda, .hip -> rocm).
One vendor run per backend checks that a machine without a GPU answers `no_device`.

Each check is a separate `python -m hip_coding` process. They are independent, so the first test
to need a result starts every selected check on a thread pool (one worker per core): the suite
then costs its CPU time divided by the cores, not the sum of the compiler start-ups.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ROOT / "tests" / "kernels"
SUITE: list[dict] = yaml.safe_load((KERNELS / "suite.yaml").read_text())

#: Seconds the CLI lets one program run; the subprocess limit adds compile time on top. A deadlock
#: must be reported well within this, never by the timeout.
RUN_TIMEOUT = 60
PROCESS_TIMEOUT = 600

VENDOR_OF_SUFFIX = {".cu": ("cuda", "nvcc"), ".hip": ("rocm", "hipcc")}


#: The ARM64 edge-node target: cross-built with Debian's aarch64 g++, run under qemu-user (docs/cpu-backend.md).
ARM64 = "aarch64"
ARM64_TOOLS = shutil.which("aarch64-linux-gnu-g++") is not None and shutil.which("qemu-aarch64") is not None


@dataclass(frozen=True)
class CpuCase:
    file: str
    mode: str
    seed: int | None
    expect: dict = field(hash=False, compare=False)
    arch: str | None = None

    @property
    def id(self) -> str:
        suffix = "" if self.mode == "normal" else f"-{self.mode}"
        target = f"-{self.arch}" if self.arch else ""
        return f"{self.file}{suffix}{target}" + (f"-seed{self.seed}" if self.seed is not None else "")

    def argv(self) -> tuple[str, ...]:
        args = ["run", "--backend", "cpu", "--json", "--timeout", str(RUN_TIMEOUT)]
        if self.arch:
            args += ["--arch", self.arch]
        if self.mode != "normal":
            args += ["--mode", self.mode]
        if self.seed is not None:
            args += ["--seed", str(self.seed)]
        return (*args, str(KERNELS / self.file))


def _cpu_cases() -> list[CpuCase]:
    cases = []
    for entry in SUITE:
        cases.append(CpuCase(entry["file"], "normal", None, entry["expect"]))
        for mode, expect in (entry.get("modes") or {}).items():
            seeds = expect.get("seeds", [None]) if mode == "perturb" else [None]
            cases.extend(CpuCase(entry["file"], mode, seed, expect) for seed in seeds)
    return cases


def _arm64_cases() -> list[CpuCase]:
    """Every program the suite expects to pass, built for ARM64 and run under qemu-user (normal mode)."""
    return [CpuCase(e["file"], "normal", None, e["expect"], ARM64) for e in SUITE if e["expect"]["status"] == "passed"]


def _vendor_compile_files() -> list[str]:
    return [e["file"] for e in SUITE if e.get("vendor_compile", True)]


def _vendor_run_files() -> list[str]:
    """The first passing program of each spelling: one `no_device` check per vendor backend."""
    chosen: dict[str, str] = {}
    for entry in SUITE:
        suffix = Path(entry["file"]).suffix
        if entry["expect"]["status"] == "passed":
            chosen.setdefault(suffix, entry["file"])
    return [chosen[s] for s in VENDOR_OF_SUFFIX if s in chosen]


def _hip_coding(argv: tuple[str, ...]) -> subprocess.CompletedProcess:
    python_path = os.pathsep.join(filter(None, [str(ROOT / "core"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": python_path}
    return subprocess.run(
        [sys.executable, "-m", "hip_coding", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=PROCESS_TIMEOUT,
        cwd=ROOT,
    )


class _Jobs:
    """Runs CLI invocations on a shared pool; each distinct argv runs once per session."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
        self._futures: dict[tuple[str, ...], Future] = {}
        self._lock = threading.Lock()

    def submit(self, argv: tuple[str, ...]) -> Future:
        with self._lock:
            if argv not in self._futures:
                self._futures[argv] = self._pool.submit(_hip_coding, argv)
            return self._futures[argv]

    def result(self, argv: tuple[str, ...]) -> dict:
        done = self.submit(argv).result()
        try:
            return json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            pytest.fail(f"no JSON from `hip_coding {' '.join(argv)}` (exit {done.returncode}):\n{done.stderr[-3000:]}")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _selected_params(session: pytest.Session, name: str) -> list:
    return [
        item.callspec.params[name]
        for item in session.items
        if hasattr(item, "callspec") and name in item.callspec.params
    ]


@pytest.fixture(scope="session")
def jobs(request):
    """The pool, with every selected check already queued (cpu runs first, then vendor steps)."""
    pool = _Jobs()
    for case in _selected_params(request.session, "cpu_case"):
        pool.submit(case.argv())
    for case in _selected_params(request.session, "arm64_case") if ARM64_TOOLS else []:
        pool.submit(case.argv())
    for file in _selected_params(request.session, "vendor_compile_file"):
        if _vendor_tool(file)[1]:
            pool.submit(_vendor_compile_argv(file))
    yield pool
    pool.close()


def _substrings(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _check(result: dict, expect: dict, what: str) -> None:
    context = (
        f"{what}: status {result.get('status')!r} (detail {result.get('detail')!r}, exit {result.get('exit_code')})\n"
        f"--- stdout ---\n{result.get('stdout', '')[-2000:]}\n--- stderr ---\n{result.get('stderr', '')[-3000:]}"
    )
    assert result.get("status") == expect["status"], context
    for stream in ("stdout", "stderr"):
        for needle in _substrings(expect.get(stream)):
            assert needle in result.get(stream, ""), f"{stream} lacks {needle!r}\n{context}"


@pytest.mark.parametrize("cpu_case", _cpu_cases(), ids=lambda c: c.id)
def test_cpu(cpu_case: CpuCase, jobs):
    result = jobs.result(cpu_case.argv())
    _check(result, cpu_case.expect, f"cpu {cpu_case.mode} {cpu_case.file}")


@pytest.mark.parametrize("arm64_case", _arm64_cases(), ids=lambda c: c.id)
def test_cpu_arm64(arm64_case: CpuCase, jobs):
    if not ARM64_TOOLS:
        pytest.skip("no aarch64 cross compiler or qemu-user (apt-get install g++-aarch64-linux-gnu qemu-user)")
    result = jobs.result(arm64_case.argv())
    _check(result, arm64_case.expect, f"cpu aarch64 {arm64_case.file}")


def _vendor_tool(file: str) -> tuple[str, str | None]:
    backend, tool = VENDOR_OF_SUFFIX[Path(file).suffix]
    return backend, shutil.which(tool)


def _vendor_compile_argv(file: str) -> tuple[str, ...]:
    backend, _ = _vendor_tool(file)
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"hip-coding-suite-{os.getpid()}-{Path(file).stem}-{backend}"
    return ("compile", "--backend", backend, "--json", str(KERNELS / file), "-o", str(out))


@pytest.mark.vendor
@pytest.mark.parametrize("vendor_compile_file", _vendor_compile_files())
def test_vendor_compile(vendor_compile_file: str, jobs):
    backend, tool = _vendor_tool(vendor_compile_file)
    if tool is None:
        pytest.skip(f"{VENDOR_OF_SUFFIX[Path(vendor_compile_file).suffix][1]} not on PATH: no {backend} compile check")
    argv = _vendor_compile_argv(vendor_compile_file)
    try:
        _check(jobs.result(argv), {"status": "passed"}, f"{backend} compile {vendor_compile_file}")
    finally:
        Path(argv[-1]).unlink(missing_ok=True)


@pytest.mark.vendor
@pytest.mark.parametrize("vendor_run_file", _vendor_run_files())
def test_vendor_run_without_gpu_is_no_device(vendor_run_file: str, jobs):
    backend, tool = _vendor_tool(vendor_run_file)
    if tool is None:
        pytest.skip(f"{VENDOR_OF_SUFFIX[Path(vendor_run_file).suffix][1]} not on PATH: no {backend} run check")
    if _gpu_present(backend):
        pytest.skip(f"a {backend} GPU is present: this check is for machines without one")
    argv = ("run", "--backend", backend, "--json", str(KERNELS / vendor_run_file))
    _check(jobs.result(argv), {"status": "no_device"}, f"{backend} run {vendor_run_file}")


def _gpu_present(backend: str) -> bool:
    from hip_coding.execution import toolchains  # conftest.py puts core/ on sys.path

    return toolchains.nvidia_device_present() if backend == "cuda" else toolchains.amd_device_present()


def test_suite_is_well_formed():
    """Every program is listed once, every listed program exists, both spellings are covered."""
    listed = [e["file"] for e in SUITE]
    on_disk = sorted(p.name for p in KERNELS.iterdir() if p.suffix in VENDOR_OF_SUFFIX)
    assert sorted(listed) == on_disk, "suite.yaml and tests/kernels/ disagree"
    assert len(set(listed)) == len(listed), "a program is listed twice"
    known_status = {"passed", "runtime_error", "compile_error", "timeout", "unsupported"}
    for entry in SUITE:
        assert set(entry) <= {"file", "expect", "modes", "vendor_compile", "note"}, entry["file"]
        assert entry["expect"]["status"] in known_status, entry["file"]
        for mode, expect in (entry.get("modes") or {}).items():
            assert mode in {"sanitize", "perturb", "race"}, (entry["file"], mode)
            assert expect["status"] in known_status, (entry["file"], mode)
    suffixes = [Path(f).suffix for f in listed]
    assert len(listed) >= 30 and suffixes.count(".cu") >= 10 and suffixes.count(".hip") >= 10

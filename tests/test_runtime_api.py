"""Host API features of the cpu backend that real CUDA/HIP programs lean on, compiled and run through the
backend (rewriter + g++ + sandbox) exactly as `hip-coding run` does: NVTX and roctx annotations,
cudaLaunchKernelEx with attributes, the variable-shared-memory occupancy query, cudaStreamAttachMemAsync,
a cooperative launch through a `void*` kernel pointer, the runtime guards (docs/security.md, "Runtime
guards"), the report of a GPU thread's stray write, and one API spelling per language (a CUDA program sees
no hip* name, a HIP program no cuda* one). Each program in tests/runtime_api/ that runs checks its own
results and prints PASS.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hip_coding.execution import spellings
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import BuildOptions, Mode, RunOptions
from hip_coding.execution.sandbox import Limits
from hip_coding.execution.status import ExecResult

PROGRAMS = Path(__file__).resolve().parent / "runtime_api"

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ not installed")


def _build_and_run(name: str, tmp_path: Path, *args: str, mode: Mode = Mode.NORMAL) -> ExecResult:
    backend = get_backend("cpu")
    source = tmp_path / name
    shutil.copyfile(PROGRAMS / name, source)
    source.chmod(0o644)
    tmp_path.chmod(0o755)
    binary = tmp_path / "program"
    built = backend.compile([source], binary, BuildOptions(backend="cpu", mode=mode))
    assert built.ok, built.stderr
    return backend.run(binary, RunOptions(mode=mode, args=args, limits=Limits(wall_seconds=120)))


def _assert_pass(ran: ExecResult) -> None:
    assert ran.exit_code == 0 and "PASS" in ran.stdout, ran.stdout[-2000:] + ran.stderr[-2000:]


@pytest.mark.parametrize("name", ["nvtx.cu", "roctx.hip", "launch_ex.cu", "launch_ex.hip"])
def test_program_passes(name, tmp_path):
    _assert_pass(_build_and_run(name, tmp_path))


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.SANITIZE, Mode.RACE])
def test_guard_window_refuses_copies_back_and_lets_kernels_run(tmp_path, mode):
    _assert_pass(_build_and_run("guard.cu", tmp_path, mode=mode))


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.RACE])
def test_host_dereference_of_device_memory_is_named(tmp_path, mode):
    ran = _build_and_run("guard.cu", tmp_path, "deref", mode=mode)
    assert ran.exit_code != 0
    assert "host code read device memory" in ran.stderr, ran.stderr[-2000:]


def test_host_dereference_under_asan_is_a_poisoned_read(tmp_path):
    ran = _build_and_run("guard.cu", tmp_path, "deref", mode=Mode.SANITIZE)
    assert ran.exit_code != 0
    assert "use-after-poison" in ran.stderr, ran.stderr[-2000:]


def test_a_far_stray_write_is_not_called_a_stack_overflow(tmp_path):
    ran = _build_and_run("far_write.cu", tmp_path)
    assert ran.exit_code != 0
    assert "in a GPU thread" in ran.stderr and "stack overflow" not in ran.stderr, ran.stderr[-2000:]


def _compile(name: str, tmp_path: Path) -> ExecResult:
    source = tmp_path / name
    shutil.copyfile(PROGRAMS / name, source)
    source.chmod(0o644)
    tmp_path.chmod(0o755)
    return get_backend("cpu").compile([source], tmp_path / "program", BuildOptions(backend="cpu"))


@pytest.mark.parametrize(
    ("name", "unknown"), [("wrong_spelling.cu", "hipMallocAsync"), ("wrong_spelling.hip", "cudaMalloc")]
)
def test_each_language_sees_only_its_own_api(tmp_path, name, unknown):
    built = _compile(name, tmp_path)
    assert built.status.value == "compile_error"
    assert f"‘{unknown}’ was not declared in this scope" in built.stderr, built.stderr[-2000:]


#: Each kind of API name in the other language's spelling: a host function defined outside the
#: both-spellings macro, a type, an enumerator, a launch macro or template, an error constant, a macro.
FOREIGN = {
    "foreign_api.cu": ["hipHostMalloc", "hipStream_t", "hipMemcpyHostToDevice", "hipLaunchKernelGGL",
                       "hipErrorInvalidValue"],
    "foreign_api.hip": ["cudaHostAlloc", "cudaStream_t", "cudaMemcpyHostToDevice", "cudaLaunchConfig_t",
                        "cudaLaunchKernelEx", "cudaErrorInvalidValue", "cudaStreamPerThread"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_every_kind_of_foreign_name_is_undeclared(tmp_path, name):
    built = _compile(name, tmp_path)
    assert built.status.value == "compile_error"
    for unknown in FOREIGN[name]:
        assert f"‘{unknown}’ was not declared in this scope" in built.stderr, (unknown, built.stderr[-3000:])
    assert "cpurt_hidden_" not in built.stderr, built.stderr[-3000:]


@pytest.mark.parametrize("name", ["own_api.cu", "own_api.hip"])
def test_a_program_in_one_spelling_compiles_and_runs(tmp_path, name):
    _assert_pass(_build_and_run(name, tmp_path))


def test_the_spelling_headers_are_generated_from_the_runtime():
    for relative, text in spellings.render().items():
        assert (spellings.RUNTIME_INCLUDE / relative).read_text(encoding="utf-8") == text, (
            f"{relative} is stale: run python -m hip_coding.execution.spellings"
        )


def test_the_spelling_table_covers_every_kind():
    names, macros = spellings.api_names()
    assert {"hipHostMalloc", "hipStream_t", "hipMemcpyHostToDevice", "hipMallocAsync", "HIP_SYMBOL"} <= names["hip"]
    assert {"cudaHostAlloc", "cudaStream_t", "cudaMemcpyHostToDevice", "cudaMallocAsync"} <= names["cuda"]
    assert {"hipLaunchKernelGGL", "cudaStreamPerThread", "CUDART_PI_F"} <= macros
    assert not names["cuda"] & names["hip"]

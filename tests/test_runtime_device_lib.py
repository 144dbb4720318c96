"""The device library and host API of the cpu backend's C++ runtime, and the ROCm 5.2 compat header.

Each C++ program in tests/runtime_unit/ checks values against expected numbers and prints PASS;
this file compiles it with the driver's g++ command line and runs it, in the modes that matter
for it (warp size 32/64, CUDA/HIP spelling, sanitize, ThreadSanitizer).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cpurt_build import BOTH32, BOTH64, CUDA32, HIP64, INCLUDE, RACE, ROOT, SANITIZE, make_builder

PROGRAMS = Path(__file__).resolve().parent / "runtime_unit"
COMPAT = ROOT / "core/hip_coding/execution/vendor/rocm_compat.h"

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ not installed")


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Compile tests/runtime_unit/<name>.cpp with extra flags (cached per session); return the binary."""
    return make_builder(PROGRAMS, tmp_path_factory.mktemp("device_lib_bin"))


def run(exe: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout)


def assert_pass(r: subprocess.CompletedProcess[str]) -> None:
    assert r.returncode == 0 and "PASS" in r.stdout, f"rc={r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"


def test_half_and_bf16_rounding_and_arithmetic(build):
    assert_pass(run(build("half_bf16", *BOTH32)))


@pytest.mark.parametrize("lang", [CUDA32, HIP64], ids=["cuda32", "hip64"])
def test_intrinsics_math_vector_types(build, lang):
    assert_pass(run(build("intrinsics_math", *lang)))


def test_atomics_from_many_threads(build):
    assert_pass(run(build("atomics", *CUDA32)))


@pytest.mark.slow
def test_atomics_are_race_free_under_tsan(build):
    # TSan exits 66 on a report; the atomics themselves must never be one.
    assert_pass(run(build("atomics", *CUDA32, *RACE)))


@pytest.mark.parametrize("flags", [BOTH32, BOTH64, (*BOTH32, *SANITIZE)], ids=["warp32", "warp64", "warp32-sanitize"])
def test_host_api_errors_memory_symbols_streams_events(build, flags):
    assert_pass(run(build("host_api", *flags)))


def test_user_code_idioms_do_not_clash(build):
    assert_pass(run(build("user_code_compat", *BOTH32)))


def test_trap_prints_and_aborts(build):
    r = run(build("traps", *CUDA32), "trap")
    assert r.returncode != 0 and "cpurt: __trap() called" in r.stderr, r.stderr


def test_assert_aborts(build):
    r = run(build("traps", *CUDA32), "assert")
    assert r.returncode != 0 and "answer == 42" in r.stderr, r.stderr


def test_allocations_are_exact_so_asan_sees_one_past_the_end(build):
    r = run(build("traps", *CUDA32, *SANITIZE), "oob")
    assert r.returncode != 0, r.stdout
    assert "heap-buffer-overflow" in r.stderr and "WRITE of size 4" in r.stderr, r.stderr[-3000:]


SHIMS = [
    "cuda_fp16.h",
    "cuda_bf16.h",
    "hip/hip_fp16.h",
    "hip/hip_bf16.h",
    "hip/hip_bfloat16.h",
    "math_constants.h",
    "hip/hip_math_constants.h",
    "vector_types.h",
    "hip/hip_vector_types.h",
]
OWN = ["errors", "device", "vector_types", "math", "intrinsics", "half", "atomics", "host_core", "host_api",
       "math_constants", "guard", "nvtx"]  # fmt: skip


@pytest.mark.parametrize("header", [f"cpurt/{h}.h" for h in OWN] + SHIMS)
def test_header_is_self_contained_and_warning_free(tmp_path, header):
    # Each header compiles alone, without the umbrella, and never falls through to a vendor header.
    src = tmp_path / "one.cpp"
    src.write_text(f"#include <{header}>\nint main() {{ return 0; }}\n")
    cmd = ["g++", "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", f"-I{INCLUDE}", str(src)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]


# ---- the ROCm 5.2 compat header, with the real hipcc --------------------------------------------
HIPCC = shutil.which("hipcc")
HIP_FLAGS = ["-std=c++17", "--offload-arch=gfx90a"]
WARP_SYNC_KERNEL = """
#include <hip/hip_runtime.h>
__global__ void k(float* out, unsigned long long* bits) {
  MASK_DECL;
  float v = threadIdx.x;
  for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_down_sync(full, v, o);
  v += __shfl_xor_sync(full, v, 1) + __shfl_up_sync(full, v, 1) + __shfl_sync(full, v, 0, 32);
  unsigned long long b = __ballot_sync(__activemask(), threadIdx.x & 1);
  __syncwarp();
  __syncwarp(full);
  if (__any_sync(full, v > 0) && __all_sync(full, 1)) bits[threadIdx.x] = b;
  out[threadIdx.x] = v;
}
"""
MASK64 = "const unsigned long long full = 0xffffffffffffffffull"


def _hipcc(tmp_path: Path, source: str, *extra: str) -> subprocess.CompletedProcess[str]:
    src = tmp_path / "k.hip"
    src.write_text(source)
    env = {**os.environ, "HIP_PLATFORM": "amd"}  # nvcc on PATH would otherwise be chosen
    cmd = [str(HIPCC), *HIP_FLAGS, *extra, "-c", str(src), "-o", str(tmp_path / "k.o")]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)


def _rocm_version() -> tuple[int, int]:
    out = subprocess.run(["hipconfig", "--version"], capture_output=True, text=True, timeout=60).stdout
    m = re.match(r"(\d+)\.(\d+)", out.strip())
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


@pytest.mark.vendor
@pytest.mark.skipif(HIPCC is None, reason="hipcc not installed")
def test_rocm_compat_adds_sync_warp_builtins(tmp_path):
    source = WARP_SYNC_KERNEL.replace("MASK_DECL", MASK64)
    if _rocm_version() < (6, 2):  # the header is needed at all: the bare compiler rejects the kernel
        bare = _hipcc(tmp_path, source)
        assert bare.returncode != 0 and "__shfl_down_sync" in bare.stderr
    r = _hipcc(tmp_path, source, "-include", str(COMPAT))
    assert r.returncode == 0, r.stderr[-3000:]


@pytest.mark.vendor
@pytest.mark.skipif(HIPCC is None, reason="hipcc not installed")
def test_rocm_compat_rejects_32_bit_masks_like_rocm_6(tmp_path):
    source = WARP_SYNC_KERNEL.replace("MASK_DECL", "const unsigned full = 0xffffffffu")
    r = _hipcc(tmp_path, source, "-include", str(COMPAT))
    assert r.returncode != 0 and "must be a 64-bit" in r.stderr, r.stderr[-3000:]


def test_rocm_compat_is_inert_in_host_only_compiles(tmp_path):
    src = tmp_path / "host.cpp"
    src.write_text("int __shfl_down_sync = 3;\nint main() { return __shfl_down_sync - 3; }\n")
    cmd = ["g++", "-std=c++17", "-include", str(COMPAT), str(src), "-o", str(tmp_path / "host")]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert subprocess.run([str(tmp_path / "host")], timeout=30).returncode == 0

"""Buffer extents from the kernel's index expressions (curation/extents.py): the bounds, computed by real C++."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hip_coding.curation.closure import ProjectIndex, resolve
from hip_coding.curation.extents import INTERVAL_CPP, infer_extents
from hip_coding.curation.kernel import Kernel
from hip_coding.curation.repository import Provenance
from hip_coding.curation.scan import scan_file


def kernel_of(tmp_path: Path, source: str) -> Kernel:
    path = tmp_path / "k.cu"
    path.write_text(source)
    scan = scan_file(path, tmp_path)
    assert len(scan.kernels) == 1, scan.problems
    return resolve(scan.kernels[0], ProjectIndex(scan.definitions), Provenance("p", tmp_path, "", "", ""))


def needs(tmp_path: Path, source: str, sizes: dict[str, int], block: tuple[int, int, int]) -> dict[str, object]:
    """Each buffer's bound, computed by compiling the translated C++ with the wrapper's launch for `sizes`."""
    kernel = kernel_of(tmp_path, source)
    extents = infer_extents(kernel, {name: name for name in sizes}, set())
    lines = [f"const long long {name} = {value};" for name, value in sizes.items()]
    extent = sizes.get("n", 1)
    grid = [(sizes.get(axis, extent) + b - 1) // b for axis, b in zip(("width", "height", "depth"), block, strict=True)]
    if "width" not in sizes:
        grid[1:] = [1, 1]
    lines += [f"const long long hc_b{a} = {b}, hc_g{a} = {g};" for a, b, g in zip("xyz", block, grid, strict=True)]
    lines.append(f"const long long hc_extent = {extent};")
    prints = [f'std::printf("{e.buffer} %lld\\n", static_cast<long long>({e.count}));' for e in extents.values()
              if e.count]  # fmt: skip
    program = "#include <algorithm>\n#include <cstdio>\n#include <cstdlib>\n#include <initializer_list>\n"
    program += INTERVAL_CPP + "int main() {\n" + "\n".join(lines + prints) + "\n}\n"
    (tmp_path / "bound.cpp").write_text(program)
    subprocess.run(["g++", "-std=c++17", "-o", str(tmp_path / "bound"), str(tmp_path / "bound.cpp")], check=True)
    out = subprocess.run([str(tmp_path / "bound")], capture_output=True, text=True, check=True).stdout
    result: dict[str, object] = {e.buffer: f"unsure: {e.unsure}" for e in extents.values() if not e.count}
    result.update({line.split()[0]: int(line.split()[1]) for line in out.splitlines()})
    return result


def test_one_dimensional_index_covers_the_grid(tmp_path: Path) -> None:
    source = """
__global__ void k(const float* a, float* b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) b[i] = 2.0f * a[i];
}"""
    # 1000 elements, blocks of 256: the grid covers 1024 threads; guards are not read, so the bound is 1024.
    assert needs(tmp_path, source, {"n": 1000}, (256, 1, 1)) == {"a": 1024, "b": 1024}


def test_strided_grid_stride_and_window_accesses(tmp_path: Path) -> None:
    source = """
#define WINDOW 5
__global__ void k(const float* in, float* out, float* sums, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    float s = 0.0f;
    for (int w = 0; w < WINDOW; ++w) s += in[i + w];
    out[3 * i + 2] = s;
  }
  atomicAdd(&sums[blockIdx.x], 1.0f);
}"""
    got = needs(tmp_path, source, {"n": 1000, "WINDOW": 5}, (256, 1, 1))
    # i < n bounds the grid-stride loop: i <= 999, so in needs 999 + 4 + 1, out 3 * 999 + 2 + 1; sums one per block.
    assert got == {"in": 1004, "out": 3000, "sums": 4}


def test_pitched_and_tiled_two_dimensional_indexing(tmp_path: Path) -> None:
    source = """
#define TILE 16
__global__ void k(const float* in, float* out, int width, int height, int pitch) {
  __shared__ float tile[TILE][TILE + 1];
  int x = blockIdx.x * TILE + threadIdx.x;
  int y = blockIdx.y * TILE + threadIdx.y;
  if (x < width && y < height) tile[threadIdx.y][threadIdx.x] = in[y * pitch + x];
  __syncthreads();
  x = blockIdx.y * TILE + threadIdx.x;
  y = blockIdx.x * TILE + threadIdx.y;
  if (x < height && y < width) out[y * height + x] = tile[threadIdx.x][threadIdx.y];
}"""
    got = needs(tmp_path, source, {"width": 40, "height": 20, "pitch": 43, "TILE": 16}, (16, 16, 1))
    # Grid 3 x 2 tiles. x and y are assigned twice; each is the hull of both (flow-insensitive): up to 47. The
    # over-estimate is safe (in: row 47 of pitch 43; out: row 47 of 20), an under-estimate would corrupt the heap.
    assert got == {"in": 47 * 43 + 47 + 1, "out": 47 * 20 + 47 + 1}


def test_what_the_rules_cannot_bound_is_unsure(tmp_path: Path) -> None:
    source = """
__device__ void put(float* p, int i) { p[i] = 1.0f; }
__global__ void k(float* a, float* b, const float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int j = i;
  j += n;
  a[j] = 0.0f;
  put(b, i);
  if (i > 0 && i < n) a[0] = c[i - 1];
}"""
    kernel = kernel_of(tmp_path, source)
    extents = infer_extents(kernel, {"n": "n"}, set())
    assert "`j += n` changes it" in extents["a"].unsure
    assert "uses it as a pointer" in extents["b"].unsure
    # c[i - 1]: a bound for the size, but the guard is not read, so the sanitizer must confirm the lower end.
    assert extents["c"].count and extents["c"].unsure == "an index may fall below 0"


@pytest.mark.parametrize("index", ["idx[i]", "i % 7", "min(i, n - 1)", "(i >> 1) & 3", "n - 1 - i"])
def test_index_forms_are_understood(tmp_path: Path, index: str) -> None:
    source = f"""
__global__ void k(const int* idx, float* out, int n) {{
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[{index}] = 1.0f;
}}"""
    kernel = kernel_of(tmp_path, source)
    assert infer_extents(kernel, {"n": "n"}, {"idx"})["out"].count

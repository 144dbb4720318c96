"""Measure the cpu runtime against plain serial C++ doing the same arithmetic, side by side in one run.

Prints, for each workload, the best-of-N time inside the program (launch to synchronise) on the cpu
backend and for a serial loop, then the compile time of a small program through `hip-coding compile`
(rewriter + sandbox + runtime, with and without the precompiled header) against plain g++.

    .venv/bin/python benchmarks/cpu_runtime.py [--repeat 10]

Targets (issue 2): 256x256 tree reduction within 20 ms; the runtime adds at most 1.5 s to a compile.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

from hip_coding.execution.backends import get_backend  # noqa: E402
from hip_coding.execution.options import BuildOptions, RunOptions  # noqa: E402

TIMER = r"""
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>
template <class F> double best_ms(int repeat, F&& f) {
  double best = 1e30;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (ms < best) best = ms;
  }
  return best;
}
"""

GPU_PROGRAM = (
    TIMER
    + r"""
#include <cuda_runtime.h>
__global__ void vadd(int n, const float* a, const float* b, float* c) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
__global__ void tree_sum(const float* x, float* out) {
  __shared__ float s[256];
  s[threadIdx.x] = x[blockIdx.x * 256 + threadIdx.x];
  __syncthreads();
  for (int k = 128; k > 0; k >>= 1) {
    if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}
__global__ void shfl_sum(const float* x, float* out) {
  __shared__ float w[8];
  float v = x[blockIdx.x * 256 + threadIdx.x];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  if (threadIdx.x % 32 == 0) w[threadIdx.x / 32] = v;
  __syncthreads();
  if (threadIdx.x < 32) {
    v = threadIdx.x < 8 ? w[threadIdx.x] : 0.0f;
    for (int o = 4; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    if (threadIdx.x == 0) out[blockIdx.x] = v;
  }
}
__global__ void matmul(int n, const float* a, const float* b, float* c) {
  __shared__ float ta[16][16], tb[16][16];
  int row = blockIdx.y * 16 + threadIdx.y, col = blockIdx.x * 16 + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < n; t += 16) {
    ta[threadIdx.y][threadIdx.x] = a[row * n + t + threadIdx.x];
    tb[threadIdx.y][threadIdx.x] = b[(t + threadIdx.y) * n + col];
    __syncthreads();
    for (int k = 0; k < 16; ++k) acc += ta[threadIdx.y][k] * tb[k][threadIdx.x];
    __syncthreads();
  }
  c[row * n + col] = acc;
}
int main(int argc, char** argv) {
  int repeat = argc > 1 ? std::atoi(argv[1]) : 10;
  const int n = 1 << 20, m = 512;
  std::vector<float> h(n, 1.0f);
  float *a, *b, *c, *out;
  cudaMalloc(&a, n * 4); cudaMalloc(&b, n * 4); cudaMalloc(&c, n * 4); cudaMalloc(&out, 4096 * 4);
  cudaMemcpy(a, h.data(), n * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(b, h.data(), n * 4, cudaMemcpyHostToDevice);
  std::printf("vadd_1M %.3f\n", best_ms(repeat, [&] { vadd<<<n / 256, 256>>>(n, a, b, c); cudaDeviceSynchronize(); }));
  std::printf("tree_reduction_256x256 %.3f\n", best_ms(repeat, [&] { tree_sum<<<256, 256>>>(a, out); cudaDeviceSynchronize(); }));
  std::printf("shuffle_reduction_256x256 %.3f\n", best_ms(repeat, [&] { shfl_sum<<<256, 256>>>(a, out); cudaDeviceSynchronize(); }));
  std::printf("matmul_512 %.3f\n", best_ms(repeat, [&] { matmul<<<dim3(m / 16, m / 16), dim3(16, 16)>>>(m, a, b, c); cudaDeviceSynchronize(); }));
  return 0;
}
"""
)

SERIAL_PROGRAM = (
    TIMER
    + r"""
volatile float sink;
int main(int argc, char** argv) {
  int repeat = argc > 1 ? std::atoi(argv[1]) : 10;
  const int n = 1 << 20, m = 512;
  std::vector<float> a(n, 1.0f), b(n, 1.0f), c(n), out(4096);
  std::printf("vadd_1M %.3f\n", best_ms(repeat, [&] { for (int i = 0; i < n; ++i) c[i] = a[i] + b[i]; sink = c[7]; }));
  auto reduce = [&] {
    for (int blk = 0; blk < 256; ++blk) { float s = 0; for (int t = 0; t < 256; ++t) s += a[blk * 256 + t]; out[blk] = s; }
    sink = out[3];
  };
  std::printf("tree_reduction_256x256 %.3f\n", best_ms(repeat, reduce));
  std::printf("shuffle_reduction_256x256 %.3f\n", best_ms(repeat, reduce));
  std::printf("matmul_512 %.3f\n", best_ms(repeat, [&] {
    for (int i = 0; i < m; ++i) for (int j = 0; j < m; ++j) { float acc = 0; for (int k = 0; k < m; ++k) acc += a[i * m + k] * b[k * m + j]; c[i * m + j] = acc; }
    sink = c[5];
  }));
  return 0;
}
"""
)

SMALL_GPU = r"""
#include <cuda_runtime.h>
#include <cstdio>
__global__ void scale(int n, float* x) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.0f; }
int main() { float* x; cudaMalloc(&x, 1024 * 4); scale<<<4, 256>>>(1024, x); cudaDeviceSynchronize(); std::printf("ok\n"); }
"""

SMALL_SERIAL = r"""
#include <cstdio>
#include <vector>
int main() { std::vector<float> x(1024); for (auto& v : x) v *= 2.0f; std::printf("ok\n"); }
"""


def parse_times(stdout: str) -> dict[str, float]:
    return {name: float(ms) for name, ms in (line.split() for line in stdout.strip().splitlines())}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    cpu = get_backend("cpu")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "gpu.cu").write_text(GPU_PROGRAM)
        (work / "serial.cpp").write_text(SERIAL_PROGRAM)
        built = cpu.compile([work / "gpu.cu"], work / "gpu", BuildOptions())
        if not built.ok:
            sys.exit(f"cpu compile failed: {built.detail}\n{built.stderr}")
        subprocess.run(["g++", "-std=c++20", "-O1", str(work / "serial.cpp"), "-o", str(work / "serial")], check=True)
        gpu_run = cpu.run(work / "gpu", RunOptions(args=(str(args.repeat),)))
        if not gpu_run.ok:
            sys.exit(f"cpu run failed: {gpu_run.detail}\n{gpu_run.stderr}")
        ours = parse_times(gpu_run.stdout)
        serial = parse_times(
            subprocess.run([str(work / "serial"), str(args.repeat)], capture_output=True, text=True, check=True).stdout
        )
        print(f"workers: {os.environ.get('CPURT_WORKERS', os.cpu_count())}, best of {args.repeat}")
        print(f"{'workload':28} {'cpu runtime ms':>15} {'serial C++ ms':>14} {'ratio':>7}")
        for name, ms in ours.items():
            print(f"{name:28} {ms:15.3f} {serial[name]:14.3f} {ms / serial[name]:7.1f}")

        (work / "small.cu").write_text(SMALL_GPU)
        (work / "small.cpp").write_text(SMALL_SERIAL)
        cpu.compile([work / "small.cu"], work / "small", BuildOptions())  # warm the PCH
        warm = min(timed(lambda: cpu.compile([work / "small.cu"], work / "small", BuildOptions())) for _ in range(3))
        os.environ["HIP_CODING_NO_PCH"] = "1"
        cold = min(timed(lambda: cpu.compile([work / "small.cu"], work / "small", BuildOptions())) for _ in range(3))
        del os.environ["HIP_CODING_NO_PCH"]
        plain = min(
            timed(
                lambda: subprocess.run(
                    ["g++", "-std=c++20", "-O1", str(work / "small.cpp"), "-o", str(work / "plain")], check=True
                )
            )
            for _ in range(3)
        )
        print(f"\n{'compile (best of 3)':28} {'seconds':>15} {'added vs g++':>14}")
        print(f"{'plain g++ -O1':28} {plain:15.2f} {'':>14}")
        print(f"{'hip-coding cpu, PCH':28} {warm:15.2f} {warm - plain:14.2f}")
        print(f"{'hip-coding cpu, no PCH':28} {cold:15.2f} {cold - plain:14.2f}")


if __name__ == "__main__":
    main()

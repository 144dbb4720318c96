"""Solutions shared by the perf tests of the CLI, the Ianvs job and the report (docs/perf.md)."""

SAXPY = "hip/elementwise/saxpy"

#: Correct but slow: each thread walks a chunk of 32 consecutive elements, so a warp's 32 lanes touch 32
#: different sectors per access (32 sectors per request instead of 4) and the grid is 32x smaller.
CHUNKED_SAXPY = """#include <hip/hip_runtime.h>

__global__ void saxpy_chunks(int n, float a, const float* x, float* y) {
  int begin = (blockIdx.x * blockDim.x + threadIdx.x) * 32;
  for (int i = begin; i < begin + 32 && i < n; ++i) y[i] = a * x[i] + y[i];
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  int threads = (n + 31) / 32;
  hipLaunchKernelGGL(saxpy_chunks, dim3((threads + 255) / 256), dim3(256), 0, stream, n, a, x, y);
}
"""

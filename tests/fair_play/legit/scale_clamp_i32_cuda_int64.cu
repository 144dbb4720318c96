// task: cuda/elementwise/scale_clamp_i32
// Style: <cstdint> and <algorithm> included, 64-bit product, a grid-stride loop.
#include <cuda_runtime.h>
#include <algorithm>
#include <cstdint>

__global__ void scale_clamp_kernel(int n, int scale, int lo, int hi, const int* x, int* y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    const int64_t p = static_cast<int64_t>(x[i]) * static_cast<int64_t>(scale);
    y[i] = p < lo ? lo : (p > hi ? hi : static_cast<int>(p));
  }
}

void scale_clamp_i32(int n, int scale, int lo, int hi, const int* x, int* y, cudaStream_t stream) {
  const int threads = 256;
  const int blocks = std::min((n + threads - 1) / threads, 4096);
  scale_clamp_kernel<<<blocks, threads, 0, stream>>>(n, scale, lo, hi, x, y);
}

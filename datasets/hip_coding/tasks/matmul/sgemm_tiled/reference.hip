#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTile = 16;

// One 16x16 block computes one 16x16 tile of C, staging matching K-slices of A and B in shared
// memory. Out-of-range elements are loaded as zero so every thread runs the same loop.
__global__ void sgemm_tiled_kernel(int m, int n, int k, const float* __restrict__ a,
                                   const float* __restrict__ b, float* __restrict__ c) {
  __shared__ float a_tile[kTile][kTile];
  __shared__ float b_tile[kTile][kTile];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * kTile + ty;
  const int col = blockIdx.x * kTile + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < k; k0 += kTile) {
    const int a_col = k0 + tx, b_row = k0 + ty;
    a_tile[ty][tx] = (row < m && a_col < k) ? a[(size_t)row * k + a_col] : 0.0f;
    b_tile[ty][tx] = (b_row < k && col < n) ? b[(size_t)b_row * n + col] : 0.0f;
    __syncthreads();  // tiles loaded
    for (int kk = 0; kk < kTile; ++kk) acc += a_tile[ty][kk] * b_tile[kk][tx];
    __syncthreads();  // tiles consumed before the next load overwrites them
  }
  if (row < m && col < n) c[(size_t)row * n + col] = acc;
}

void sgemm(int m, int n, int k, const float* a, const float* b, float* c, hipStream_t stream) {
  dim3 block(kTile, kTile);
  dim3 grid((n + kTile - 1) / kTile, (m + kTile - 1) / kTile);
  hipLaunchKernelGGL(sgemm_tiled_kernel, grid, block, 0, stream, m, n, k, a, b, c);
}

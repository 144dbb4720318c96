#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTile = 16;

// Exact GELU: x * Phi(x), with Phi the standard normal distribution function.
__device__ float gelu_erf(float x) { return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)); }

// One 16x16 block computes one 16x16 tile of Y = GELU(A * W + bias). Matching K-slices of A and W are
// staged in shared memory; out-of-range elements load as zero so every thread runs the same loop. The
// epilogue (bias, activation) runs in registers before the single store, so the product never
// round-trips through global memory.
__global__ void matmul_bias_gelu_kernel(int m, int n, int k, const float* __restrict__ a, const float* __restrict__ w,
                                        const float* __restrict__ bias, float* __restrict__ y) {
  __shared__ float a_tile[kTile][kTile];
  __shared__ float w_tile[kTile][kTile + 1];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * kTile + ty;
  const int col = blockIdx.x * kTile + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < k; k0 += kTile) {
    const int a_col = k0 + tx, w_row = k0 + ty;
    a_tile[ty][tx] = (row < m && a_col < k) ? a[(size_t)row * k + a_col] : 0.0f;
    w_tile[ty][tx] = (w_row < k && col < n) ? w[(size_t)w_row * n + col] : 0.0f;
    __syncthreads();  // tiles loaded
    for (int kk = 0; kk < kTile; ++kk) acc += a_tile[ty][kk] * w_tile[kk][tx];
    __syncthreads();  // tiles consumed before the next load overwrites them
  }
  if (row < m && col < n) y[(size_t)row * n + col] = gelu_erf(acc + bias[col]);
}

void matmul_bias_gelu(int m, int n, int k, const float* a, const float* w, const float* bias, float* y,
                      hipStream_t stream) {
  dim3 block(kTile, kTile);
  dim3 grid((n + kTile - 1) / kTile, (m + kTile - 1) / kTile);
  hipLaunchKernelGGL(matmul_bias_gelu_kernel, grid, block, 0, stream, m, n, k, a, w, bias, y);
}

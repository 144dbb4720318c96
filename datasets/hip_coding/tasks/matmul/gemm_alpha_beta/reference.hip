#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kThreads = 16;              // the block is kThreads x kThreads
constexpr int kBlockTile = 2 * kThreads;  // each block owns a 32x32 tile of C, each thread a 2x2 micro-tile
constexpr int kSlice = 16;                // K columns staged in shared memory per iteration

__global__ void gemm_alpha_beta_kernel(int m, int n, int k, float alpha, const float* __restrict__ a,
                                       const float* __restrict__ b, float beta, float* __restrict__ c) {
  __shared__ float a_tile[kBlockTile][kSlice];
  __shared__ float b_tile[kSlice][kBlockTile];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row0 = blockIdx.y * kBlockTile, col0 = blockIdx.x * kBlockTile;
  float acc[2][2] = {{0.0f, 0.0f}, {0.0f, 0.0f}};
  for (int k0 = 0; k0 < k; k0 += kSlice) {
    for (int h = 0; h < 2; ++h) {
      const int ar = row0 + ty + h * kThreads, ac = k0 + tx;
      a_tile[ty + h * kThreads][tx] = (ar < m && ac < k) ? a[(size_t)ar * k + ac] : 0.0f;
      const int br = k0 + ty, bc = col0 + tx + h * kThreads;
      b_tile[ty][tx + h * kThreads] = (br < k && bc < n) ? b[(size_t)br * n + bc] : 0.0f;
    }
    __syncthreads();  // slices loaded
    for (int kk = 0; kk < kSlice; ++kk) {
      const float a0 = a_tile[ty][kk], a1 = a_tile[ty + kThreads][kk];
      const float b0 = b_tile[kk][tx], b1 = b_tile[kk][tx + kThreads];
      acc[0][0] += a0 * b0;
      acc[0][1] += a0 * b1;
      acc[1][0] += a1 * b0;
      acc[1][1] += a1 * b1;
    }
    __syncthreads();  // slices consumed before the next load overwrites them
  }
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) {
      const int row = row0 + ty + i * kThreads, col = col0 + tx + j * kThreads;
      if (row < m && col < n) {
        float* out = &c[(size_t)row * n + col];
        // BLAS convention: with beta == 0, C is write-only, so whatever it held (even NaN) cannot leak.
        *out = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *out;
      }
    }
  }
}

void gemm_alpha_beta(int m, int n, int k, float alpha, const float* a, const float* b, float beta, float* c,
                     hipStream_t stream) {
  dim3 block(kThreads, kThreads);
  dim3 grid((n + kBlockTile - 1) / kBlockTile, (m + kBlockTile - 1) / kBlockTile);
  hipLaunchKernelGGL(gemm_alpha_beta_kernel, grid, block, 0, stream, m, n, k, alpha, a, b, beta, c);
}

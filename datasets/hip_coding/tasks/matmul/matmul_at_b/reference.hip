#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTile = 16;

// C (m x n) = A^T * B with A stored k x m and B stored k x n. Both operands are read along their
// rows, so each tile load is coalesced in threadIdx.x; the transpose happens only in how the
// A tile is indexed during the multiply (a_tile[kk][ty] is A^T[row][k0 + kk]).
__global__ void matmul_at_b_kernel(int m, int n, int k, const float* __restrict__ a,
                                   const float* __restrict__ b, float* __restrict__ c) {
  __shared__ float a_tile[kTile][kTile + 1];  // +1: the column-wise reads below avoid bank conflicts
  __shared__ float b_tile[kTile][kTile];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row0 = blockIdx.y * kTile, col0 = blockIdx.x * kTile;
  float acc = 0.0f;
  for (int k0 = 0; k0 < k; k0 += kTile) {
    const int a_row = k0 + ty, a_col = row0 + tx;  // A's column index is C's row index
    a_tile[ty][tx] = (a_row < k && a_col < m) ? a[(size_t)a_row * m + a_col] : 0.0f;
    const int b_row = k0 + ty, b_col = col0 + tx;
    b_tile[ty][tx] = (b_row < k && b_col < n) ? b[(size_t)b_row * n + b_col] : 0.0f;
    __syncthreads();  // tiles loaded
    for (int kk = 0; kk < kTile; ++kk) acc += a_tile[kk][ty] * b_tile[kk][tx];
    __syncthreads();  // tiles consumed before the next load overwrites them
  }
  const int row = row0 + ty, col = col0 + tx;
  if (row < m && col < n) c[(size_t)row * n + col] = acc;
}

void matmul_at_b(int m, int n, int k, const float* a, const float* b, float* c, hipStream_t stream) {
  dim3 block(kTile, kTile);
  dim3 grid((n + kTile - 1) / kTile, (m + kTile - 1) / kTile);
  hipLaunchKernelGGL(matmul_at_b_kernel, grid, block, 0, stream, m, n, k, a, b, c);
}

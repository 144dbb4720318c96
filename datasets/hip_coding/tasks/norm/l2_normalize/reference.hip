#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
// The host cannot read warpSize, so the grid is sized for the widest warp (64 lanes: 4 rows per
// block); with 32-lane warps the surplus warps find no row and leave.
constexpr int kRowsPerBlock = kBlock / 64;

// One warp per row: lanes accumulate strided squares, a butterfly gives every lane the row's sum,
// then the lanes scale their own elements.
__global__ void l2_normalize_kernel(int rows, int cols, float eps, const float* __restrict__ x,
                                    float* __restrict__ y) {
  const int lane = threadIdx.x % warpSize;
  const int row = blockIdx.x * kRowsPerBlock + threadIdx.x / warpSize;
  if (row >= rows) return;  // whole warps leave together, so the shuffles stay full-warp
  const float* x_row = x + (size_t)row * cols;
  float* y_row = y + (size_t)row * cols;
  float sq = 0.0f;
  for (int c = lane; c < cols; c += warpSize) sq += x_row[c] * x_row[c];
  for (int mask = warpSize / 2; mask > 0; mask /= 2) sq += __shfl_xor(sq, mask);
  const float inv_norm = 1.0f / fmaxf(sqrtf(sq), eps);
  for (int j = lane; j < cols; j += warpSize) y_row[j] = x_row[j] * inv_norm;
}

void l2_normalize(int rows, int cols, float eps, const float* x, float* y, hipStream_t stream) {
  const int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(l2_normalize_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, cols, eps, x, y);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
// The host cannot read warpSize, so it sizes the grid for the widest warp (64 lanes: 4 rows per
// block). With 32-lane warps a block has 8 warps and the surplus ones find no row and leave.
constexpr int kRowsPerBlock = kBlock / 64;

// One warp per row: lanes stride along the row (coalesced reads), then a shuffle tree adds the
// per-lane partial sums into lane 0.
__global__ void matvec_kernel(int rows, int cols, const float* __restrict__ a, const float* __restrict__ x,
                              float* __restrict__ y) {
  const int lane = threadIdx.x % warpSize;
  const int row = blockIdx.x * kRowsPerBlock + threadIdx.x / warpSize;
  if (row >= rows) return;  // the whole warp leaves together, so the shuffles below stay full-warp
  const float* a_row = a + (size_t)row * cols;
  float sum = 0.0f;
  for (int c = lane; c < cols; c += warpSize) sum += a_row[c] * x[c];
  for (int offset = warpSize / 2; offset > 0; offset /= 2) sum += __shfl_down(sum, offset);
  if (lane == 0) y[row] = sum;
}

void matvec(int rows, int cols, const float* a, const float* x, float* y, hipStream_t stream) {
  const int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(matvec_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, cols, a, x, y);
}

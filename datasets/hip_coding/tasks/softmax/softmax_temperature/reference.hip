#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
// The host cannot read warpSize, so the grid is sized for the widest warp (64 lanes: 4 rows per
// block); with 32-lane warps the surplus warps find no row and leave.
constexpr int kRowsPerBlock = kBlock / 64;

__device__ float warp_max(float v) {
  for (int mask = warpSize / 2; mask > 0; mask /= 2) v = fmaxf(v, __shfl_xor(v, mask));
  return v;
}

__device__ float warp_sum(float v) {
  for (int mask = warpSize / 2; mask > 0; mask /= 2) v += __shfl_xor(v, mask);
  return v;
}

// One warp per row. Because the temperature is positive, max(x / t) = max(x) / t, and the shifted
// exponent (x - max) / t is computed from an exact-ish difference before dividing.
__global__ void softmax_temperature_kernel(int rows, int cols, const float* __restrict__ x,
                                           const float* __restrict__ temperature, float* __restrict__ y) {
  const int lane = threadIdx.x % warpSize;
  const int row = blockIdx.x * kRowsPerBlock + threadIdx.x / warpSize;
  if (row >= rows) return;  // whole warps leave together, so the shuffles stay full-warp
  const float* x_row = x + (size_t)row * cols;
  float* y_row = y + (size_t)row * cols;
  const float inv_t = 1.0f / temperature[row];
  float row_max = -INFINITY;
  for (int c = lane; c < cols; c += warpSize) row_max = fmaxf(row_max, x_row[c]);
  row_max = warp_max(row_max);
  float sum = 0.0f;
  for (int c = lane; c < cols; c += warpSize) sum += expf((x_row[c] - row_max) * inv_t);
  sum = warp_sum(sum);
  const float inv_sum = 1.0f / sum;
  for (int j = lane; j < cols; j += warpSize) y_row[j] = expf((x_row[j] - row_max) * inv_t) * inv_sum;
}

void softmax_temperature(int rows, int cols, const float* x, const float* temperature, float* y,
                         hipStream_t stream) {
  const int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(softmax_temperature_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, cols, x,
                     temperature, y);
}

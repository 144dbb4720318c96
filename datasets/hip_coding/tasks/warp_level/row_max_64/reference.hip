#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kCols = 64;
// 32 lanes per row, two columns each: a group of 32 lanes is a whole warp on 32-lane GPUs and half
// a warp on 64-lane ones, and width-32 shuffles keep the two rows of a 64-lane warp apart.
constexpr int kLanes = 32;
constexpr int kRowsPerBlock = kBlock / kLanes;

__global__ void row_max_64_kernel(int rows, const float* __restrict__ x, float* __restrict__ out) {
  int row = blockIdx.x * kRowsPerBlock + threadIdx.x / kLanes;
  int lane = threadIdx.x % kLanes;
  float m = -INFINITY;  // rows past the end still take part in the shuffles
  if (row < rows) {
    const float* r = x + static_cast<long long>(row) * kCols;
    m = fmaxf(r[lane], r[lane + kLanes]);
  }
  for (int d = kLanes / 2; d > 0; d >>= 1) m = fmaxf(m, __shfl_xor(m, d, kLanes));
  if (row < rows && lane == 0) out[row] = m;
}

void row_max_64(int rows, const float* x, float* out, hipStream_t stream) {
  int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(row_max_64_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, x, out);
}

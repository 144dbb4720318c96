#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;

struct MaxOp {
  __device__ float operator()(float a, float b) const { return fmaxf(a, b); }
};
struct SumOp {
  __device__ float operator()(float a, float b) const { return a + b; }
};

// A butterfly inside each warp leaves the warp's result in every lane; lane 0 of each warp publishes
// it, then every thread folds the per-warp results. Correct for any warpSize that divides kBlock.
template <class Op>
__device__ float block_reduce(float v, float* partial, Op op) {
  for (int mask = warpSize / 2; mask > 0; mask /= 2) v = op(v, __shfl_xor(v, mask));
  if (threadIdx.x % warpSize == 0) partial[threadIdx.x / warpSize] = v;
  __syncthreads();  // per-warp results stored
  float result = partial[0];
  for (int w = 1; w < kBlock / warpSize; ++w) result = op(result, partial[w]);
  __syncthreads();  // partials read; the next reduction may overwrite them
  return result;
}

// One block per row: y = (x - max) - log(sum(exp(x - max))). Never log(softmax): that underflows.
__global__ void log_softmax_kernel(int cols, const float* __restrict__ x, float* __restrict__ y) {
  __shared__ float partial[kBlock / 32];  // room for the 32-lane case, the most warps per block
  const float* x_row = x + (size_t)blockIdx.x * cols;
  float* y_row = y + (size_t)blockIdx.x * cols;
  float row_max = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += kBlock) row_max = fmaxf(row_max, x_row[c]);
  row_max = block_reduce(row_max, partial, MaxOp());
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) sum += expf(x_row[c] - row_max);
  sum = block_reduce(sum, partial, SumOp());
  const float log_sum = logf(sum);
  for (int j = threadIdx.x; j < cols; j += kBlock) y_row[j] = (x_row[j] - row_max) - log_sum;
}

void log_softmax_rows(int rows, int cols, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(log_softmax_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, x, y);
}

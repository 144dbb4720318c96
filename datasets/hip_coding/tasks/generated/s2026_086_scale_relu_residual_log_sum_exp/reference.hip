#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kMaxWarps = kBlock / 32;  // enough slots for any warp size >= 32

// The element-wise steps, recomputed from the input by every pass (cheaper than storing v).
__device__ float chain(const float* __restrict__ x, const float* __restrict__ r, size_t i) {
  float v = x[i];
  v = v * 1.5f;  // step 1: scale
  v = fmaxf(v, 0.0f);  // step 2: relu
  v = v + r[i];  // step 3: residual
  return v;
}

// Block-wide max by warp shuffles and one shared slot per warp; every thread gets the result.
__device__ float block_max(float v, float* partial) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v = fmaxf(v, __shfl_xor(v, offset));
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  if (lane == 0) partial[warp] = v;
  __syncthreads();  // partials parked
  float total = partial[0];
  for (int w = 1; w < kBlock / warpSize; ++w) total = fmaxf(total, partial[w]);
  return total;
}

// Block-wide sum by warp shuffles and one shared slot per warp; every thread gets the result.
__device__ float block_sum(float v, float* partial) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v = v + __shfl_xor(v, offset);
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  if (lane == 0) partial[warp] = v;
  __syncthreads();  // partials parked
  float total = partial[0];
  for (int w = 1; w < kBlock / warpSize; ++w) total = total + partial[w];
  return total;
}

// One block per row: log_sum_exp of the chained values.
__global__ void fused_chain_86_kernel(int cols, const float* __restrict__ x, const float* __restrict__ r, float* __restrict__ y) {
  __shared__ float partial[kMaxWarps], partial_sum[kMaxWarps];
  const size_t base = (size_t)blockIdx.x * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += kBlock) m = fmaxf(m, chain(x, r, base + c));
  m = block_max(m, partial);
  float s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) s += expf(chain(x, r, base + c) - m);
  s = block_sum(s, partial_sum);
  if (threadIdx.x == 0) y[blockIdx.x] = m + logf(s);
}

void fused_chain_86(int rows, int cols, const float* x, const float* r, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(fused_chain_86_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, x, r, y);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kMaxWarps = kBlock / 32;  // enough slots for any warp size >= 32

// bfloat16 is the upper half of a float: widening is a shift, narrowing rounds to nearest even.
__device__ float bf16_to_float(unsigned short b) { return __uint_as_float((unsigned)b << 16); }
__device__ unsigned short float_to_bf16(float f) {
  const unsigned u = __float_as_uint(f);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

// The element-wise steps, recomputed from the input by every pass (cheaper than storing v).
__device__ float chain(const unsigned short* __restrict__ x, size_t i) {
  float v = bf16_to_float(x[i]);
  v = v > 0.0f ? v : 0.27f * v;  // step 1: leaky_relu
  v = fmaxf(v, 0.0f);  // step 2: relu
  v = v + -0.91f;  // step 3: bias
  v = v * v;  // step 4: square
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
__global__ void fused_chain_60_kernel(int cols, const unsigned short* __restrict__ x, unsigned short* __restrict__ y) {
  __shared__ float partial[kMaxWarps], partial_sum[kMaxWarps];
  const size_t base = (size_t)blockIdx.x * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += kBlock) m = fmaxf(m, chain(x, base + c));
  m = block_max(m, partial);
  float s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) s += expf(chain(x, base + c) - m);
  s = block_sum(s, partial_sum);
  if (threadIdx.x == 0) y[blockIdx.x] = float_to_bf16(m + logf(s));
}

void fused_chain_60(int rows, int cols, const unsigned short* x, unsigned short* y, hipStream_t stream) {
  hipLaunchKernelGGL(fused_chain_60_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, x, y);
}

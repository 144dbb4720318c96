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

// Block-wide sum by warp shuffles and one shared slot per warp; every thread gets the total, and the
// trailing barrier lets the caller reuse `partial`.
__device__ float block_sum(float v, float* partial) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_xor(v, offset);
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  if (lane == 0) partial[warp] = v;
  __syncthreads();  // partials parked
  float total = 0.0f;
  for (int w = 0; w < kBlock / warpSize; ++w) total += partial[w];
  __syncthreads();  // everyone has read the partials
  return total;
}

// One block per row: pass 1 rounds h = x + residual to bf16, stores it and sums it; pass 2 takes the
// variance about the mean from the stored h (each thread rereads only its own elements); pass 3
// writes the affine-normalised row, rounded to bf16.
__global__ void residual_layer_norm_kernel(int cols, float eps, const unsigned short* __restrict__ x,
                                           const unsigned short* __restrict__ residual,
                                           const unsigned short* __restrict__ gamma,
                                           const unsigned short* __restrict__ beta, unsigned short* __restrict__ h,
                                           unsigned short* __restrict__ y) {
  __shared__ float partial[kMaxWarps];
  const size_t base = (size_t)blockIdx.x * cols;
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const unsigned short hb = float_to_bf16(bf16_to_float(x[base + c]) + bf16_to_float(residual[base + c]));
    h[base + c] = hb;
    sum += bf16_to_float(hb);
  }
  const float mean = block_sum(sum, partial) / cols;
  float sq = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const float d = bf16_to_float(h[base + c]) - mean;
    sq += d * d;
  }
  const float inv_std = rsqrtf(block_sum(sq, partial) / cols + eps);
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const float n = (bf16_to_float(h[base + c]) - mean) * inv_std;
    y[base + c] = float_to_bf16(n * bf16_to_float(gamma[c]) + bf16_to_float(beta[c]));
  }
}

void residual_layer_norm_bf16(int rows, int cols, float eps, const unsigned short* x, const unsigned short* residual,
                              const unsigned short* gamma, const unsigned short* beta, unsigned short* h,
                              unsigned short* y, hipStream_t stream) {
  hipLaunchKernelGGL(residual_layer_norm_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, eps, x, residual, gamma,
                     beta, h, y);
}

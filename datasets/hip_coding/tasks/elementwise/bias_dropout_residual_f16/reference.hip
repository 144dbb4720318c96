#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;

// The stated mask hash: the flat index spread by the golden-ratio constant, xored with the seed, then
// the 32-bit finaliser (two xor-shift-multiply rounds and a last xor-shift).
__device__ __forceinline__ unsigned int mask_hash(unsigned int seed, unsigned int i) {
  unsigned int h = seed ^ (i * 0x9E3779B9u);
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}

// One thread per element of the flattened matrix: widen to float, add the column's bias, drop or scale,
// add the residual, round to half once.
__global__ void bias_dropout_residual_kernel(unsigned int n, int cols, unsigned int threshold, float scale,
                                             unsigned int seed, const __half* __restrict__ x,
                                             const __half* __restrict__ bias, const __half* __restrict__ residual,
                                             __half* __restrict__ out) {
  const unsigned int i = blockIdx.x * kBlock + threadIdx.x;
  if (i < n) {
    const float v = __half2float(x[i]) + __half2float(bias[i % cols]);
    const float kept = mask_hash(seed, i) < threshold ? 0.0f : v * scale;
    out[i] = __float2half(__half2float(residual[i]) + kept);
  }
}

void bias_dropout_residual_f16(int rows, int cols, float p, unsigned int seed, const __half* x, const __half* bias,
                               const __half* residual, __half* out, hipStream_t stream) {
  const unsigned int n = (unsigned int)rows * (unsigned int)cols;
  // floor(p * 2^32): the product is exact (a power-of-two scaling of p < 1), the conversion truncates.
  const unsigned int threshold = (unsigned int)(p * 4294967296.0f);
  const float scale = 1.0f / (1.0f - p);
  const unsigned int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(bias_dropout_residual_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, cols, threshold, scale,
                     seed, x, bias, residual, out);
}

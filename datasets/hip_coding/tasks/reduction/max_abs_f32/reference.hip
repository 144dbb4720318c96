#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// |x| is never negative, so its bit pattern orders like an unsigned integer: an unsigned atomicMax on
// the result's bits combines the warps (out starts at +0.0f, all-zero bits).
__global__ void max_abs_kernel(int n, const float* __restrict__ x, unsigned int* __restrict__ out_bits) {
  float m = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) m = fmaxf(m, fabsf(x[i]));
  // Within a warp: shuffles (for 32- or 64-lane warps); then one atomic per warp.
  for (int d = warpSize / 2; d > 0; d >>= 1) m = fmaxf(m, __shfl_down(m, d));
  if (threadIdx.x % warpSize == 0) atomicMax(out_bits, __float_as_uint(m));
}

void max_abs_f32(int n, const float* x, float* out, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > 1024) blocks = 1024;  // a grid-stride loop covers the rest
  hipMemsetAsync(out, 0, sizeof(float), stream);
  hipLaunchKernelGGL(max_abs_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, reinterpret_cast<unsigned int*>(out));
}

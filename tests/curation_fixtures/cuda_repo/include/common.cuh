#ifndef COMMON_CUH
#define COMMON_CUH

#include <cuda_runtime.h>

#define WARP_SIZE 32
#define CUDA_CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) return e_; } while (0)

struct Range {
  float lo;
  float hi;
};

__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = WARP_SIZE / 2; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

__device__ __forceinline__ float clamp_to(float v, Range r) { return fminf(fmaxf(v, r.lo), r.hi); }

// The kernel itself lives in kernels/reduce.cu.
__global__ void warp_reduce_kernel(const float* x, float* out, int n);

#endif

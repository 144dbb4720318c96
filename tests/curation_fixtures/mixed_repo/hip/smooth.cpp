// A .cpp file compiled by hipcc: kernels may live in any C++ file.
#include <hip/hip_runtime.h>

#include "../common/ops.hpp"

#ifdef __HIP_PLATFORM_AMD__
__global__ void smooth_kernel(const double* t, double* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = ops::smooth_step(t[i]);
  }
}
#endif

namespace detail {

__global__ void count_positive_kernel(const float* x, unsigned int* count, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && x[i] > 0.0f) {
    atomicAdd(count, 1u);
  }
}

}  // namespace detail

template <typename T, int UNROLL>
__global__ void unrolled_scale(T* x, T s, int n) {
  int base = (blockIdx.x * blockDim.x + threadIdx.x) * UNROLL;
#pragma unroll
  for (int k = 0; k < UNROLL; ++k)
    if (base + k < n) x[base + k] *= s;
}

__global__ void copy_kernel(const float* src, float* dst, int n);

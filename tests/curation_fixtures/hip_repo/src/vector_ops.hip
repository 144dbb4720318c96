// SPDX-License-Identifier: MIT
#include <hip/hip_runtime.h>

#define GLOBAL_STATIC static __global__

const char* kDocExample = "__global__ void not_a_kernel(float* x) { x[0] = 1.0f; }";

/* An old version, kept for reference:
__global__ void saxpy_old(int n, float a, const float* x, float* y) { }
*/

__global__ void saxpy_kernel(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    y[i] = a * x[i] + y[i];
  }
}

__launch_bounds__(256) static __global__ void relu_kernel(const float* __restrict__ in, float* __restrict__ out,
                                                         int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = in[i] > 0.0f ? in[i] : 0.0f;
  }
}

GLOBAL_STATIC void negate_kernel(float* v, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    v[i] = -v[i];
  }
}

template <typename T>
__global__ void fill_kernel(T* out, T value, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = value;
}

void launch_all(float* x, float* y, int n, hipStream_t stream) {
  hipLaunchKernelGGL(saxpy_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, n, 2.0f, x, y);
  hipLaunchKernelGGL(relu_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, x, y, n);
  hipLaunchKernelGGL(negate_kernel, dim3(64), dim3(256), 0, stream, y, n);
  hipLaunchKernelGGL(fill_kernel<float>, dim3((n + 255) / 256), dim3(256), 0, stream, y, 1.0f, n);
}

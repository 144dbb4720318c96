// SPDX-License-Identifier: BSD-3-Clause
// The HIP twin of cuda/leaky.cu: the same kernel, spelled for HIP.
#include <hip/hip_runtime.h>

#include "../common/ops.hpp"

__global__ void leaky_relu_kernel(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    y[i] = ops::leaky(x[i]);
  }
}

void leaky_relu(const float* x, float* y, int n, hipStream_t stream) {
  hipLaunchKernelGGL(leaky_relu_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, x, y, n);
}

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void saxpy_kernel(int n, float a, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(saxpy_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, a, x, y);
}

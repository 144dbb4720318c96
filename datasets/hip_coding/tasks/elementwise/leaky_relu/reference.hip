#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void leaky_relu_kernel(int n, float slope, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    // A select, not fmaxf(v, slope * v): that shortcut is only right for slope <= 1.
    y[i] = v > 0.0f ? v : slope * v;
  }
}

void leaky_relu(int n, float slope, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(leaky_relu_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, slope, x, y);
}

#include "../include/scale.h"

__global__ void scale_kernel(float* data, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    data[i] = data[i] * s;
  }
}

void scale(float* data, float s, int n, hipStream_t stream) {
  hipLaunchKernelGGL(scale_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, data, s, n);
}

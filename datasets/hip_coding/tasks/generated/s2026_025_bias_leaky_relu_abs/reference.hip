#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_25_kernel(int n, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = v + -0.4f;  // step 1: bias
    v = v > 0.0f ? v : 0.06f * v;  // step 2: leaky_relu
    v = fabsf(v);  // step 3: abs
    y[i] = v;
  }
}

void fused_chain_25(int n, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_25_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

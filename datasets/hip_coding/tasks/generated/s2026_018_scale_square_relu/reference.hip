#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_18_kernel(int n, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = v * 1.9f;  // step 1: scale
    v = v * v;  // step 2: square
    v = fmaxf(v, 0.0f);  // step 3: relu
    y[i] = v;
  }
}

void fused_chain_18(int n, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_18_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

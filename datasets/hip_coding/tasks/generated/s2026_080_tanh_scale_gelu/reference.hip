#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_80_kernel(int n, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = tanhf(v);  // step 1: tanh
    v = v * 1.5f;  // step 2: scale
    v = v / (1.0f + expf(-1.5957691216057308f * (v + 0.044715f * v * v * v)));  // step 3: gelu
    y[i] = v;
  }
}

void fused_chain_80(int n, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_80_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

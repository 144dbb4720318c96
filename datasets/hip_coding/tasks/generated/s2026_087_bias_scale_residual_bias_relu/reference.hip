#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_87_kernel(int n, const float* __restrict__ x, const float* __restrict__ r, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = v + 0.16f;  // step 1: bias
    v = v * 1.99f;  // step 2: scale
    v = v + r[i];  // step 3: residual
    v = v + 0.63f;  // step 4: bias
    v = fmaxf(v, 0.0f);  // step 5: relu
    y[i] = v;
  }
}

void fused_chain_87(int n, const float* x, const float* r, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_87_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

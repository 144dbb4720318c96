#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_31_kernel(int n, const float* __restrict__ x, const float* __restrict__ r, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = v * 1.74f;  // step 1: scale
    v = fabsf(v);  // step 2: abs
    v = v * 1.28f;  // step 3: scale
    v = v + r[i];  // step 4: residual
    v = 1.0f / (1.0f + expf(-v));  // step 5: sigmoid
    y[i] = v;
  }
}

void fused_chain_31(int n, const float* x, const float* r, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_31_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

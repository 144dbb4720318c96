#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_38_kernel(int n, const float* __restrict__ x, const float* __restrict__ r, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = fabsf(v);  // step 1: abs
    v = v + r[i];  // step 2: residual
    v = v * 0.79f;  // step 3: scale
    v = v > 0.0f ? v : 0.02f * v;  // step 4: leaky_relu
    y[i] = v;
  }
}

void fused_chain_38(int n, const float* x, const float* r, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_38_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

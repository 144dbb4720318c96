#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_72_kernel(int n, const float* __restrict__ x, const float* __restrict__ r, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = v * 1.5f;  // step 1: scale
    v = v / (1.0f + expf(-1.5957691216057308f * (v + 0.044715f * v * v * v)));  // step 2: gelu
    v = v + r[i];  // step 3: residual
    v = v / (1.0f + expf(-v));  // step 4: silu
    v = fmaxf(v, 0.0f);  // step 5: relu
    v = v * v;  // step 6: square
    y[i] = v;
  }
}

void fused_chain_72(int n, const float* x, const float* r, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_72_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

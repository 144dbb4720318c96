#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_8_kernel(int n, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = v > 0.0f ? v : 0.07f * v;  // step 1: leaky_relu
    v = v / (1.0f + expf(-v));  // step 2: silu
    v = v + -0.65f;  // step 3: bias
    v = 1.0f / (1.0f + expf(-v));  // step 4: sigmoid
    v = fmaxf(v, 0.0f);  // step 5: relu
    y[i] = v;
  }
}

void fused_chain_8(int n, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_8_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_67_kernel(int n, const float* __restrict__ x, const float* __restrict__ r, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    v = fminf(fmaxf(v, -1.15f), 1.79f);  // step 1: clamp
    v = fmaxf(v, 0.0f);  // step 2: relu
    v = tanhf(v);  // step 3: tanh
    v = v + r[i];  // step 4: residual
    v = v * 1.5f;  // step 5: scale
    v = 1.0f / (1.0f + expf(-v));  // step 6: sigmoid
    y[i] = v;
  }
}

void fused_chain_67(int n, const float* x, const float* r, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_67_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

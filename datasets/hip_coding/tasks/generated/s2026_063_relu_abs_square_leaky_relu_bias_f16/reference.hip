#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_63_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = fmaxf(v, 0.0f);  // step 1: relu
    v = fabsf(v);  // step 2: abs
    v = v * v;  // step 3: square
    v = v > 0.0f ? v : 0.28f * v;  // step 4: leaky_relu
    v = v + -0.59f;  // step 5: bias
    y[i] = __float2half(v);
  }
}

void fused_chain_63(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_63_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_82_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = v > 0.0f ? v : 0.13f * v;  // step 1: leaky_relu
    v = 1.0f / (1.0f + expf(-v));  // step 2: sigmoid
    v = fabsf(v);  // step 3: abs
    v = v * 1.5f;  // step 4: scale
    y[i] = __float2half(v);
  }
}

void fused_chain_82(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_82_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

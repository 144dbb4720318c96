#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_74_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = fabsf(v);  // step 1: abs
    v = v + 0.44f;  // step 2: bias
    y[i] = __float2half(v);
  }
}

void fused_chain_74(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_74_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

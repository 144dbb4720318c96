#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_79_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = fminf(fmaxf(v, -0.84f), 1.76f);  // step 1: clamp
    v = fmaxf(v, 0.0f);  // step 2: relu
    v = v + -0.43f;  // step 3: bias
    v = fminf(fmaxf(v, -1.07f), 1.2f);  // step 4: clamp
    y[i] = __float2half(v);
  }
}

void fused_chain_79(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_79_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

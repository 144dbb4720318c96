#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_36_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = 1.0f / (1.0f + expf(-v));  // step 1: sigmoid
    v = v * v;  // step 2: square
    v = fminf(fmaxf(v, -1.63f), 1.23f);  // step 3: clamp
    v = tanhf(v);  // step 4: tanh
    v = v * 0.86f;  // step 5: scale
    y[i] = __float2half(v);
  }
}

void fused_chain_36(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_36_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

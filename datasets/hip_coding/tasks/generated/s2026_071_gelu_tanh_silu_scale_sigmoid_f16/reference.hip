#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_71_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = v / (1.0f + expf(-1.5957691216057308f * (v + 0.044715f * v * v * v)));  // step 1: gelu
    v = tanhf(v);  // step 2: tanh
    v = v / (1.0f + expf(-v));  // step 3: silu
    v = v * 1.5f;  // step 4: scale
    v = 1.0f / (1.0f + expf(-v));  // step 5: sigmoid
    y[i] = __float2half(v);
  }
}

void fused_chain_71(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_71_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

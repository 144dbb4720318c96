#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_9_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = v * 1.5f;  // step 1: scale
    v = fabsf(v);  // step 2: abs
    v = fminf(fmaxf(v, -1.65f), 1.44f);  // step 3: clamp
    v = v / (1.0f + expf(-1.5957691216057308f * (v + 0.044715f * v * v * v)));  // step 4: gelu
    y[i] = __float2half(v);
  }
}

void fused_chain_9(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_9_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

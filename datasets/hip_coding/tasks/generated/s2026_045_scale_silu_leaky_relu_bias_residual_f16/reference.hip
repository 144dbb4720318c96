#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_45_kernel(int n, const __half* __restrict__ x, const __half* __restrict__ r, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = v * 1.5f;  // step 1: scale
    v = v / (1.0f + expf(-v));  // step 2: silu
    v = v > 0.0f ? v : 0.15f * v;  // step 3: leaky_relu
    v = v + 0.12f;  // step 4: bias
    v = v + __half2float(r[i]);  // step 5: residual
    y[i] = __float2half(v);
  }
}

void fused_chain_45(int n, const __half* x, const __half* r, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_45_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

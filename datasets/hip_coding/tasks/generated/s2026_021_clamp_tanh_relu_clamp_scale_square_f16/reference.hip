#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void fused_chain_21_kernel(int n, const __half* __restrict__ x, __half* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = __half2float(x[i]);
    v = fminf(fmaxf(v, -1.04f), 0.84f);  // step 1: clamp
    v = tanhf(v);  // step 2: tanh
    v = fmaxf(v, 0.0f);  // step 3: relu
    v = fminf(fmaxf(v, -1.98f), 1.14f);  // step 4: clamp
    v = v * 1.5f;  // step 5: scale
    v = v * v;  // step 6: square
    y[i] = __float2half(v);
  }
}

void fused_chain_21(int n, const __half* x, __half* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_21_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

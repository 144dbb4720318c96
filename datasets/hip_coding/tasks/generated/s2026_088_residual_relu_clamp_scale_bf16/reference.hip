#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// bfloat16 is the upper half of a float: widening is a shift, narrowing rounds to nearest even.
__device__ float bf16_to_float(unsigned short b) { return __uint_as_float((unsigned)b << 16); }
__device__ unsigned short float_to_bf16(float f) {
  const unsigned u = __float_as_uint(f);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

__global__ void fused_chain_88_kernel(int n, const unsigned short* __restrict__ x, const unsigned short* __restrict__ r, unsigned short* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = bf16_to_float(x[i]);
    v = v + bf16_to_float(r[i]);  // step 1: residual
    v = fmaxf(v, 0.0f);  // step 2: relu
    v = fminf(fmaxf(v, -1.67f), 1.94f);  // step 3: clamp
    v = v * 1.5f;  // step 4: scale
    y[i] = float_to_bf16(v);
  }
}

void fused_chain_88(int n, const unsigned short* x, const unsigned short* r, unsigned short* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_88_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, r, y);
}

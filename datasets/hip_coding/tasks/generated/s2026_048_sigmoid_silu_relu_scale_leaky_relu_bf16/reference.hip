#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// bfloat16 is the upper half of a float: widening is a shift, narrowing rounds to nearest even.
__device__ float bf16_to_float(unsigned short b) { return __uint_as_float((unsigned)b << 16); }
__device__ unsigned short float_to_bf16(float f) {
  const unsigned u = __float_as_uint(f);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

__global__ void fused_chain_48_kernel(int n, const unsigned short* __restrict__ x, unsigned short* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = bf16_to_float(x[i]);
    v = 1.0f / (1.0f + expf(-v));  // step 1: sigmoid
    v = v / (1.0f + expf(-v));  // step 2: silu
    v = fmaxf(v, 0.0f);  // step 3: relu
    v = v * 1.5f;  // step 4: scale
    v = v > 0.0f ? v : 0.26f * v;  // step 5: leaky_relu
    y[i] = float_to_bf16(v);
  }
}

void fused_chain_48(int n, const unsigned short* x, unsigned short* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(fused_chain_48_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

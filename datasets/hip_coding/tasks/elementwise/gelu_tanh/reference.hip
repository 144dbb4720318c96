#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__device__ float gelu_tanh_one(float v) {
  if (v == -INFINITY) return 0.0f;  // the limit; the formula below would give -inf / inf = NaN
  const float k = 0.7978845608028654f;  // sqrt(2 / pi)
  float u = k * (v + 0.044715f * v * v * v);
  // 0.5 * (1 + tanh(u)) == 1 / (1 + exp(-2u)): no cancellation for negative v, and
  // for huge positive v the result is v / 1 instead of an overflowing (v * 2) * 0.5.
  return v / (1.0f + expf(-2.0f * u));
}

__global__ void gelu_tanh_kernel(int n, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = gelu_tanh_one(x[i]);
}

void gelu_tanh(int n, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(gelu_tanh_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y);
}

// task: hip/elementwise/gelu_tanh
// Style: a __device__ helper in double precision, <cmath> and <limits> included.
#include <hip/hip_runtime.h>
#include <cmath>
#include <limits>

__device__ float gelu_one(float xf) {
  if (isinf(xf) && xf < 0.0f) return 0.0f;  // -inf / inf would be NaN below
  const double x = xf;
  const double u = 0.7978845608028654 * (x + 0.044715 * x * x * x);
  return static_cast<float>(x / (1.0 + exp(-2.0 * u)));  // 0.5 * (1 + tanh(u)) == 1 / (1 + exp(-2u))
}

__global__ void gelu_kernel(int n, const float* x, float* y) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = gelu_one(x[i]);
}

void gelu_tanh(int n, const float* x, float* y, hipStream_t stream) {
  dim3 block(256);
  dim3 grid((n + block.x - 1) / block.x);
  gelu_kernel<<<grid, block, 0, stream>>>(n, x, y);
}

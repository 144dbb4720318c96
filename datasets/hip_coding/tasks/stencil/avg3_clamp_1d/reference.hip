#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One thread per output; the neighbours of the two end elements are clamped to the array.
__global__ void avg3_clamp_kernel(int n, const float* __restrict__ in, float* __restrict__ out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float left = in[i > 0 ? i - 1 : 0];
    float right = in[i < n - 1 ? i + 1 : n - 1];
    out[i] = (left + in[i] + right) / 3.0f;
  }
}

void avg3_clamp(int n, const float* in, float* out, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(avg3_clamp_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, in, out);
}

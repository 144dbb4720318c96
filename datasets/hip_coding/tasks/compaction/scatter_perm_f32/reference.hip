#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void scatter_kernel(const float* __restrict__ in, const int* __restrict__ idx, int n,
                               float* __restrict__ out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[idx[i]] = in[i];  // idx is a permutation: every slot is written exactly once
}

void scatter_f32(const float* in, const int* idx, int n, float* out, hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(scatter_kernel, dim3(blocks), dim3(kBlock), 0, stream, in, idx, n, out);
}

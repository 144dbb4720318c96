#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// Each block stages its kBlock inputs plus `radius` halo elements on each side in dynamic shared
// memory (zero outside the array), then every thread forms its weighted sum from shared memory.
__global__ void weighted_stencil_kernel(int n, int radius, const float* __restrict__ in,
                                        const float* __restrict__ weights, float* __restrict__ out) {
  extern __shared__ float window[];
  const int start = blockIdx.x * kBlock - radius;
  const int width = kBlock + 2 * radius;
  for (int j = threadIdx.x; j < width; j += kBlock) {
    int g = start + j;
    window[j] = (g >= 0 && g < n) ? in[g] : 0.0f;
  }
  __syncthreads();
  int i = blockIdx.x * kBlock + threadIdx.x;
  if (i < n) {
    float acc = 0.0f;
    for (int k = 0; k <= 2 * radius; ++k) acc += weights[k] * window[threadIdx.x + k];
    out[i] = acc;
  }
}

void weighted_stencil_1d(int n, int radius, const float* in, const float* weights, float* out, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  size_t shared = (kBlock + 2 * radius) * sizeof(float);
  hipLaunchKernelGGL(weighted_stencil_kernel, dim3(blocks), dim3(kBlock), shared, stream, n, radius, in, weights, out);
}

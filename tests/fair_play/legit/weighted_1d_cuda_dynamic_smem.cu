// task: cuda/stencil/weighted_1d_radius
// Style: the weights staged in dynamic shared memory (extern __shared__), one thread per output.
#include <cuda_runtime.h>

__global__ void weighted_stencil_kernel(int n, int radius, const float* in, const float* weights, float* out) {
  extern __shared__ float w[];
  const int taps = 2 * radius + 1;
  for (int t = threadIdx.x; t < taps; t += blockDim.x) w[t] = weights[t];
  __syncthreads();
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float acc = 0.0f;
  for (int k = -radius; k <= radius; ++k) {
    const int j = i + k;
    if (j >= 0 && j < n) acc += w[k + radius] * in[j];
  }
  out[i] = acc;
}

void weighted_stencil_1d(int n, int radius, const float* in, const float* weights, float* out,
                         cudaStream_t stream) {
  const int block = 256;
  const int grid = (n + block - 1) / block;
  const size_t shared = (2 * radius + 1) * sizeof(float);
  weighted_stencil_kernel<<<grid, block, shared, stream>>>(n, radius, in, weights, out);
}

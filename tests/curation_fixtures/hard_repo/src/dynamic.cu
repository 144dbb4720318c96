#include <cuda_runtime.h>

// Each element plus its right neighbour within the block, staged in dynamic shared memory.
__global__ void pair_sum(const float* x, float* y, int n) {
  extern __shared__ float s[];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  if (i < n) y[i] = s[threadIdx.x] + s[(threadIdx.x + 1) % blockDim.x];
}

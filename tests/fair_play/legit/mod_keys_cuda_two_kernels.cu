// task: cuda/histogram/mod_keys_shared
// Style: a zeroing kernel instead of a memset, then dynamic shared memory for the private copy.
#include <cuda_runtime.h>

__global__ void zero_bins(int bins, unsigned int* hist) {
  int b = blockIdx.x * blockDim.x + threadIdx.x;
  if (b < bins) hist[b] = 0u;
}

__global__ void count_mod(const int* keys, int n, int bins, unsigned int* hist) {
  extern __shared__ unsigned int smem[];
  for (int b = threadIdx.x; b < bins; b += blockDim.x) smem[b] = 0u;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    int r = keys[i] % bins;
    if (r < 0) r += bins;
    atomicAdd(&smem[r], 1u);
  }
  __syncthreads();
  for (int b = threadIdx.x; b < bins; b += blockDim.x) {
    if (smem[b]) atomicAdd(&hist[b], smem[b]);
  }
}

void histogram_mod(const int* keys, int n, int bins, unsigned int* hist, cudaStream_t stream) {
  zero_bins<<<(bins + 255) / 256, 256, 0, stream>>>(bins, hist);
  int grid = (n + 255) / 256;
  if (grid > 128) grid = 128;
  count_mod<<<grid, 256, bins * sizeof(unsigned int), stream>>>(keys, n, bins, hist);
}

#include <hip/hip_runtime.h>

constexpr int kTile = 256;  // elements per block, one thread each

// Stages whose partner distance j is below kTile stay inside one tile: run them in shared memory.
// For every k in [k_lo, k_hi] (powers of two) this runs the steps j = min(k, kTile) / 2 .. 1.
__global__ void bitonic_tile_kernel(float* __restrict__ data, int n, int k_lo, int k_hi) {
  __shared__ float tile[kTile];
  const int t = threadIdx.x;
  const int i = blockIdx.x * kTile + t;
  if (i < n) tile[t] = data[i];
  __syncthreads();
  for (int k = k_lo; k <= k_hi; k <<= 1) {
    for (int j = (k < kTile ? k : kTile) / 2; j > 0; j >>= 1) {
      const int p = t ^ j;
      if (p > t && i < n) {
        // Sequences of length k alternate ascending and descending, so the next merge sees bitonic input.
        const bool ascending = (i & k) == 0;
        float a = tile[t], b = tile[p];
        if ((a > b) == ascending) {
          tile[t] = b;
          tile[p] = a;
        }
      }
      __syncthreads();  // this step's swaps are visible before the next step reads
    }
  }
  if (i < n) data[i] = tile[t];
}

// One compare-exchange step whose partners are j >= kTile apart, in global memory.
__global__ void bitonic_global_step(float* __restrict__ data, int n, int k, int j) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const int p = i ^ j;
  if (i < n && p > i) {
    const bool ascending = (i & k) == 0;
    float a = data[i], b = data[p];
    if ((a > b) == ascending) {
      data[i] = b;
      data[p] = a;
    }
  }
}

void bitonic_sort(float* data, int n, hipStream_t stream) {
  const int blocks = (n + kTile - 1) / kTile;
  hipLaunchKernelGGL(bitonic_tile_kernel, dim3(blocks), dim3(kTile), 0, stream, data, n, 2, n < kTile ? n : kTile);
  for (int k = 2 * kTile; k <= n; k <<= 1) {
    for (int j = k / 2; j >= kTile; j >>= 1)
      hipLaunchKernelGGL(bitonic_global_step, dim3(blocks), dim3(kTile), 0, stream, data, n, k, j);
    hipLaunchKernelGGL(bitonic_tile_kernel, dim3(blocks), dim3(kTile), 0, stream, data, n, k, k);
  }
}

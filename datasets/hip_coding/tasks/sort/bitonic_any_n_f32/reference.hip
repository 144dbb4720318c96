#include <hip/hip_runtime.h>

constexpr int kTile = 256;  // elements per block, one thread each

// The array is padded (virtually) to the next power of two with +inf. Every compare-exchange here puts
// the smaller value at the lower index: the first step of each merge pairs i with its mirror
// i ^ (k - 1) instead of flipping the sort direction. A padding slot p >= n then always holds the
// largest value of its pair, so it never moves and never needs to exist: pairs with p >= n are skipped.

__device__ inline void order_pair(float* a, float* b) {
  float x = *a, y = *b;
  if (x > y) {
    *a = y;
    *b = x;
  }
}

// For every k in [k_lo, k_hi] (powers of two) runs the steps j = min(k, kTile) / 2 .. 1 in shared memory.
__global__ void bitonic_tile_kernel(float* __restrict__ data, int n, int k_lo, int k_hi) {
  __shared__ float tile[kTile];
  const int t = threadIdx.x;
  const int base = blockIdx.x * kTile;
  if (base + t < n) tile[t] = data[base + t];
  __syncthreads();
  for (int k = k_lo; k <= k_hi; k <<= 1) {
    for (int j = (k < kTile ? k : kTile) / 2; j > 0; j >>= 1) {
      const int p = (j == k / 2) ? t ^ (k - 1) : t ^ j;  // mirror partner on the first step of a merge
      if (p > t && base + p < n) order_pair(&tile[t], &tile[p]);
      __syncthreads();  // this step's swaps are visible before the next step reads
    }
  }
  if (base + t < n) data[base + t] = tile[t];
}

// One compare-exchange step whose partners are at least kTile apart, in global memory.
__global__ void bitonic_global_step(float* __restrict__ data, int n, int k, int j) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const int p = (j == k / 2) ? i ^ (k - 1) : i ^ j;
  if (p > i && p < n) order_pair(&data[i], &data[p]);
}

void sort_floats(float* data, int n, hipStream_t stream) {
  int padded = 1;
  while (padded < n) padded <<= 1;
  const int blocks = (n + kTile - 1) / kTile;  // only real elements need a thread: p > i >= n is skipped anyway
  hipLaunchKernelGGL(bitonic_tile_kernel, dim3(blocks), dim3(kTile), 0, stream, data, n, 2,
                     padded < kTile ? padded : kTile);
  for (int k = 2 * kTile; k <= padded; k <<= 1) {
    for (int j = k / 2; j >= kTile; j >>= 1)
      hipLaunchKernelGGL(bitonic_global_step, dim3(blocks), dim3(kTile), 0, stream, data, n, k, j);
    hipLaunchKernelGGL(bitonic_tile_kernel, dim3(blocks), dim3(kTile), 0, stream, data, n, k, k);
  }
}

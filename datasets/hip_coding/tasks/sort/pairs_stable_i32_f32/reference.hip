#include <hip/hip_runtime.h>

constexpr int kTile = 256;  // elements per block, one thread each

// Stability comes from the sort key itself: (key with its sign bit flipped, original index) packed into
// 64 bits is unique, and ordering those composites is exactly the stable order of the keys. The
// composites are sorted with a bitonic network padded virtually to a power of two: every
// compare-exchange puts the smaller value at the lower index (the first step of each merge pairs i with
// its mirror i ^ (k - 1)), so a padding slot p >= n would always keep the largest value and is skipped.

typedef unsigned long long u64;

__global__ void pack_kernel(const int* __restrict__ keys, int n, u64* __restrict__ comp) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) comp[i] = (static_cast<u64>(static_cast<unsigned int>(keys[i]) ^ 0x80000000u) << 32) | static_cast<u64>(i);
}

__device__ inline void order_pair(u64* x, u64* y) {
  u64 a = *x, b = *y;
  if (a > b) {
    *x = b;
    *y = a;
  }
}

// For every k in [k_lo, k_hi] (powers of two) runs the steps j = min(k, kTile) / 2 .. 1 in shared memory.
__global__ void bitonic_tile_kernel(u64* __restrict__ comp, int n, int k_lo, int k_hi) {
  __shared__ u64 tile[kTile];
  const int t = threadIdx.x;
  const int base = blockIdx.x * kTile;
  if (base + t < n) tile[t] = comp[base + t];
  __syncthreads();
  for (int k = k_lo; k <= k_hi; k <<= 1) {
    for (int j = (k < kTile ? k : kTile) / 2; j > 0; j >>= 1) {
      const int p = (j == k / 2) ? t ^ (k - 1) : t ^ j;
      if (p > t && base + p < n) order_pair(&tile[t], &tile[p]);
      __syncthreads();  // this step's swaps are visible before the next step reads
    }
  }
  if (base + t < n) comp[base + t] = tile[t];
}

__global__ void bitonic_global_step(u64* __restrict__ comp, int n, int k, int j) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const int p = (j == k / 2) ? i ^ (k - 1) : i ^ j;
  if (p > i && p < n) order_pair(&comp[i], &comp[p]);
}

__global__ void unpack_kernel(const u64* __restrict__ comp, const float* __restrict__ values_in, int n,
                              int* __restrict__ keys_out, float* __restrict__ values_out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    const u64 c = comp[i];
    keys_out[i] = static_cast<int>(static_cast<unsigned int>(c >> 32) ^ 0x80000000u);
    values_out[i] = values_in[static_cast<unsigned int>(c & 0xffffffffull)];
  }
}

void sort_pairs(const int* keys_in, const float* values_in, int n, int* keys_out, float* values_out,
                hipStream_t stream) {
  int padded = 1;
  while (padded < n) padded <<= 1;
  const int blocks = (n + kTile - 1) / kTile;
  u64* comp = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&comp), n * sizeof(u64), stream);
  hipLaunchKernelGGL(pack_kernel, dim3(blocks), dim3(kTile), 0, stream, keys_in, n, comp);
  hipLaunchKernelGGL(bitonic_tile_kernel, dim3(blocks), dim3(kTile), 0, stream, comp, n, 2,
                     padded < kTile ? padded : kTile);
  for (int k = 2 * kTile; k <= padded; k <<= 1) {
    for (int j = k / 2; j >= kTile; j >>= 1)
      hipLaunchKernelGGL(bitonic_global_step, dim3(blocks), dim3(kTile), 0, stream, comp, n, k, j);
    hipLaunchKernelGGL(bitonic_tile_kernel, dim3(blocks), dim3(kTile), 0, stream, comp, n, k, k);
  }
  hipLaunchKernelGGL(unpack_kernel, dim3(blocks), dim3(kTile), 0, stream, comp, values_in, n, keys_out, values_out);
  hipFreeAsync(comp, stream);
}

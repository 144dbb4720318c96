#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
// Every block privatises the whole histogram, so a capped grid of busy blocks flushes less often.
constexpr int kMaxBlocks = 16;

__global__ void mod_histogram_kernel(const int* __restrict__ keys, int n, int bins, unsigned int* __restrict__ hist) {
  extern __shared__ unsigned int local[];
  for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0u;
  __syncthreads();  // the private histogram is zero before anyone counts into it
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    int r = keys[i] % bins;  // C++ keeps the sign of the dividend...
    if (r < 0) r += bins;    // ...but the bin is the non-negative remainder
    atomicAdd(&local[r], 1u);
  }
  __syncthreads();  // every count of this block is in before the flush
  for (int bin = threadIdx.x; bin < bins; bin += blockDim.x)
    if (local[bin] != 0u) atomicAdd(&hist[bin], local[bin]);
}

void histogram_mod(const int* keys, int n, int bins, unsigned int* hist, hipStream_t stream) {
  size_t bytes = bins * sizeof(unsigned int);
  hipMemsetAsync(hist, 0, bytes, stream);
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  hipLaunchKernelGGL(mod_histogram_kernel, dim3(blocks), dim3(kBlock), bytes, stream, keys, n, bins, hist);
}

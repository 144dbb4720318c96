#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
// Every block privatises the whole histogram, so a capped grid of busy blocks flushes less often.
constexpr int kMaxBlocks = 16;

__global__ void weighted_histogram_kernel(const int* __restrict__ keys, const float* __restrict__ weights, int n,
                                          int bins, float* __restrict__ hist) {
  extern __shared__ float local[];
  for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0.0f;
  __syncthreads();  // the private histogram is zero before anyone adds into it
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    int k = keys[i];
    if (k >= 0 && k < bins) atomicAdd(&local[k], weights[i]);
  }
  __syncthreads();  // every weight of this block is in before the flush
  for (int bin = threadIdx.x; bin < bins; bin += blockDim.x)
    if (local[bin] != 0.0f) atomicAdd(&hist[bin], local[bin]);
}

void weighted_histogram(const int* keys, const float* weights, int n, int bins, float* hist, hipStream_t stream) {
  size_t bytes = bins * sizeof(float);
  hipMemsetAsync(hist, 0, bytes, stream);
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  hipLaunchKernelGGL(weighted_histogram_kernel, dim3(blocks), dim3(kBlock), bytes, stream, keys, weights, n, bins,
                     hist);
}

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
// Every block privatises the whole histogram, so a capped grid of busy blocks flushes less often.
constexpr int kMaxBlocks = 16;

__global__ void range_histogram_kernel(const float* __restrict__ x, int n, float lo, float hi, float scale, int bins,
                                       unsigned int* __restrict__ hist) {
  extern __shared__ unsigned int local[];
  for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0u;
  __syncthreads();  // the private histogram is zero before anyone counts into it
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    float v = x[i];
    if (v >= lo && v < hi) {  // false for NaN and for both infinities
      int b = static_cast<int>((v - lo) * scale);
      if (b >= bins) b = bins - 1;  // rounding can push a value just below hi onto bins
      atomicAdd(&local[b], 1u);
    }
  }
  __syncthreads();  // every count of this block is in before the flush
  for (int bin = threadIdx.x; bin < bins; bin += blockDim.x)
    if (local[bin] != 0u) atomicAdd(&hist[bin], local[bin]);
}

void range_histogram(const float* x, int n, float lo, float hi, int bins, unsigned int* hist, hipStream_t stream) {
  size_t bytes = bins * sizeof(unsigned int);
  hipMemsetAsync(hist, 0, bytes, stream);
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  float scale = static_cast<float>(bins) / (hi - lo);
  hipLaunchKernelGGL(range_histogram_kernel, dim3(blocks), dim3(kBlock), bytes, stream, x, n, lo, hi, scale, bins,
                     hist);
}

#include <hip/hip_runtime.h>

constexpr int kBins = 256;
constexpr int kBlock = 256;
// Every block privatises the whole histogram, so a capped grid of busy blocks flushes less often.
constexpr int kMaxBlocks = 16;

__global__ void byte_histogram_kernel(const unsigned char* __restrict__ data, int n, unsigned int* __restrict__ hist) {
  __shared__ unsigned int local[kBins];
  for (int b = threadIdx.x; b < kBins; b += blockDim.x) local[b] = 0u;
  __syncthreads();  // the private histogram is zero before anyone counts into it
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    atomicAdd(&local[data[i]], 1u);
  __syncthreads();  // every count of this block is in before the flush
  for (int bin = threadIdx.x; bin < kBins; bin += blockDim.x)
    if (local[bin] != 0u) atomicAdd(&hist[bin], local[bin]);
}

void byte_histogram(const unsigned char* data, int n, unsigned int* hist, hipStream_t stream) {
  hipMemsetAsync(hist, 0, kBins * sizeof(unsigned int), stream);
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  hipLaunchKernelGGL(byte_histogram_kernel, dim3(blocks), dim3(kBlock), 0, stream, data, n, hist);
}

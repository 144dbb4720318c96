#include <hip/hip_runtime.h>

constexpr int kMaxBlock = 256;
constexpr int kMaxWarps = kMaxBlock / 32;  // slots for 32- or 64-lane warps

// One block per chunk. Each warp counts with a ballot (one bit per lane) and a population count;
// lane 0 of each warp keeps the running count, and the warps' counts meet in shared memory.
__global__ void count_in_range_kernel(int n, int chunk, float lo, float hi, const float* __restrict__ x,
                                      int* __restrict__ counts) {
  __shared__ int warp_count[kMaxWarps];
  long long start = static_cast<long long>(blockIdx.x) * chunk;
  int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  int mine = 0;
  // Every thread runs the same number of iterations, so all lanes reach every ballot.
  for (int k = 0; k < chunk; k += blockDim.x) {
    long long i = start + k + threadIdx.x;
    bool hit = k + static_cast<int>(threadIdx.x) < chunk && i < n && x[i] >= lo && x[i] < hi;
    unsigned long long votes = __ballot(hit);
    if (lane == 0) mine += __popcll(votes);
  }
  if (lane == 0) warp_count[warp] = mine;
  __syncthreads();
  if (threadIdx.x == 0) {
    int total = 0;
    for (int w = 0; w < static_cast<int>(blockDim.x) / warpSize; ++w) total += warp_count[w];
    counts[blockIdx.x] = total;
  }
}

void count_in_range(int n, int chunk, float lo, float hi, const float* x, int* counts, hipStream_t stream) {
  int chunks = (n + chunk - 1) / chunk;
  // Small chunks get small blocks; 64 threads is a whole number of warps for either warp size.
  int block = chunk >= kMaxBlock ? kMaxBlock : ((chunk + 63) / 64) * 64;
  hipLaunchKernelGGL(count_in_range_kernel, dim3(chunks), dim3(block), 0, stream, n, chunk, lo, hi, x, counts);
}

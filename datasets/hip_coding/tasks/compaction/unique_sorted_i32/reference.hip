#include <hip/hip_runtime.h>

constexpr int kBlock = 256;  // each block owns kBlock consecutive elements

// An element is kept when it starts a run of equal values (i == 0 or in[i] != in[i - 1]). Three passes
// keep the output in order: count the run starts of every block, scan those counts into block
// offsets, then let every block write its run starts from its offset on.

__device__ inline bool starts_run(const int* in, int i) { return i == 0 || in[i] != in[i - 1]; }

__global__ void count_starts(const int* __restrict__ in, int n, int* __restrict__ block_counts) {
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const int count = __syncthreads_count(i < n && starts_run(in, i));
  if (threadIdx.x == 0) block_counts[blockIdx.x] = count;
}

// One block: exclusive scan of the block counts in place, in chunks of kBlock with a running carry.
__global__ void scan_counts(int* __restrict__ counts, int blocks, int* __restrict__ total) {
  __shared__ int buf[kBlock];
  __shared__ int carry;
  if (threadIdx.x == 0) carry = 0;
  for (int base = 0; base < blocks; base += kBlock) {
    const int i = base + threadIdx.x;
    const int v = i < blocks ? counts[i] : 0;
    buf[threadIdx.x] = v;
    __syncthreads();
    for (int d = 1; d < kBlock; d <<= 1) {  // Hillis-Steele inclusive scan
      const int add = threadIdx.x >= d ? buf[threadIdx.x - d] : 0;
      __syncthreads();  // every read of this step happens before any write
      buf[threadIdx.x] += add;
      __syncthreads();
    }
    if (i < blocks) counts[i] = carry + buf[threadIdx.x] - v;
    __syncthreads();  // every thread has read carry before it moves
    if (threadIdx.x == kBlock - 1) carry += buf[kBlock - 1];
    __syncthreads();
  }
  if (threadIdx.x == 0) *total = carry;
}

// Rank among the kept elements of the block: a ballot ranks inside the warp, per-warp totals in shared
// memory rank the warps. Correct for warpSize 32 and 64.
__global__ void scatter_starts(const int* __restrict__ in, int n, const int* __restrict__ offsets,
                               int* __restrict__ out) {
  __shared__ int warp_counts[kBlock / 32];
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const bool keep = i < n && starts_run(in, i);
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  const unsigned long long votes = __ballot(keep);
  const int rank_in_warp = __popcll(votes & ((1ull << lane) - 1ull));
  if (lane == 0) warp_counts[warp] = __popcll(votes);
  __syncthreads();  // all warp totals are in before any thread adds them up
  int before = 0;
  for (int w = 0; w < warp; ++w) before += warp_counts[w];
  if (keep) out[offsets[blockIdx.x] + before + rank_in_warp] = in[i];
}

void unique_sorted(const int* in, int n, int* out, int* count, hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  int* offsets = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&offsets), blocks * sizeof(int), stream);
  hipLaunchKernelGGL(count_starts, dim3(blocks), dim3(kBlock), 0, stream, in, n, offsets);
  hipLaunchKernelGGL(scan_counts, dim3(1), dim3(kBlock), 0, stream, offsets, blocks, count);
  hipLaunchKernelGGL(scatter_starts, dim3(blocks), dim3(kBlock), 0, stream, in, n, offsets, out);
  hipFreeAsync(offsets, stream);
}

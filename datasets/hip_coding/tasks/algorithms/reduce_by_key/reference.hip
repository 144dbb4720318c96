#include <hip/hip_runtime.h>

constexpr int kBlock = 256;  // each block owns kBlock consecutive elements

// Element i starts a segment when i == 0 or keys[i] != keys[i - 1]. Four passes: count the segment starts
// of every block; scan those counts into block offsets (and the total); every element finds its segment
// (block offset + rank of the starts up to it in its block - 1), a start writes its key; every element
// adds its value into its segment's sum (zeroed first) atomically.

__device__ inline bool starts_segment(const int* keys, int i) { return i == 0 || keys[i] != keys[i - 1]; }

__global__ void count_starts(int n, const int* __restrict__ keys, int* __restrict__ block_counts) {
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const int count = __syncthreads_count(i < n && starts_segment(keys, i));
  if (threadIdx.x == 0) block_counts[blockIdx.x] = count;
}

// One block: exclusive scan of the block counts in place, in chunks of kBlock with a running carry.
__global__ void scan_counts(int blocks, int* __restrict__ counts, int* __restrict__ total) {
  __shared__ int buf[kBlock];
  __shared__ int carry;
  if (threadIdx.x == 0) carry = 0;
  for (int base = 0; base < blocks; base += kBlock) {
    const int i = base + threadIdx.x;
    const int v = i < blocks ? counts[i] : 0;
    buf[threadIdx.x] = v;
    __syncthreads();  // chunk loaded (and carry set)
    for (int d = 1; d < kBlock; d *= 2) {
      const int add = threadIdx.x >= d ? buf[threadIdx.x - d] : 0;
      __syncthreads();  // every read of this level before any write
      buf[threadIdx.x] += add;
      __syncthreads();  // level written
    }
    if (i < blocks) counts[i] = carry + buf[threadIdx.x] - v;
    __syncthreads();  // every thread has read carry before it moves
    if (threadIdx.x == kBlock - 1) carry += buf[kBlock - 1];
    __syncthreads();  // carry moved
  }
  if (threadIdx.x == 0) *total = carry;
}

__global__ void scatter_segments(int n, const int* __restrict__ keys, const float* __restrict__ values,
                                 const int* __restrict__ offsets, int* __restrict__ unique_keys,
                                 float* __restrict__ sums) {
  __shared__ int rank[kBlock];
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const bool start = i < n && starts_segment(keys, i);
  rank[threadIdx.x] = start ? 1 : 0;
  __syncthreads();  // flags in
  for (int d = 1; d < kBlock; d *= 2) {  // inclusive scan of the start flags of the block
    const int add = threadIdx.x >= d ? rank[threadIdx.x - d] : 0;
    __syncthreads();  // every rank read of this level before any write
    rank[threadIdx.x] += add;
    __syncthreads();  // rank level written
  }
  if (i < n) {
    const int segment = offsets[blockIdx.x] + rank[threadIdx.x] - 1;
    if (start) unique_keys[segment] = keys[i];
    atomicAdd(&sums[segment], values[i]);
  }
}

void reduce_by_key(int n, const int* keys, const float* values, int* unique_keys, float* sums, int* num_unique,
                   hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  int* offsets = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&offsets), blocks * sizeof(int), stream);
  hipMemsetAsync(sums, 0, (size_t)n * sizeof(float), stream);
  hipLaunchKernelGGL(count_starts, dim3(blocks), dim3(kBlock), 0, stream, n, keys, offsets);
  hipLaunchKernelGGL(scan_counts, dim3(1), dim3(kBlock), 0, stream, blocks, offsets, num_unique);
  hipLaunchKernelGGL(scatter_segments, dim3(blocks), dim3(kBlock), 0, stream, n, keys, values, offsets, unique_keys,
                     sums);
  hipFreeAsync(offsets, stream);
}

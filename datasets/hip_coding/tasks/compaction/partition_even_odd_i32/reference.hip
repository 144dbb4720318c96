#include <hip/hip_runtime.h>

constexpr int kBlock = 256;  // each block owns kBlock consecutive elements

// A stable partition is two compactions sharing one scan: with E evens in total and e(i) evens before
// position i, an even element goes to e(i) and an odd one to E + (i - e(i)).

__device__ inline bool is_even(int v) { return (v & 1) == 0; }  // two's complement: right for negatives too

__global__ void count_evens(const int* __restrict__ in, int n, int* __restrict__ block_counts) {
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const int count = __syncthreads_count(i < n && is_even(in[i]));
  if (threadIdx.x == 0) block_counts[blockIdx.x] = count;
}

// In-block exclusive scan of one int per thread (Hillis-Steele in shared memory); *total gets the sum.
__device__ int block_exclusive_scan(int v, int* total) {
  __shared__ int buf[kBlock];
  buf[threadIdx.x] = v;
  __syncthreads();
  for (int d = 1; d < kBlock; d <<= 1) {
    const int add = threadIdx.x >= d ? buf[threadIdx.x - d] : 0;
    __syncthreads();  // every read of this step happens before any write
    buf[threadIdx.x] += add;
    __syncthreads();
  }
  const int inclusive = buf[threadIdx.x];
  *total = buf[kBlock - 1];
  __syncthreads();  // nobody reuses buf before everyone has read it
  return inclusive - v;
}

// One block: exclusive scan of the block counts in place, with a running carry; writes the total.
__global__ void scan_counts(int* __restrict__ counts, int blocks, int* __restrict__ total) {
  int carry = 0;  // every thread keeps the same running carry
  for (int base = 0; base < blocks; base += kBlock) {
    const int i = base + threadIdx.x;
    int chunk_total;
    const int before = block_exclusive_scan(i < blocks ? counts[i] : 0, &chunk_total);
    if (i < blocks) counts[i] = carry + before;
    carry += chunk_total;
  }
  if (threadIdx.x == 0) *total = carry;
}

__global__ void scatter_partition(const int* __restrict__ in, int n, const int* __restrict__ offsets,
                                  const int* __restrict__ total_evens, int* __restrict__ out) {
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const int v = i < n ? in[i] : 0;
  const bool even = i < n && is_even(v);
  int unused;
  const int evens_before = offsets[blockIdx.x] + block_exclusive_scan(even ? 1 : 0, &unused);
  if (i < n) out[even ? evens_before : *total_evens + (i - evens_before)] = v;
}

void partition_even_odd(const int* in, int n, int* out, hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  int* scratch = nullptr;  // block offsets, then the total number of evens
  hipMallocAsync(reinterpret_cast<void**>(&scratch), (blocks + 1) * sizeof(int), stream);
  hipLaunchKernelGGL(count_evens, dim3(blocks), dim3(kBlock), 0, stream, in, n, scratch);
  hipLaunchKernelGGL(scan_counts, dim3(1), dim3(kBlock), 0, stream, scratch, blocks, scratch + blocks);
  hipLaunchKernelGGL(scatter_partition, dim3(blocks), dim3(kBlock), 0, stream, in, n, scratch, scratch + blocks, out);
  hipFreeAsync(scratch, stream);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kItems = 8;                  // consecutive elements owned by one thread
constexpr int kTile = kBlock * kItems;     // elements per block
constexpr int kBits = 4;                   // digit width: 8 passes over 32-bit keys
constexpr int kBuckets = 1 << kBits;
constexpr int kPasses = 32 / kBits;        // even: the last pass lands in the output buffers

// Pass step 1: how many keys of each digit every tile holds, stored digit-major (counts[d * tiles + b])
// so that one flat exclusive scan yields every tile's global start for every digit.
__global__ void digit_count_kernel(int n, int shift, const unsigned* __restrict__ keys, unsigned* __restrict__ counts) {
  __shared__ unsigned hist[kBuckets];
  if (threadIdx.x < kBuckets) hist[threadIdx.x] = 0u;
  __syncthreads();  // histogram zeroed
  const size_t base = (size_t)blockIdx.x * kTile;
  for (int e = threadIdx.x; e < kTile; e += kBlock) {
    const size_t p = base + e;
    if (p < (size_t)n) atomicAdd(&hist[(keys[p] >> shift) & (kBuckets - 1)], 1u);
  }
  __syncthreads();  // histogram complete
  if (threadIdx.x < kBuckets) counts[(size_t)threadIdx.x * gridDim.x + blockIdx.x] = hist[threadIdx.x];
}

// Inclusive Hillis-Steele scan of kBlock values in shared memory.
__device__ void block_inclusive_scan(unsigned* values) {
  for (int off = 1; off < kBlock; off *= 2) {
    const unsigned add = threadIdx.x >= off ? values[threadIdx.x - off] : 0u;
    __syncthreads();  // every read of this round done
    values[threadIdx.x] += add;
    __syncthreads();  // every write of this round done
  }
}

// Pass step 2: exclusive scan of the total counts in place, by one block; each thread scans a
// contiguous chunk sequentially and the chunk totals are scanned across the block.
__global__ void offsets_scan_kernel(int total, unsigned* __restrict__ counts) {
  __shared__ unsigned sums[kBlock];
  const int chunk = (total + kBlock - 1) / kBlock;
  const int begin = min(total, (int)threadIdx.x * chunk), end = min(total, begin + chunk);
  unsigned run = 0u;
  for (int i = begin; i < end; ++i) run += counts[i];
  sums[threadIdx.x] = run;
  __syncthreads();  // chunk totals stored
  block_inclusive_scan(sums);
  unsigned prefix = threadIdx.x > 0 ? sums[threadIdx.x - 1] : 0u;
  for (int i = begin; i < end; ++i) {
    const unsigned c = counts[i];
    counts[i] = prefix;
    prefix += c;
  }
}

// Pass step 3: stable scatter. Thread t owns elements [t*kItems, (t+1)*kItems) of the tile. The
// per-thread digit counts, laid out digit-major, are exclusive-scanned across the block, which gives
// for every (digit, thread) the number of tile elements that precede the thread's first element of
// that digit in sorted order; a running per-digit counter then orders the thread's own elements.
__global__ void scatter_kernel(int n, int shift, const unsigned* __restrict__ keys_in, const int* __restrict__ vals_in,
                               const unsigned* __restrict__ offsets, unsigned* __restrict__ keys_out,
                               int* __restrict__ vals_out) {
  __shared__ unsigned rank[kBuckets * kBlock];  // rank[d * kBlock + t]
  __shared__ unsigned sums[kBlock];
  const int tid = threadIdx.x;
  const size_t base = (size_t)blockIdx.x * kTile + (size_t)tid * kItems;
  unsigned key[kItems];
  int val[kItems];
  unsigned local[kBuckets];
  for (int d = 0; d < kBuckets; ++d) local[d] = 0u;
  for (int e = 0; e < kItems; ++e) {
    const size_t p = base + e;
    if (p < (size_t)n) {
      key[e] = keys_in[p];
      val[e] = vals_in[p];
      ++local[(key[e] >> shift) & (kBuckets - 1)];
    }
  }
  for (int d = 0; d < kBuckets; ++d) rank[d * kBlock + tid] = local[d];
  __syncthreads();  // per-thread digit counts stored
  // Exclusive scan of rank[] in its flat (digit-major) order: thread t handles entries
  // [t*kBuckets, (t+1)*kBuckets), which belong to other threads' digits; hence the barriers.
  unsigned run = 0u;
  for (int e = 0; e < kBuckets; ++e) run += rank[tid * kBuckets + e];
  sums[tid] = run;
  __syncthreads();  // chunk totals stored
  block_inclusive_scan(sums);
  unsigned prefix = tid > 0 ? sums[tid - 1] : 0u;
  for (int e = 0; e < kBuckets; ++e) {
    const unsigned c = rank[tid * kBuckets + e];
    rank[tid * kBuckets + e] = prefix;
    prefix += c;
  }
  __syncthreads();  // ranks scanned
  unsigned seen[kBuckets];
  for (int d = 0; d < kBuckets; ++d) seen[d] = 0u;
  for (int e = 0; e < kItems; ++e) {
    const size_t p = base + e;
    if (p < (size_t)n) {
      const int d = (key[e] >> shift) & (kBuckets - 1);
      const unsigned in_tile = rank[d * kBlock + tid] - rank[d * kBlock] + seen[d]++;
      const size_t dst = offsets[(size_t)d * gridDim.x + blockIdx.x] + in_tile;
      keys_out[dst] = key[e];
      vals_out[dst] = val[e];
    }
  }
}

void radix_sort_pairs(int n, const unsigned* keys_in, const int* vals_in, unsigned* keys_out, int* vals_out,
                      hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  const int total = kBuckets * tiles;
  unsigned* tmp_keys = nullptr;
  int* tmp_vals = nullptr;
  unsigned* counts = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&tmp_keys), (size_t)n * sizeof(unsigned), stream);
  hipMallocAsync(reinterpret_cast<void**>(&tmp_vals), (size_t)n * sizeof(int), stream);
  hipMallocAsync(reinterpret_cast<void**>(&counts), (size_t)total * sizeof(unsigned), stream);
  for (int pass = 0; pass < kPasses; ++pass) {
    const int shift = pass * kBits;
    // Even passes write the scratch buffers, odd passes the outputs; pass 0 reads the inputs.
    const unsigned* src_keys = pass == 0 ? keys_in : (pass % 2 ? tmp_keys : keys_out);
    const int* src_vals = pass == 0 ? vals_in : (pass % 2 ? tmp_vals : vals_out);
    unsigned* dst_keys = pass % 2 ? keys_out : tmp_keys;
    int* dst_vals = pass % 2 ? vals_out : tmp_vals;
    hipLaunchKernelGGL(digit_count_kernel, dim3(tiles), dim3(kBlock), 0, stream, n, shift, src_keys, counts);
    hipLaunchKernelGGL(offsets_scan_kernel, dim3(1), dim3(kBlock), 0, stream, total, counts);
    hipLaunchKernelGGL(scatter_kernel, dim3(tiles), dim3(kBlock), 0, stream, n, shift, src_keys, src_vals, counts,
                       dst_keys, dst_vals);
  }
  hipFreeAsync(tmp_keys, stream);
  hipFreeAsync(tmp_vals, stream);
  hipFreeAsync(counts, stream);
}

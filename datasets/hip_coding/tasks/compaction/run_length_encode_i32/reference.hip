#include <hip/hip_runtime.h>

#include <cstddef>

// Run-length encoding as flag, scan and scatter: element i starts a run (is a head) when i == 0 or
// in[i] != in[i-1]. (1) every tile counts its heads; (2) one block turns the counts into each
// tile's first run number and the total; (3) every tile ranks its heads with a block scan and
// writes each run's value and start; (4) a run's length is the next run's start minus its own.
constexpr int kBlock = 256;
constexpr int kItems = 8;               // consecutive elements owned by one thread
constexpr int kTile = kBlock * kItems;  // elements per tile

__device__ bool is_head(const int* in, size_t i) { return i == 0 || in[i] != in[i - 1]; }

// Inclusive Hillis-Steele scan of one value per thread; returns this thread's inclusive prefix and
// stores the block's total in *total.
__device__ int block_inclusive_scan(int v, int* s, int* total) {
  const int t = threadIdx.x;
  s[t] = v;
  __syncthreads();  // every value stored
  for (int off = 1; off < kBlock; off *= 2) {
    const int add = t >= off ? s[t - off] : 0;
    __syncthreads();  // every read of this round done before any write
    s[t] += add;
    __syncthreads();  // every write of this round done
  }
  const int prefix = s[t];
  *total = s[kBlock - 1];
  return prefix;
}

__global__ void count_heads(int n, const int* __restrict__ in, int* __restrict__ tile_runs) {
  __shared__ int s[kBlock];
  const size_t first = (size_t)blockIdx.x * kTile + (size_t)threadIdx.x * kItems;
  int heads = 0;
  for (int k = 0; k < kItems; ++k)
    if (first + k < (size_t)n && is_head(in, first + k)) ++heads;
  int total;
  block_inclusive_scan(heads, s, &total);
  if (threadIdx.x == 0) tile_runs[blockIdx.x] = total;
}

// One block: tile_runs[t] becomes the number of runs that start before tile t; *num_runs the total.
__global__ void scan_tile_counts(int tiles, int* __restrict__ tile_runs, int* __restrict__ num_runs) {
  __shared__ int s[kBlock];
  int carry = 0;
  for (int start = 0; start < tiles; start += kBlock) {
    const int t = start + threadIdx.x;
    const int v = t < tiles ? tile_runs[t] : 0;
    int total;
    const int inclusive = block_inclusive_scan(v, s, &total);
    if (t < tiles) tile_runs[t] = carry + inclusive - v;
    carry += total;
    __syncthreads();  // s is reused by the next chunk
  }
  if (threadIdx.x == 0) *num_runs = carry;
}

__global__ void write_runs(int n, const int* __restrict__ in, const int* __restrict__ tile_runs,
                           int* __restrict__ values, int* __restrict__ starts) {
  __shared__ int s[kBlock];
  const size_t first = (size_t)blockIdx.x * kTile + (size_t)threadIdx.x * kItems;
  int heads = 0;
  for (int k = 0; k < kItems; ++k)
    if (first + k < (size_t)n && is_head(in, first + k)) ++heads;
  int total;
  int run = block_inclusive_scan(heads, s, &total) - heads + tile_runs[blockIdx.x];
  for (int k = 0; k < kItems; ++k) {
    const size_t i = first + k;
    if (i < (size_t)n && is_head(in, i)) {
      values[run] = in[i];
      starts[run] = (int)i;
      ++run;
    }
  }
}

__global__ void run_lengths(int n, const int* __restrict__ starts, const int* __restrict__ num_runs,
                            int* __restrict__ lengths) {
  const int k = blockIdx.x * kBlock + threadIdx.x;
  const int runs = *num_runs;
  if (k < runs) lengths[k] = (k + 1 < runs ? starts[k + 1] : n) - starts[k];
}

void run_length_encode_i32(int n, const int* in, int* values, int* lengths, int* num_runs, hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  int* scratch = nullptr;  // the tiles' run counts, then every run's start
  hipMallocAsync(reinterpret_cast<void**>(&scratch), ((size_t)tiles + (size_t)n) * sizeof(int), stream);
  int* tile_runs = scratch;
  int* starts = scratch + tiles;
  hipLaunchKernelGGL(count_heads, dim3(tiles), dim3(kBlock), 0, stream, n, in, tile_runs);
  hipLaunchKernelGGL(scan_tile_counts, dim3(1), dim3(kBlock), 0, stream, tiles, tile_runs, num_runs);
  hipLaunchKernelGGL(write_runs, dim3(tiles), dim3(kBlock), 0, stream, n, in, tile_runs, values, starts);
  hipLaunchKernelGGL(run_lengths, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, starts, num_runs,
                     lengths);
  hipFreeAsync(scratch, stream);
}

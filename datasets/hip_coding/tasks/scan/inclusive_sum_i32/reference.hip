#include <hip/hip_runtime.h>

// Reduce-then-scan over tiles of kTile elements: (1) every tile's sum, (2) one block turns the tile
// sums into exclusive carries, (3) every tile scans itself and adds its carry.
constexpr int kBlock = 256;
constexpr int kItems = 16;
constexpr int kTile = kBlock * kItems;

// Inclusive scan of one value per thread across the block (Hillis-Steele in shared memory).
// Returns this thread's inclusive prefix and stores the block total in *total.
__device__ int block_inclusive_scan(int v, int* s, int* total) {
  const int t = threadIdx.x;
  s[t] = v;
  __syncthreads();
  for (int off = 1; off < kBlock; off <<= 1) {
    int add = t >= off ? s[t - off] : 0;
    __syncthreads();  // everyone has read before anyone overwrites
    s[t] += add;
    __syncthreads();
  }
  int prefix = s[t];
  *total = s[kBlock - 1];
  __syncthreads();  // the caller may reuse s right away
  return prefix;
}

__global__ void tile_sums(int n, const int* __restrict__ in, int* __restrict__ sums) {
  __shared__ int s[kBlock];
  const int base = blockIdx.x * kTile;
  int acc = 0;
  for (int k = 0; k < kItems; ++k) {
    int i = base + k * kBlock + threadIdx.x;
    if (i < n) acc += in[i];
  }
  int total;
  block_inclusive_scan(acc, s, &total);
  if (threadIdx.x == 0) sums[blockIdx.x] = total;
}

// One block: replaces sums[0..tiles) by their exclusive prefix sums, kBlock at a time.
__global__ void carries_from_sums(int tiles, int* sums) {
  __shared__ int s[kBlock];
  int carry = 0;
  for (int start = 0; start < tiles; start += kBlock) {
    int i = start + threadIdx.x;
    int v = i < tiles ? sums[i] : 0;
    int total;
    int inclusive = block_inclusive_scan(v, s, &total);
    if (i < tiles) sums[i] = carry + inclusive - v;
    carry += total;
  }
}

// Each thread owns kItems consecutive elements of the tile.
__global__ void scan_tiles(int n, const int* __restrict__ in, const int* __restrict__ carries, int* __restrict__ out) {
  __shared__ int s[kBlock];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  int vals[kItems];
  int own = 0;
  for (int k = 0; k < kItems; ++k) {
    vals[k] = first + k < n ? in[first + k] : 0;
    own += vals[k];
  }
  int total;
  int running = block_inclusive_scan(own, s, &total) - own + carries[blockIdx.x];
  for (int k = 0; k < kItems; ++k) {
    running += vals[k];
    if (first + k < n) out[first + k] = running;
  }
}

void inclusive_scan_i32(int n, const int* in, int* out, hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  int* sums = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&sums), tiles * sizeof(int), stream);
  hipLaunchKernelGGL(tile_sums, dim3(tiles), dim3(kBlock), 0, stream, n, in, sums);
  hipLaunchKernelGGL(carries_from_sums, dim3(1), dim3(kBlock), 0, stream, tiles, sums);
  hipLaunchKernelGGL(scan_tiles, dim3(tiles), dim3(kBlock), 0, stream, n, in, sums, out);
  hipFreeAsync(sums, stream);
}

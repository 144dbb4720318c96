#include <hip/hip_runtime.h>

// A segmented scan is an ordinary scan over (head flag, value) pairs with the associative operator
// combine(a, b) = (a.f | b.f, b.f ? b.v : a.v + b.v). Reduce-then-scan over tiles of kTile elements:
// (1) each tile's aggregate pair, (2) one block turns the aggregates into the value each tile carries
// in from the tiles before it, (3) each tile scans itself starting from that carry.
constexpr int kBlock = 256;
constexpr int kItems = 16;
constexpr int kTile = kBlock * kItems;

struct Seg {
  int f;  // 1 when a segment starts somewhere in the range
  int v;  // sum from the last segment start in the range (or from its beginning) to its end
};

__device__ Seg combine(Seg a, Seg b) { return Seg{a.f | b.f, b.f ? b.v : a.v + b.v}; }

// Block-wide scan of one pair per thread (Hillis-Steele in shared memory). Returns the exclusive
// prefix of this thread (the identity {0, 0} for thread 0) and the block aggregate in *total.
__device__ Seg block_exclusive_scan(Seg x, int* sf, int* sv, Seg* total) {
  const int t = threadIdx.x;
  sf[t] = x.f;
  sv[t] = x.v;
  __syncthreads();
  for (int off = 1; off < kBlock; off <<= 1) {
    Seg prev{0, 0};
    if (t >= off) prev = Seg{sf[t - off], sv[t - off]};
    __syncthreads();  // everyone has read before anyone overwrites
    Seg mine = combine(prev, Seg{sf[t], sv[t]});
    sf[t] = mine.f;
    sv[t] = mine.v;
    __syncthreads();
  }
  Seg before = t > 0 ? Seg{sf[t - 1], sv[t - 1]} : Seg{0, 0};
  *total = Seg{sf[kBlock - 1], sv[kBlock - 1]};
  __syncthreads();  // the caller may reuse sf and sv right away
  return before;
}

// The pair summarising this thread's kItems consecutive elements.
__device__ Seg thread_aggregate(int n, int first, const int* values, const int* heads) {
  Seg acc{0, 0};
  for (int k = 0; k < kItems && first + k < n; ++k) acc = combine(acc, Seg{heads[first + k] != 0, values[first + k]});
  return acc;
}

__global__ void tile_aggregates(int n, const int* __restrict__ values, const int* __restrict__ heads,
                                int* __restrict__ tile_f, int* __restrict__ tile_v) {
  __shared__ int sf[kBlock], sv[kBlock];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  Seg total;
  block_exclusive_scan(thread_aggregate(n, first, values, heads), sf, sv, &total);
  if (threadIdx.x == 0) {
    tile_f[blockIdx.x] = total.f;
    tile_v[blockIdx.x] = total.v;
  }
}

// One block: tile_v[i] becomes the value tile i carries in (the sum since the last head before it).
__global__ void tile_carries(int tiles, const int* __restrict__ tile_f, int* __restrict__ tile_v) {
  __shared__ int sf[kBlock], sv[kBlock];
  Seg carry{0, 0};
  for (int start = 0; start < tiles; start += kBlock) {
    int i = start + threadIdx.x;
    Seg mine = i < tiles ? Seg{tile_f[i], tile_v[i]} : Seg{0, 0};
    Seg total;
    Seg before = combine(carry, block_exclusive_scan(mine, sf, sv, &total));
    if (i < tiles) tile_v[i] = before.v;
    carry = combine(carry, total);
  }
}

__global__ void scan_tiles(int n, const int* __restrict__ values, const int* __restrict__ heads,
                           const int* __restrict__ carries, int* __restrict__ out) {
  __shared__ int sf[kBlock], sv[kBlock];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  Seg total;
  Seg exc = block_exclusive_scan(thread_aggregate(n, first, values, heads), sf, sv, &total);
  int running = exc.f ? exc.v : carries[blockIdx.x] + exc.v;
  for (int k = 0; k < kItems; ++k) {
    const int i = first + k;
    if (i < n) running = heads[i] != 0 ? values[i] : running + values[i];
    if (i < n) out[i] = running;
  }
}

void segmented_scan_i32(int n, const int* values, const int* heads, int* out, hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  int* scratch = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&scratch), 2 * tiles * sizeof(int), stream);
  int* tile_f = scratch;
  int* tile_v = scratch + tiles;
  hipLaunchKernelGGL(tile_aggregates, dim3(tiles), dim3(kBlock), 0, stream, n, values, heads, tile_f, tile_v);
  hipLaunchKernelGGL(tile_carries, dim3(1), dim3(kBlock), 0, stream, tiles, tile_f, tile_v);
  hipLaunchKernelGGL(scan_tiles, dim3(tiles), dim3(kBlock), 0, stream, n, values, heads, tile_v, out);
  hipFreeAsync(scratch, stream);
}

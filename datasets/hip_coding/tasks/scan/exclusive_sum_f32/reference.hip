#include <hip/hip_runtime.h>

// Reduce-then-scan over tiles of kTile floats. The block-level scan uses warp shuffles, written for
// any warpSize that divides kBlock (32 on NVIDIA, 64 on AMD): each warp scans its lanes, warp 0
// scans the per-warp totals, and every thread adds the totals of the warps before it.
constexpr int kBlock = 256;
constexpr int kItems = 16;
constexpr int kTile = kBlock * kItems;
constexpr int kMaxWarps = kBlock / 32;

// Exclusive scan of one value per thread across the block; *total receives the block's sum.
__device__ float block_exclusive_scan(float v, float* warp_sums, float* total) {
  const int lane = threadIdx.x % warpSize;
  const int warp = threadIdx.x / warpSize;
  const int warps = kBlock / warpSize;
  float inc = v;
  for (int d = 1; d < warpSize; d <<= 1) {
    float up = __shfl_up(inc, d);
    if (lane >= d) inc += up;
  }
  float exc = __shfl_up(inc, 1);  // shift rather than subtract v: keeps inf and rounding exact
  if (lane == 0) exc = 0.0f;
  if (lane == warpSize - 1) warp_sums[warp] = inc;
  __syncthreads();
  if (warp == 0) {
    float w = lane < warps ? warp_sums[lane] : 0.0f;
    for (int d = 1; d < warpSize; d <<= 1) {
      float up = __shfl_up(w, d);
      if (lane >= d) w += up;
    }
    if (lane < warps) warp_sums[lane] = w;
  }
  __syncthreads();
  float before = warp == 0 ? 0.0f : warp_sums[warp - 1];
  *total = warp_sums[warps - 1];
  __syncthreads();  // the caller may reuse warp_sums right away
  return before + exc;
}

__global__ void tile_sums(int n, const float* __restrict__ in, float* __restrict__ sums) {
  __shared__ float warp_sums[kMaxWarps];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  float own = 0.0f;
  for (int k = 0; k < kItems; ++k)
    if (first + k < n) own += in[first + k];
  float total;
  block_exclusive_scan(own, warp_sums, &total);
  if (threadIdx.x == 0) sums[blockIdx.x] = total;
}

// One block: replaces sums[0..tiles) by their exclusive prefix sums, kBlock at a time.
__global__ void carries_from_sums(int tiles, float* sums) {
  __shared__ float warp_sums[kMaxWarps];
  float carry = 0.0f;
  for (int start = 0; start < tiles; start += kBlock) {
    int i = start + threadIdx.x;
    float v = i < tiles ? sums[i] : 0.0f;
    float total;
    float exc = block_exclusive_scan(v, warp_sums, &total);
    if (i < tiles) sums[i] = carry + exc;
    carry += total;
  }
}

// Each thread owns kItems consecutive elements of the tile (the same split as tile_sums).
__global__ void scan_tiles(int n, const float* __restrict__ in, const float* __restrict__ carries,
                           float* __restrict__ out) {
  __shared__ float warp_sums[kMaxWarps];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  float vals[kItems];
  float own = 0.0f;
  for (int k = 0; k < kItems; ++k) {
    vals[k] = first + k < n ? in[first + k] : 0.0f;
    own += vals[k];
  }
  float total;
  float running = carries[blockIdx.x] + block_exclusive_scan(own, warp_sums, &total);
  for (int k = 0; k < kItems; ++k) {
    if (first + k < n) out[first + k] = running;
    running += vals[k];
  }
}

void exclusive_scan_f32(int n, const float* in, float* out, hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  float* sums = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&sums), tiles * sizeof(float), stream);
  hipLaunchKernelGGL(tile_sums, dim3(tiles), dim3(kBlock), 0, stream, n, in, sums);
  hipLaunchKernelGGL(carries_from_sums, dim3(1), dim3(kBlock), 0, stream, tiles, sums);
  hipLaunchKernelGGL(scan_tiles, dim3(tiles), dim3(kBlock), 0, stream, n, in, sums, out);
  hipFreeAsync(sums, stream);
}

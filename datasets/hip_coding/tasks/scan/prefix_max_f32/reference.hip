#include <hip/hip_runtime.h>
#include <math.h>

// Running maximum by reduce-then-scan over tiles of kTile elements: (1) each tile's maximum,
// (2) one block turns them into the maximum of all earlier tiles, (3) each tile scans itself
// starting from that carry. The identity of max is -inf, never 0 (inputs may all be negative).
constexpr int kBlock = 256;
constexpr int kItems = 16;
constexpr int kTile = kBlock * kItems;

// Inclusive running max of one value per thread across the block (Hillis-Steele in shared
// memory). Returns this thread's exclusive prefix (-inf for thread 0); *total gets the block max.
__device__ float block_exclusive_max(float v, float* s, float* total) {
  const int t = threadIdx.x;
  s[t] = v;
  __syncthreads();
  for (int off = 1; off < kBlock; off <<= 1) {
    float other = t >= off ? s[t - off] : -INFINITY;
    __syncthreads();  // everyone has read before anyone overwrites
    s[t] = fmaxf(s[t], other);
    __syncthreads();
  }
  float before = t > 0 ? s[t - 1] : -INFINITY;
  *total = s[kBlock - 1];
  __syncthreads();  // the caller may reuse s right away
  return before;
}

__global__ void tile_maxima(int n, const float* __restrict__ in, float* __restrict__ maxima) {
  __shared__ float s[kBlock];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  float own = -INFINITY;
  for (int k = 0; k < kItems; ++k)
    if (first + k < n) own = fmaxf(own, in[first + k]);
  float total;
  block_exclusive_max(own, s, &total);
  if (threadIdx.x == 0) maxima[blockIdx.x] = total;
}

// One block: maxima[i] becomes the maximum of tiles 0..i-1 (-inf for tile 0), kBlock at a time.
__global__ void carries_from_maxima(int tiles, float* maxima) {
  __shared__ float s[kBlock];
  float carry = -INFINITY;
  for (int start = 0; start < tiles; start += kBlock) {
    int i = start + threadIdx.x;
    float v = i < tiles ? maxima[i] : -INFINITY;
    float total;
    float before = block_exclusive_max(v, s, &total);
    if (i < tiles) maxima[i] = fmaxf(carry, before);
    carry = fmaxf(carry, total);
  }
}

__global__ void scan_tiles(int n, const float* __restrict__ in, const float* __restrict__ carries,
                           float* __restrict__ out) {
  __shared__ float s[kBlock];
  const int first = blockIdx.x * kTile + threadIdx.x * kItems;
  float vals[kItems];
  float own = -INFINITY;
  for (int k = 0; k < kItems; ++k) {
    vals[k] = first + k < n ? in[first + k] : -INFINITY;
    own = fmaxf(own, vals[k]);
  }
  float total;
  float running = fmaxf(carries[blockIdx.x], block_exclusive_max(own, s, &total));
  for (int k = 0; k < kItems; ++k) {
    running = fmaxf(running, vals[k]);
    if (first + k < n) out[first + k] = running;
  }
}

void prefix_max_f32(int n, const float* in, float* out, hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  float* maxima = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&maxima), tiles * sizeof(float), stream);
  hipLaunchKernelGGL(tile_maxima, dim3(tiles), dim3(kBlock), 0, stream, n, in, maxima);
  hipLaunchKernelGGL(carries_from_maxima, dim3(1), dim3(kBlock), 0, stream, tiles, maxima);
  hipLaunchKernelGGL(scan_tiles, dim3(tiles), dim3(kBlock), 0, stream, n, in, maxima, out);
  hipFreeAsync(maxima, stream);
}

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kItems = 8;                 // elements each thread adds before the tree
constexpr int kTile = kBlock * kItems;    // elements one block reduces

// Block b writes the sum of in[b * kTile, (b + 1) * kTile) (clipped to n) to out[b].
__global__ void sum_tile_kernel(int n, const float* __restrict__ in, float* __restrict__ out) {
  __shared__ float partial[kBlock];
  int tid = threadIdx.x;
  int base = blockIdx.x * kTile;
  float acc = 0.0f;
  for (int k = 0; k < kItems; ++k) {
    int i = base + k * kBlock + tid;  // consecutive threads read consecutive addresses
    if (i < n) acc += in[i];
  }
  partial[tid] = acc;
  __syncthreads();
  for (int stride = kBlock / 2; stride > 0; stride >>= 1) {
    if (tid < stride) partial[tid] += partial[tid + stride];
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = partial[0];
}

static int tiles(int count) { return (count + kTile - 1) / kTile; }

void sum_f32(int n, const float* x, float* out, hipStream_t stream) {
  // Pass after pass, each block's sum becomes one element of the next pass's input, until one
  // block is left; it writes the result. The temporaries live in one stream-ordered allocation.
  int first = tiles(n);
  float* scratch = nullptr;
  if (first > 1) hipMallocAsync(reinterpret_cast<void**>(&scratch), (first + tiles(first)) * sizeof(float), stream);
  float* next = scratch;
  float* spare = scratch + first;
  const float* in = x;
  int count = n;
  for (;;) {
    int blocks = tiles(count);
    bool last = blocks <= 1;
    float* target = last ? out : next;
    hipLaunchKernelGGL(sum_tile_kernel, dim3(blocks), dim3(kBlock), 0, stream, count, in, target);
    if (last) break;
    in = target;
    count = blocks;
    float* t = next;
    next = spare;
    spare = t;
  }
  if (scratch != nullptr) hipFreeAsync(scratch, stream);
}

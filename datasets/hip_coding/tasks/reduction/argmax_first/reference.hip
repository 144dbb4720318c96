#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kItems = 4;
constexpr int kTile = kBlock * kItems;

// (value, index) pairs combine to the larger value; on a tie, to the smaller index. This order is
// associative and commutative, so any reduction tree finds the first index of the maximum.
__device__ bool better(float v, int i, float best_v, int best_i) {
  return v > best_v || (v == best_v && i < best_i);
}

// Block b reduces the pairs of its tile. In the first pass the indices are the positions
// (idx == nullptr); later passes carry the indices found so far. Writes one pair per block.
__global__ void argmax_tile_kernel(int n, const float* __restrict__ vals, const int* __restrict__ idx,
                                   float* __restrict__ out_vals, int* __restrict__ out_idx) {
  __shared__ float sv[kBlock];
  __shared__ int si[kBlock];
  int tid = threadIdx.x;
  float best_v = -INFINITY;
  int best_i = 0x7fffffff;  // loses every tie, and -inf elements still beat it
  for (int k = 0; k < kItems; ++k) {
    int p = blockIdx.x * kTile + k * kBlock + tid;
    if (p < n) {
      int i = idx ? idx[p] : p;
      if (better(vals[p], i, best_v, best_i)) best_v = vals[p], best_i = i;
    }
  }
  sv[tid] = best_v;
  si[tid] = best_i;
  __syncthreads();
  for (int stride = kBlock / 2; stride > 0; stride >>= 1) {
    if (tid < stride && better(sv[tid + stride], si[tid + stride], sv[tid], si[tid])) {
      sv[tid] = sv[tid + stride];
      si[tid] = si[tid + stride];
    }
    __syncthreads();
  }
  if (tid == 0) {
    out_vals[blockIdx.x] = sv[0];
    out_idx[blockIdx.x] = si[0];
  }
}

static int tiles(int count) { return (count + kTile - 1) / kTile; }

void argmax_first(int n, const float* x, int* out, hipStream_t stream) {
  int first = tiles(n);
  // Room for two generations of pairs (values and indices) plus the final value.
  int slots = first + tiles(first) + 1;
  void* scratch = nullptr;
  hipMallocAsync(&scratch, slots * (sizeof(float) + sizeof(int)), stream);
  float* vbuf = static_cast<float*>(scratch);
  int* ibuf = reinterpret_cast<int*>(vbuf + slots);
  float* next_v = vbuf;
  int* next_i = ibuf;
  int spare = first;  // offset of the other generation
  const float* in_v = x;
  const int* in_i = nullptr;
  int count = n;
  for (;;) {
    int blocks = tiles(count);
    bool last = blocks <= 1;
    float* tv = last ? vbuf + slots - 1 : next_v;
    int* ti = last ? out : next_i;
    hipLaunchKernelGGL(argmax_tile_kernel, dim3(blocks), dim3(kBlock), 0, stream, count, in_v, in_i, tv, ti);
    if (last) break;
    in_v = tv;
    in_i = ti;
    count = blocks;
    next_v = (next_v == vbuf) ? vbuf + spare : vbuf;
    next_i = (next_i == ibuf) ? ibuf + spare : ibuf;
  }
  hipFreeAsync(scratch, stream);
}

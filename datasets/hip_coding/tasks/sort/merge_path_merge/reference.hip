#include <hip/hip_runtime.h>

#include <cstddef>

// Merge path: the output is cut into tiles of kTile elements; for every tile boundary d a binary
// search along the diagonal i + j = d finds how many elements of a (i) and of b (j = d - i) precede
// it. Each block then loads its tile's two input ranges into shared memory and each thread merges
// kItems outputs, starting from its own split found the same way inside the tile.
constexpr int kBlock = 256;
constexpr int kItems = 5;               // outputs per thread
constexpr int kTile = kBlock * kItems;  // outputs per block

// The first element of a merged stream comes from a when a's key is <= b's: on equal keys the
// element of the first array goes first, and -0.0 and +0.0 are equal.
__device__ bool a_goes_first(float key_a, float key_b) { return key_a <= key_b; }

// How many of the first d merged elements come from a (a has na keys, b has nb).
__device__ int split_of(int d, const float* a, int na, const float* b, int nb) {
  int lo = d > nb ? d - nb : 0;
  int hi = d < na ? d : na;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (a_goes_first(a[mid], b[d - 1 - mid]))
      lo = mid + 1;  // a[mid] is among the first d
    else
      hi = mid;
  }
  return lo;
}

__global__ void partition_kernel(int tiles, const float* __restrict__ keys_a, int na, const float* __restrict__ keys_b,
                                 int nb, int* __restrict__ splits) {
  const int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t > tiles) return;
  const long long d = (long long)t * kTile;
  splits[t] = split_of(d < na + nb ? (int)d : na + nb, keys_a, na, keys_b, nb);
}

__global__ void merge_kernel(const float* __restrict__ keys_a, const int* __restrict__ vals_a, int na,
                             const float* __restrict__ keys_b, const int* __restrict__ vals_b, int nb,
                             const int* __restrict__ splits, float* __restrict__ keys_out,
                             int* __restrict__ vals_out) {
  __shared__ float keys[kTile];  // the tile's range of a, then its range of b
  const int tile = blockIdx.x;
  const int total = na + nb;
  const int d0 = tile * kTile;
  const int d1 = d0 + kTile < total ? d0 + kTile : total;
  const int a0 = splits[tile], a1 = splits[tile + 1];
  const int b0 = d0 - a0, b1 = d1 - a1;
  const int la = a1 - a0, lb = b1 - b0;
  for (int e = threadIdx.x; e < la + lb; e += kBlock) keys[e] = e < la ? keys_a[a0 + e] : keys_b[b0 + e - la];
  __syncthreads();  // the tile's keys are in shared memory
  const float* sa = keys;
  const float* sb = keys + la;
  const int start = threadIdx.x * kItems;
  if (start >= la + lb) return;
  int i = split_of(start, sa, la, sb, lb);
  int j = start - i;
  for (int k = 0; k < kItems && start + k < la + lb; ++k) {
    const size_t out = (size_t)d0 + start + k;
    if (j >= lb || (i < la && a_goes_first(sa[i], sb[j]))) {
      keys_out[out] = sa[i];
      vals_out[out] = vals_a[a0 + i];
      ++i;
    } else {
      keys_out[out] = sb[j];
      vals_out[out] = vals_b[b0 + j];
      ++j;
    }
  }
}

void merge_pairs_f32(const float* keys_a, const int* vals_a, int na, const float* keys_b, const int* vals_b, int nb,
                     float* keys_out, int* vals_out, hipStream_t stream) {
  const int tiles = (na + nb + kTile - 1) / kTile;
  int* splits = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&splits), (size_t)(tiles + 1) * sizeof(int), stream);
  hipLaunchKernelGGL(partition_kernel, dim3((tiles + 1 + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, tiles, keys_a,
                     na, keys_b, nb, splits);
  hipLaunchKernelGGL(merge_kernel, dim3(tiles), dim3(kBlock), 0, stream, keys_a, vals_a, na, keys_b, vals_b, nb, splits,
                     keys_out, vals_out);
  hipFreeAsync(splits, stream);
}

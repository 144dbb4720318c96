#include <hip/hip_runtime.h>

#include <cstddef>

// Segments by size class: up to kSmall keys one thread sorts by insertion; up to kShared keys one
// block sorts them in shared memory; longer segments one block sorts in place in global memory.
// Blocks use a bitonic network in which every comparator puts the smaller key at the lower index
// (each merge starts with a mirrored compare): positions past the segment's end then act as +inf
// that never moves, so a segment of any length sorts without padding.
constexpr int kBlock = 128;
constexpr int kSmall = 32;
constexpr int kShared = 4096;

__device__ void insertion_sort(float* keys, int len) {
  for (int k = 1; k < len; ++k) {
    const float key = keys[k];
    int at = k;
    while (at > 0 && keys[at - 1] > key) {
      keys[at] = keys[at - 1];
      --at;
    }
    keys[at] = key;
  }
}

// One block sorts keys[0, len) ascending (keys in shared or global memory).
__device__ void block_bitonic_sort(float* keys, int len) {
  int size = 1;
  while (size < len) size *= 2;
  for (int k = 2; k <= size; k *= 2) {
    for (int j = k / 2; j > 0; j /= 2) {
      for (int q = threadIdx.x; q < size / 2; q += kBlock) {
        const int lo = (q / j) * 2 * j + q % j;  // q-th index whose bit j is clear
        const int hi = j == k / 2 ? lo ^ (k - 1) : lo + j;  // mirrored partner in the merge's first step
        if (hi < len && keys[hi] < keys[lo]) {
          const float t = keys[lo];
          keys[lo] = keys[hi];
          keys[hi] = t;
        }
      }
      __syncthreads();  // this step's comparators done
    }
  }
}

__global__ void copy_kernel(int n, const float* __restrict__ in, float* __restrict__ out) {
  const size_t i = (size_t)blockIdx.x * kBlock + threadIdx.x;
  if (i < (size_t)n) out[i] = in[i];
}

__global__ void small_segments_kernel(int segments, const int* __restrict__ offsets, float* __restrict__ out) {
  const int s = blockIdx.x * kBlock + threadIdx.x;
  if (s >= segments) return;
  const int begin = offsets[s], len = offsets[s + 1] - begin;
  if (len <= kSmall) insertion_sort(out + begin, len);
}

// One block per segment; segments of up to kSmall keys belong to small_segments_kernel.
__global__ void block_segments_kernel(const int* __restrict__ offsets, float* __restrict__ out) {
  __shared__ float keys[kShared];
  const int begin = offsets[blockIdx.x], len = offsets[blockIdx.x + 1] - begin;
  if (len <= kSmall) return;
  if (len > kShared) {  // too long for shared memory: sorted in place
    block_bitonic_sort(out + begin, len);
    return;
  }
  for (int i = threadIdx.x; i < len; i += kBlock) keys[i] = out[begin + i];
  __syncthreads();  // the segment is in shared memory
  block_bitonic_sort(keys, len);
  for (int i = threadIdx.x; i < len; i += kBlock) out[begin + i] = keys[i];
}

void segmented_sort_f32(int n, int segments, const int* offsets, const float* in, float* out, hipStream_t stream) {
  if (n > 0) hipLaunchKernelGGL(copy_kernel, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, in, out);
  hipLaunchKernelGGL(small_segments_kernel, dim3((segments + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, segments,
                     offsets, out);
  hipLaunchKernelGGL(block_segments_kernel, dim3(segments), dim3(kBlock), 0, stream, offsets, out);
}

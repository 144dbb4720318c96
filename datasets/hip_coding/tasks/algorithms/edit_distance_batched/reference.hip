#include <hip/hip_runtime.h>

constexpr int kBlock = 128;
constexpr int kMaxLen = 2048;
constexpr int kMaxGrid = 1024;

// One block per pair (blocks stride over the pairs). The DP table D(i, j) = distance between the first
// i bytes of a and the first j bytes of b is filled one anti-diagonal d = i + j at a time: every cell
// of a diagonal needs only the two diagonals before it, so its cells are independent and the block
// shares them out. Three diagonals live in shared memory, indexed by i; one barrier per diagonal.
__global__ void edit_distance_kernel(int pairs, const unsigned char* __restrict__ a_chars,
                                     const int* __restrict__ a_offsets, const unsigned char* __restrict__ b_chars,
                                     const int* __restrict__ b_offsets, int* __restrict__ dist) {
  __shared__ int diag[3][kMaxLen + 1];
  for (int pair = blockIdx.x; pair < pairs; pair += gridDim.x) {
    const unsigned char* a = a_chars + a_offsets[pair];
    const unsigned char* b = b_chars + b_offsets[pair];
    const int la = a_offsets[pair + 1] - a_offsets[pair], lb = b_offsets[pair + 1] - b_offsets[pair];
    for (int d = 0; d <= la + lb; ++d) {
      int* cur = diag[d % 3];
      const int* prev = diag[(d + 2) % 3];   // diagonal d - 1
      const int* prev2 = diag[(d + 1) % 3];  // diagonal d - 2
      const int lo = d - lb > 0 ? d - lb : 0, hi = d < la ? d : la;
      for (int i = lo + threadIdx.x; i <= hi; i += kBlock) {
        const int j = d - i;
        int value;
        if (i == 0) {
          value = j;
        } else if (j == 0) {
          value = i;
        } else {
          const int replace = prev2[i - 1] + (a[i - 1] != b[j - 1]);
          const int remove = prev[i - 1] + 1;  // from (i - 1, j)
          const int insert = prev[i] + 1;      // from (i, j - 1)
          value = min(replace, min(remove, insert));
        }
        cur[i] = value;
      }
      __syncthreads();  // diagonal d complete
    }
    if (threadIdx.x == 0) dist[pair] = diag[(la + lb) % 3][la];
    __syncthreads();  // result read before the next pair reuses the diagonals
  }
}

void edit_distance_batched(int pairs, const unsigned char* a, const int* a_offsets, const unsigned char* b,
                           const int* b_offsets, int* dist, hipStream_t stream) {
  const int grid = pairs < kMaxGrid ? pairs : kMaxGrid;
  hipLaunchKernelGGL(edit_distance_kernel, dim3(grid), dim3(kBlock), 0, stream, pairs, a, a_offsets, b, b_offsets,
                     dist);
}

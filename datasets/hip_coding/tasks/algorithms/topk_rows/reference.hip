#include <hip/hip_runtime.h>

#include <climits>
#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reduction halves it
constexpr int kNone = INT_MAX;

// The selection order: larger value first, and among equal values (-0.0 == 0.0) the smaller index.
// `best_i == kNone` marks "no candidate yet", which loses to everything (including -inf).
__device__ bool precedes(float v, int i, float best_v, int best_i) {
  return best_i == kNone || v > best_v || (v == best_v && i < best_i);
}

// One block per row, k selection rounds. Round t finds the first element, in selection order, that
// comes strictly after the one picked in round t-1: each thread scans its strided share of the row
// and a shared-memory tree reduces the (value, index) pairs. The row is re-read from global memory
// (cache) every round, which is cheap for the small k this task allows.
__global__ void topk_rows_kernel(int cols, int k, const float* __restrict__ x, float* __restrict__ values,
                                 int* __restrict__ indices) {
  __shared__ float sv[kBlock];
  __shared__ int si[kBlock];
  const float* row = x + (size_t)blockIdx.x * cols;
  float prev_v = INFINITY;
  int prev_i = -1;  // before every element: (+inf, -1) precedes all of them
  for (int t = 0; t < k; ++t) {
    float best_v = -INFINITY;
    int best_i = kNone;
    for (int c = threadIdx.x; c < cols; c += kBlock) {
      const float v = row[c];
      const bool after_prev = v < prev_v || (v == prev_v && c > prev_i);
      if (after_prev && precedes(v, c, best_v, best_i)) best_v = v, best_i = c;
    }
    sv[threadIdx.x] = best_v;
    si[threadIdx.x] = best_i;
    __syncthreads();  // candidates stored
    for (int half = kBlock / 2; half > 0; half /= 2) {
      if (threadIdx.x < half && si[threadIdx.x + half] != kNone &&
          precedes(sv[threadIdx.x + half], si[threadIdx.x + half], sv[threadIdx.x], si[threadIdx.x])) {
        sv[threadIdx.x] = sv[threadIdx.x + half];
        si[threadIdx.x] = si[threadIdx.x + half];
      }
      __syncthreads();  // tree level done
    }
    prev_v = sv[0];
    prev_i = si[0];
    if (threadIdx.x == 0) {
      values[(size_t)blockIdx.x * k + t] = prev_v;
      indices[(size_t)blockIdx.x * k + t] = prev_i;
    }
    __syncthreads();  // everyone has read the winner before the next round reuses sv and si
  }
}

void topk_rows(int rows, int cols, int k, const float* x, float* values, int* indices, hipStream_t stream) {
  hipLaunchKernelGGL(topk_rows_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, k, x, values, indices);
}

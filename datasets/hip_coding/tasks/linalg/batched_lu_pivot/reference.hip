#include <hip/hip_runtime.h>

#include <cmath>

constexpr int kThreads = 32;  // fewer threads than the largest order: every loop strides
constexpr int kMaxN = 64;

// Block b factors matrix b in shared memory, right-looking, one column step after another: a block-wide
// argmax of |column k| below the diagonal (the lowest row on a tie), the swap of the two whole rows, the
// division of the column by the pivot, and the rank-1 update of the trailing matrix.
__global__ void batched_lu_pivot_kernel(int n, const float* __restrict__ a, float* __restrict__ lu,
                                        int* __restrict__ piv) {
  __shared__ float m[kMaxN][kMaxN + 1];
  __shared__ float cand_val[kThreads];
  __shared__ int cand_row[kThreads];
  const int tid = threadIdx.x;
  const size_t base = (size_t)blockIdx.x * n * n;
  for (int idx = tid; idx < n * n; idx += kThreads) m[idx / n][idx % n] = a[base + idx];
  __syncthreads();  // matrix loaded
  for (int k = 0; k < n; ++k) {
    // Each thread's best candidate among its rows; rows are visited upwards, so a tie keeps the lower row.
    float best = -INFINITY;
    int row = k;  // a thread without rows offers row k with -inf: never chosen over a real candidate
    for (int i = k + tid; i < n; i += kThreads) {
      const float x = fabsf(m[i][k]);
      if (x > best) {
        best = x;
        row = i;
      }
    }
    cand_val[tid] = best;
    cand_row[tid] = row;
    __syncthreads();  // candidates published
    for (int half = kThreads / 2; half > 0; half /= 2) {
      if (tid < half) {
        const float other = cand_val[tid + half];
        const int other_row = cand_row[tid + half];
        if (other > cand_val[tid] || (other == cand_val[tid] && other_row < cand_row[tid])) {
          cand_val[tid] = other;
          cand_row[tid] = other_row;
        }
      }
      __syncthreads();  // one reduction level done
    }
    const int p = cand_row[0];
    if (tid == 0) piv[(size_t)blockIdx.x * n + k] = p;
    if (p != k)
      for (int c = tid; c < n; c += kThreads) {
        const float t = m[k][c];
        m[k][c] = m[p][c];
        m[p][c] = t;
      }
    __syncthreads();  // rows swapped
    const float pivot = m[k][k];
    for (int i = k + 1 + tid; i < n; i += kThreads) m[i][k] /= pivot;
    __syncthreads();  // column k of L ready
    const int rest = n - 1 - k;
    for (int t = tid; t < rest * rest; t += kThreads) {
      const int r = k + 1 + t / rest, c = k + 1 + t % rest;
      m[r][c] -= m[r][k] * m[k][c];
    }
    __syncthreads();  // trailing matrix updated
  }
  for (int idx = tid; idx < n * n; idx += kThreads) lu[base + idx] = m[idx / n][idx % n];
}

void batched_lu_pivot(int batch, int n, const float* a, float* lu, int* piv, hipStream_t stream) {
  hipLaunchKernelGGL(batched_lu_pivot_kernel, dim3(batch), dim3(kThreads), 0, stream, n, a, lu, piv);
}

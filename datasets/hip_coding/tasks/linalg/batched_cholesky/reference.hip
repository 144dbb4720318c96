#include <hip/hip_runtime.h>

#include <cmath>

constexpr int kThreads = 32;  // fewer threads than the largest order: every loop strides
constexpr int kMaxN = 64;

// Block b factors matrix b in shared memory by right-looking Cholesky: for every column j, the
// diagonal is square-rooted, the column below it divided by the diagonal, and the trailing lower
// triangle updated by the column's outer product; then L (zero above the diagonal) is written out.
__global__ void batched_cholesky_kernel(int n, const float* __restrict__ a, float* __restrict__ l) {
  __shared__ float m[kMaxN][kMaxN + 1];
  const int tid = threadIdx.x;
  const size_t base = (size_t)blockIdx.x * n * n;
  for (int idx = tid; idx < n * n; idx += kThreads) m[idx / n][idx % n] = a[base + idx];
  __syncthreads();  // matrix loaded
  for (int j = 0; j < n; ++j) {
    if (tid == 0) m[j][j] = sqrtf(m[j][j]);
    __syncthreads();  // diagonal ready
    const float diag = m[j][j];
    for (int i = j + 1 + tid; i < n; i += kThreads) m[i][j] /= diag;
    __syncthreads();  // column j of L ready
    // Trailing update of the lower triangle: entries (r, c) with j < c <= r < n, flattened row by row.
    const int rest = n - 1 - j;
    for (int t = tid; t < rest * (rest + 1) / 2; t += kThreads) {
      int r = (int)((sqrtf(8.0f * t + 1.0f) - 1.0f) * 0.5f);
      while (r * (r + 1) / 2 > t) --r;
      while ((r + 1) * (r + 2) / 2 <= t) ++r;
      const int c = t - r * (r + 1) / 2;
      m[j + 1 + r][j + 1 + c] -= m[j + 1 + r][j] * m[j + 1 + c][j];
    }
    __syncthreads();  // trailing matrix updated
  }
  for (int idx = tid; idx < n * n; idx += kThreads) {
    const int r = idx / n, c = idx % n;
    l[base + idx] = c <= r ? m[r][c] : 0.0f;
  }
}

void batched_cholesky(int batch, int n, const float* a, float* l, hipStream_t stream) {
  hipLaunchKernelGGL(batched_cholesky_kernel, dim3(batch), dim3(kThreads), 0, stream, n, a, l);
}

#include <hip/hip_runtime.h>

constexpr int kMaxN = 1024;
constexpr int kMaxThreads = 256;

// Block b solves system b by parallel cyclic reduction in shared memory. Every step with stride s
// eliminates from equation i its couplings to equations i - s and i + s (adding multiples of them), so it
// couples i to i - 2s and i + 2s instead; once s >= n every equation holds one unknown. Coefficients that
// would couple to a row outside [0, n) are zero (the first lower and last upper entry are never read).
__global__ void batched_tridiagonal_kernel(int n, const float* __restrict__ lower, const float* __restrict__ diag,
                                           const float* __restrict__ upper, const float* __restrict__ rhs,
                                           float* __restrict__ x) {
  __shared__ float a[2][kMaxN], d[2][kMaxN], c[2][kMaxN], r[2][kMaxN];
  const size_t base = (size_t)blockIdx.x * n;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    a[0][i] = i > 0 ? lower[base + i] : 0.0f;
    d[0][i] = diag[base + i];
    c[0][i] = i < n - 1 ? upper[base + i] : 0.0f;
    r[0][i] = rhs[base + i];
  }
  __syncthreads();  // system loaded
  int cur = 0;
  for (int s = 1; s < n; s *= 2) {
    const int nxt = 1 - cur;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
      float na = 0.0f, nc = 0.0f, nd = d[cur][i], nr = r[cur][i];
      if (i - s >= 0) {
        const float alpha = -a[cur][i] / d[cur][i - s];
        na = alpha * a[cur][i - s];
        nd += alpha * c[cur][i - s];
        nr += alpha * r[cur][i - s];
      }
      if (i + s < n) {
        const float gamma = -c[cur][i] / d[cur][i + s];
        nc = gamma * c[cur][i + s];
        nd += gamma * a[cur][i + s];
        nr += gamma * r[cur][i + s];
      }
      a[nxt][i] = na;
      c[nxt][i] = nc;
      d[nxt][i] = nd;
      r[nxt][i] = nr;
    }
    __syncthreads();  // step done: the next one reads neighbours' new equations
    cur = nxt;
  }
  for (int i = threadIdx.x; i < n; i += blockDim.x) x[base + i] = r[cur][i] / d[cur][i];
}

void batched_tridiagonal(int batch, int n, const float* lower, const float* diag, const float* upper, const float* rhs,
                         float* x, hipStream_t stream) {
  int threads = (n + 31) / 32 * 32;
  if (threads > kMaxThreads) threads = kMaxThreads;
  hipLaunchKernelGGL(batched_tridiagonal_kernel, dim3(batch), dim3(threads), 0, stream, n, lower, diag, upper, rhs, x);
}

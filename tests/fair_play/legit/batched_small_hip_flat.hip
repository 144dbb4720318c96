// task: hip/matmul/batched_small
// Style: one thread per output element of every batch, HIP_CHECK that aborts.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>

#define HIP_CHECK(expr)                                                           \
  {                                                                               \
    hipError_t status_ = (expr);                                                  \
    if (status_ != hipSuccess) {                                                  \
      fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, hipGetErrorString(status_)); \
      std::abort();                                                               \
    }                                                                             \
  }

__global__ void batched_matmul_kernel(int batch, int m, int n, int k, const float* a, const float* b, float* c) {
  const long long total = static_cast<long long>(batch) * m * n;
  const long long id = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (id >= total) return;
  const int q = static_cast<int>(id / (static_cast<long long>(m) * n));
  const int rem = static_cast<int>(id % (static_cast<long long>(m) * n));
  const int i = rem / n, j = rem % n;
  const float* aq = a + static_cast<long long>(q) * m * k;
  const float* bq = b + static_cast<long long>(q) * k * n;
  float acc = 0.0f;
  for (int p = 0; p < k; ++p) acc += aq[i * k + p] * bq[p * n + j];
  c[id] = acc;
}

void batched_matmul(int batch, int m, int n, int k, const float* a, const float* b, float* c, hipStream_t stream) {
  const long long total = static_cast<long long>(batch) * m * n;
  const int threads = 256;
  const int blocks = static_cast<int>((total + threads - 1) / threads);
  hipLaunchKernelGGL(batched_matmul_kernel, dim3(blocks), dim3(threads), 0, stream, batch, m, n, k, a, b, c);
  HIP_CHECK(hipGetLastError());
}

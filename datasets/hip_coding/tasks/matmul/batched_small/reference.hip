#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;

// One block per matrix pair: the block copies A[batch] (m x k) and B[batch] (k x n) into dynamic
// shared memory once, then its threads stride over the m*n outputs, each reading from shared memory.
__global__ void batched_matmul_kernel(int m, int n, int k, const float* __restrict__ a,
                                      const float* __restrict__ b, float* __restrict__ c) {
  extern __shared__ float staged[];
  float* a_s = staged;
  float* b_s = staged + m * k;
  const size_t batch = blockIdx.x;
  const float* a_in = a + batch * m * k;
  const float* b_in = b + batch * k * n;
  float* c_out = c + batch * m * n;
  for (int i = threadIdx.x; i < m * k; i += blockDim.x) a_s[i] = a_in[i];
  for (int i = threadIdx.x; i < k * n; i += blockDim.x) b_s[i] = b_in[i];
  __syncthreads();  // both matrices staged
  for (int idx = threadIdx.x; idx < m * n; idx += blockDim.x) {
    const int row = idx / n, col = idx % n;
    float sum = 0.0f;
    for (int p = 0; p < k; ++p) sum += a_s[row * k + p] * b_s[p * n + col];
    c_out[idx] = sum;
  }
}

void batched_matmul(int batch, int m, int n, int k, const float* a, const float* b, float* c,
                    hipStream_t stream) {
  const size_t shared_bytes = (size_t)(m * k + k * n) * sizeof(float);
  hipLaunchKernelGGL(batched_matmul_kernel, dim3(batch), dim3(kBlock), shared_bytes, stream, m, n, k, a, b, c);
}

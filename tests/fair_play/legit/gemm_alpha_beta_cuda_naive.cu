// task: cuda/matmul/gemm_alpha_beta
// Style: naive 2D GEMM with the BLAS beta == 0 rule, <iostream> for error output.
#include <cuda_runtime.h>
#include <iostream>

__global__ void gemm_kernel(int m, int n, int k, float alpha, const float* a, const float* b, float beta, float* c) {
  const int j = blockIdx.x * blockDim.x + threadIdx.x;
  const int i = blockIdx.y * blockDim.y + threadIdx.y;
  if (i >= m || j >= n) return;
  float sum = 0.0f;
  for (int p = 0; p < k; ++p) sum += a[i * k + p] * b[p * n + j];
  const float scaled = alpha * sum;
  c[i * n + j] = beta == 0.0f ? scaled : scaled + beta * c[i * n + j];
}

void gemm_alpha_beta(int m, int n, int k, float alpha, const float* a, const float* b, float beta, float* c,
                     cudaStream_t stream) {
  dim3 block(16, 16);
  dim3 grid((n + 15) / 16, (m + 15) / 16);
  gemm_kernel<<<grid, block, 0, stream>>>(m, n, k, alpha, a, b, beta, c);
  if (cudaPeekAtLastError() != cudaSuccess) std::cerr << "gemm launch failed" << std::endl;
}

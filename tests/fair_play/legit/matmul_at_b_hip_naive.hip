// task: hip/matmul/matmul_at_b
// Style: A read in place through its transposed index, dim3 launches with triple chevrons.
#include <hip/hip_runtime.h>

__global__ void at_b_kernel(int m, int n, int k, const float* __restrict__ a, const float* __restrict__ b,
                            float* __restrict__ c) {
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  if (i < m && j < n) {
    float acc = 0.f;
    for (int p = 0; p < k; ++p) acc = fmaf(a[p * m + i], b[p * n + j], acc);
    c[i * n + j] = acc;
  }
}

void matmul_at_b(int m, int n, int k, const float* a, const float* b, float* c, hipStream_t stream) {
  dim3 block(16, 16, 1);
  dim3 grid((n + block.x - 1) / block.x, (m + block.y - 1) / block.y, 1);
  at_b_kernel<<<grid, block, 0, stream>>>(m, n, k, a, b, c);
}

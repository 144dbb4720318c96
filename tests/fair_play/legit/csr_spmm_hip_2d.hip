// task: hip/spmv/csr_spmm
// Style: a 2D grid, x over the dense columns and y over the sparse rows.
#include <hip/hip_runtime.h>

__global__ void spmm_kernel(int rows, int k, const int* row_ptr, const int* col_idx, const float* vals,
                            const float* b, float* c) {
  const int q = blockIdx.x * blockDim.x + threadIdx.x;
  const int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r >= rows || q >= k) return;
  float acc = 0.0f;
  for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) acc += vals[j] * b[static_cast<size_t>(col_idx[j]) * k + q];
  c[static_cast<size_t>(r) * k + q] = acc;
}

void csr_spmm(int rows, int cols, int k, int nnz, const int* row_ptr, const int* col_idx, const float* vals,
              const float* b, float* c, hipStream_t stream) {
  (void)cols;
  (void)nnz;
  dim3 block(32, 8);
  dim3 grid((k + block.x - 1) / block.x, (rows + block.y - 1) / block.y);
  hipLaunchKernelGGL(spmm_kernel, grid, block, 0, stream, rows, k, row_ptr, col_idx, vals, b, c);
}

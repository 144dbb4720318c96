#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One thread per row r of A scatters vals[j] * x[r] into y[col_idx[j]]. Different rows hit the same
// column, so the additions must be atomic.
__global__ void csr_spmv_t_kernel(int rows, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                  const float* __restrict__ vals, const float* __restrict__ x, float* y) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < rows) {
    float xr = x[r];
    for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) atomicAdd(&y[col_idx[j]], vals[j] * xr);
  }
}

void csr_spmv_transpose(int rows, int cols, int nnz, const int* row_ptr, const int* col_idx, const float* vals,
                        const float* x, float* y, hipStream_t stream) {
  // y arrives with garbage in it and columns nobody touches must read 0.
  hipMemsetAsync(y, 0, (size_t)cols * sizeof(float), stream);
  int blocks = (rows + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(csr_spmv_t_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, row_ptr, col_idx, vals, x, y);
}

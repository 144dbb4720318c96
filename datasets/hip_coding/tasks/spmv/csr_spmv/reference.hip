#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One thread per row: simple, and every row (empty ones included) gets exactly one write.
__global__ void csr_spmv_kernel(int rows, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                const float* __restrict__ vals, const float* __restrict__ x,
                                float* __restrict__ y) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < rows) {
    float acc = 0.0f;
    for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) acc += vals[j] * x[col_idx[j]];
    y[r] = acc;
  }
}

void csr_spmv(int rows, int cols, int nnz, const int* row_ptr, const int* col_idx, const float* vals,
              const float* x, float* y, hipStream_t stream) {
  int blocks = (rows + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(csr_spmv_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, row_ptr, col_idx, vals, x, y);
}

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kGroup = 32;  // lanes per row; divides both warp sizes (32 and 64)
constexpr int kRowsPerBlock = kBlock / kGroup;

// A group of 32 lanes per row: the lanes stride through the row, then a shuffle tree (width 32)
// combines their partial sums. No lane leaves before the shuffles, so every group is complete.
__global__ void csr_axpby_kernel(int rows, float alpha, const int* __restrict__ row_ptr,
                                 const int* __restrict__ col_idx, const float* __restrict__ vals,
                                 const float* __restrict__ x, float beta, float* __restrict__ y) {
  int row = blockIdx.x * kRowsPerBlock + threadIdx.x / kGroup;
  int lane = threadIdx.x % kGroup;
  float acc = 0.0f;
  if (row < rows) {
    for (int j = row_ptr[row] + lane; j < row_ptr[row + 1]; j += kGroup) acc += vals[j] * x[col_idx[j]];
  }
  for (int offset = kGroup / 2; offset > 0; offset /= 2) acc += __shfl_down(acc, offset, kGroup);
  // beta == 0 means "overwrite": y is not read, so garbage (even NaN) in it does not leak through.
  if (row < rows && lane == 0) y[row] = alpha * acc + (beta == 0.0f ? 0.0f : beta * y[row]);
}

void csr_spmv_axpby(int rows, int cols, int nnz, float alpha, const int* row_ptr, const int* col_idx,
                    const float* vals, const float* x, float beta, float* y, hipStream_t stream) {
  int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(csr_axpby_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, alpha, row_ptr, col_idx, vals,
                     x, beta, y);
}

// task: cuda/spmv/csr_spmv
// Style: scalar CSR (one thread per row) in a grid-stride loop, CUDA_CHECK macro.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CUDA_CHECK(x)                                                   \
  do {                                                                  \
    cudaError_t e_ = (x);                                               \
    if (e_ != cudaSuccess) {                                            \
      printf("CUDA failure %s:%d '%s'\n", __FILE__, __LINE__, cudaGetErrorString(e_)); \
      exit(1);                                                          \
    }                                                                   \
  } while (0)

__global__ void spmv_csr_scalar(int rows, const int* row_ptr, const int* col_idx, const float* vals,
                                const float* x, float* y) {
  for (int r = blockIdx.x * blockDim.x + threadIdx.x; r < rows; r += blockDim.x * gridDim.x) {
    float dot = 0.0f;
    for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) dot += vals[j] * x[col_idx[j]];
    y[r] = dot;
  }
}

void csr_spmv(int rows, int cols, int nnz, const int* row_ptr, const int* col_idx, const float* vals,
              const float* x, float* y, cudaStream_t stream) {
  (void)cols;
  (void)nnz;
  int blocks = (rows + 127) / 128;
  if (blocks > 512) blocks = 512;
  spmv_csr_scalar<<<blocks, 128, 0, stream>>>(rows, row_ptr, col_idx, vals, x, y);
  CUDA_CHECK(cudaGetLastError());
}

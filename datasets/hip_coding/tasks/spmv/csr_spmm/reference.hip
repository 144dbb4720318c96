#include <hip/hip_runtime.h>

constexpr int kTileX = 32;  // threads along the k columns of B and C: neighbouring threads read neighbouring floats
constexpr int kTileY = 8;   // rows of A per block

// One thread per output element C[r][c]; the threads of a row share the walk over row r of A.
__global__ void csr_spmm_kernel(int rows, int cols, int k, const int* __restrict__ row_ptr,
                                const int* __restrict__ col_idx, const float* __restrict__ vals,
                                const float* __restrict__ b, float* __restrict__ c) {
  int col = blockIdx.x * kTileX + threadIdx.x;
  int r = blockIdx.y * kTileY + threadIdx.y;
  if (r < rows && col < k) {
    float acc = 0.0f;
    for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) acc += vals[j] * b[(size_t)col_idx[j] * k + col];
    c[(size_t)r * k + col] = acc;
  }
}

void csr_spmm(int rows, int cols, int k, int nnz, const int* row_ptr, const int* col_idx, const float* vals,
              const float* b, float* c, hipStream_t stream) {
  dim3 grid((k + kTileX - 1) / kTileX, (rows + kTileY - 1) / kTileY);
  hipLaunchKernelGGL(csr_spmm_kernel, grid, dim3(kTileX, kTileY), 0, stream, rows, cols, k, row_ptr, col_idx, vals,
                     b, c);
}

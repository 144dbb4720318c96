#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kGroup = 32;  // threads per row
constexpr int kRowsPerBlock = kBlock / kGroup;

// 32 threads per row stride through its entries; their partial sums meet in shared memory and a
// tree (with a barrier between levels) folds them. Every thread reaches every barrier.
__global__ void csr_row_sum_kernel(int rows, const int* __restrict__ row_ptr, const float* __restrict__ vals,
                                   float* __restrict__ sums) {
  __shared__ float partial[kBlock];
  int row = blockIdx.x * kRowsPerBlock + threadIdx.x / kGroup;
  int lane = threadIdx.x % kGroup;
  float acc = 0.0f;
  if (row < rows) {
    for (int j = row_ptr[row] + lane; j < row_ptr[row + 1]; j += kGroup) acc += vals[j];
  }
  partial[threadIdx.x] = acc;
  __syncthreads();
  for (int half = kGroup / 2; half > 0; half /= 2) {
    if (lane < half) partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  if (row < rows && lane == 0) sums[row] = partial[threadIdx.x];
}

void csr_row_sum(int rows, int nnz, const int* row_ptr, const float* vals, float* sums, hipStream_t stream) {
  int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(csr_row_sum_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, row_ptr, vals, sums);
}

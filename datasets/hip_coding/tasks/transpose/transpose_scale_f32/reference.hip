#include <hip/hip_runtime.h>

constexpr int kTile = 32;
constexpr int kRows = 8;  // a kTile x kRows block moves a kTile x kTile tile

// Coalesced tiled transpose through shared memory (padded against bank conflicts); the scaling is
// applied once per element on the way out.
__global__ void transpose_scale_kernel(int rows, int cols, float alpha, const float* __restrict__ in,
                                       float* __restrict__ out) {
  __shared__ float tile[kTile][kTile + 1];
  const int in_col = blockIdx.x * kTile + threadIdx.x;
  for (int k = threadIdx.y; k < kTile; k += kRows) {
    int in_row = blockIdx.y * kTile + k;
    if (in_row < rows && in_col < cols) tile[k][threadIdx.x] = in[in_row * cols + in_col];
  }
  __syncthreads();
  const int out_col = blockIdx.y * kTile + threadIdx.x;  // a row index of `in`
  for (int k = threadIdx.y; k < kTile; k += kRows) {
    int out_row = blockIdx.x * kTile + k;  // a column index of `in`
    if (out_row < cols && out_col < rows) out[out_row * rows + out_col] = alpha * tile[threadIdx.x][k];
  }
}

void transpose_scale_f32(int rows, int cols, float alpha, const float* in, float* out, hipStream_t stream) {
  dim3 block(kTile, kRows);
  dim3 grid((cols + kTile - 1) / kTile, (rows + kTile - 1) / kTile);
  hipLaunchKernelGGL(transpose_scale_kernel, grid, block, 0, stream, rows, cols, alpha, in, out);
}

#include <hip/hip_runtime.h>

constexpr int kTile = 32;
constexpr int kRows = 8;  // a kTile x kRows block copies a kTile x kTile tile, kTile / kRows rows per thread

// Reads a tile with consecutive threads on consecutive columns of `in`, and writes it with
// consecutive threads on consecutive columns of `out`: both global accesses are coalesced and the
// transposition happens in shared memory (one padding column avoids bank conflicts).
__global__ void transpose_kernel(int rows, int cols, const float* __restrict__ in, float* __restrict__ out) {
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
    if (out_row < cols && out_col < rows) out[out_row * rows + out_col] = tile[threadIdx.x][k];
  }
}

void transpose_f32(int rows, int cols, const float* in, float* out, hipStream_t stream) {
  dim3 block(kTile, kRows);
  dim3 grid((cols + kTile - 1) / kTile, (rows + kTile - 1) / kTile);
  hipLaunchKernelGGL(transpose_kernel, grid, block, 0, stream, rows, cols, in, out);
}

#include <hip/hip_runtime.h>

constexpr int kTile = 32;
constexpr int kRows = 8;          // a kTile x kRows block moves a kTile x kTile tile
constexpr int kMaxGridZ = 65535;  // grid z limit; larger batches are strided over

// Tile (blockIdx.y, blockIdx.x) of matrix b, for b = blockIdx.z, blockIdx.z + gridDim.z, ...
// Coalesced reads and writes; the transposition happens in shared memory (padded against bank conflicts).
__global__ void batched_transpose_kernel(int batch, int rows, int cols, const float* __restrict__ in,
                                         float* __restrict__ out) {
  __shared__ float tile[kTile][kTile + 1];
  const size_t matrix = static_cast<size_t>(rows) * cols;
  const int in_col = blockIdx.x * kTile + threadIdx.x;
  const int out_col = blockIdx.y * kTile + threadIdx.x;  // a row index of the input matrix
  for (int b = blockIdx.z; b < batch; b += gridDim.z) {
    const float* src = in + b * matrix;
    float* dst = out + b * matrix;
    for (int k = threadIdx.y; k < kTile; k += kRows) {
      int in_row = blockIdx.y * kTile + k;
      if (in_row < rows && in_col < cols) tile[k][threadIdx.x] = src[in_row * cols + in_col];
    }
    __syncthreads();  // the tile is complete
    for (int k = threadIdx.y; k < kTile; k += kRows) {
      int out_row = blockIdx.x * kTile + k;  // a column index of the input matrix
      if (out_row < cols && out_col < rows) dst[out_row * rows + out_col] = tile[threadIdx.x][k];
    }
    __syncthreads();  // the next matrix reuses the tile
  }
}

void batched_transpose_f32(int batch, int rows, int cols, const float* in, float* out, hipStream_t stream) {
  dim3 block(kTile, kRows);
  dim3 grid((cols + kTile - 1) / kTile, (rows + kTile - 1) / kTile, batch < kMaxGridZ ? batch : kMaxGridZ);
  hipLaunchKernelGGL(batched_transpose_kernel, grid, block, 0, stream, batch, rows, cols, in, out);
}

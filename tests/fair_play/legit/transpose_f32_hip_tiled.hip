// task: hip/transpose/transpose_f32
// Style: the classic 32x33 shared-memory tile with 32x8 threads.
#include <hip/hip_runtime.h>

constexpr int TILE = 32;
constexpr int ROWS_PER_PASS = 8;

__global__ void transpose_tiled(int rows, int cols, const float* in, float* out) {
  __shared__ float tile[TILE][TILE + 1];
  int c = blockIdx.x * TILE + threadIdx.x;
  int r = blockIdx.y * TILE + threadIdx.y;
  for (int j = 0; j < TILE; j += ROWS_PER_PASS) {
    if (c < cols && r + j < rows) tile[threadIdx.y + j][threadIdx.x] = in[(r + j) * cols + c];
  }
  __syncthreads();
  c = blockIdx.y * TILE + threadIdx.x;  // output column = input row
  r = blockIdx.x * TILE + threadIdx.y;  // output row = input column
  for (int j = 0; j < TILE; j += ROWS_PER_PASS) {
    if (c < rows && r + j < cols) out[(r + j) * rows + c] = tile[threadIdx.x][threadIdx.y + j];
  }
}

void transpose_f32(int rows, int cols, const float* in, float* out, hipStream_t stream) {
  dim3 block(TILE, ROWS_PER_PASS);
  dim3 grid((cols + TILE - 1) / TILE, (rows + TILE - 1) / TILE);
  hipLaunchKernelGGL(transpose_tiled, grid, block, 0, stream, rows, cols, in, out);
}

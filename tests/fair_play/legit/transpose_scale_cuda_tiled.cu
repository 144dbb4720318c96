// task: cuda/transpose/transpose_scale_f32
// Style: a 16x16 shared tile, scale applied on the way out.
#include <cuda_runtime.h>

#define TILE_DIM 16

__global__ void transposeScale(int rows, int cols, float alpha, const float* in, float* out) {
  __shared__ float tile[TILE_DIM][TILE_DIM + 1];
  int x = blockIdx.x * TILE_DIM + threadIdx.x;
  int y = blockIdx.y * TILE_DIM + threadIdx.y;
  if (x < cols && y < rows) tile[threadIdx.y][threadIdx.x] = in[y * cols + x];
  __syncthreads();
  x = blockIdx.y * TILE_DIM + threadIdx.x;
  y = blockIdx.x * TILE_DIM + threadIdx.y;
  if (x < rows && y < cols) out[y * rows + x] = alpha * tile[threadIdx.x][threadIdx.y];
}

void transpose_scale_f32(int rows, int cols, float alpha, const float* in, float* out, cudaStream_t stream) {
  dim3 block(TILE_DIM, TILE_DIM);
  dim3 grid((cols + TILE_DIM - 1) / TILE_DIM, (rows + TILE_DIM - 1) / TILE_DIM);
  transposeScale<<<grid, block, 0, stream>>>(rows, cols, alpha, in, out);
}

#include <cuda_runtime.h>

#define TILE 16

#define DECLARE_KERNEL(name) __global__ void name(const float* in, float* out, int width, int height)

DECLARE_KERNEL(transpose_naive) {
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (col < width && row < height) out[col * height + row] = in[row * width + col];
}

__global__ void
__launch_bounds__(TILE * TILE)
transpose_tiled(const float* in, float* out, int width, int height) {
  __shared__ float tile[TILE][TILE + 1];
  int x = blockIdx.x * TILE + threadIdx.x;
  int y = blockIdx.y * TILE + threadIdx.y;
  if (x < width && y < height) tile[threadIdx.y][threadIdx.x] = in[y * width + x];
  __syncthreads();
  x = blockIdx.y * TILE + threadIdx.x;
  y = blockIdx.x * TILE + threadIdx.y;
  if (x < height && y < width) out[y * height + x] = tile[threadIdx.x][threadIdx.y];
}

struct Params {
  float* data;
  int n;
};

__global__ void params_kernel(Params p) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < p.n) {
    p.data[i] += 1.0f;
  }
}

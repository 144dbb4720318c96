// task: cuda/stencil/jacobi5_2d
// Style: a checkCuda helper function that aborts, and a 2D launch.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

static void checkCuda(cudaError_t result, const char* what) {
  if (result != cudaSuccess) {
    fprintf(stderr, "%s failed: %s\n", what, cudaGetErrorString(result));
    abort();
  }
}

__global__ void jacobi5(int rows, int cols, const float* __restrict__ in, float* __restrict__ out) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r >= rows || c >= cols) return;
  int idx = r * cols + c;
  if (r == 0 || c == 0 || r == rows - 1 || c == cols - 1) {
    out[idx] = in[idx];
  } else {
    out[idx] = 0.25f * (in[idx - cols] + in[idx + cols] + in[idx - 1] + in[idx + 1]);
  }
}

void jacobi5_step(int rows, int cols, const float* in, float* out, cudaStream_t stream) {
  dim3 threads(32, 8);
  dim3 blocks((cols + threads.x - 1) / threads.x, (rows + threads.y - 1) / threads.y);
  jacobi5<<<blocks, threads, 0, stream>>>(rows, cols, in, out);
  checkCuda(cudaGetLastError(), "jacobi5 launch");
}

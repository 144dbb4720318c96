// task: hip/stencil/box_blur3x3_clamp
// Style: a 2D grid of 16x16 blocks and printf on a launch error.
#include <hip/hip_runtime.h>
#include <cstdio>

__device__ __forceinline__ int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

__global__ void box_blur_kernel(int rows, int cols, const float* in, float* out) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  const int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r >= rows || c >= cols) return;
  float sum = 0.0f;
  for (int dr = -1; dr <= 1; ++dr) {
    const int rr = clampi(r + dr, 0, rows - 1);
    for (int dc = -1; dc <= 1; ++dc) sum += in[rr * cols + clampi(c + dc, 0, cols - 1)];
  }
  out[r * cols + c] = sum / 9.0f;
}

void box_blur3x3(int rows, int cols, const float* in, float* out, hipStream_t stream) {
  dim3 block(16, 16);
  dim3 grid((cols + block.x - 1) / block.x, (rows + block.y - 1) / block.y);
  hipLaunchKernelGGL(box_blur_kernel, grid, block, 0, stream, rows, cols, in, out);
  hipError_t err = hipGetLastError();
  if (err != hipSuccess) printf("box_blur3x3 launch failed: %s\n", hipGetErrorString(err));
}

// task: hip/convolution/conv2d_same
// Style: zero padding by bounds checks in a 2D launch.
#include <hip/hip_runtime.h>

__global__ void conv2d_same_kernel(int height, int width, int k, const float* image, const float* filter,
                                   float* out) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x;
  const int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= height || col >= width) return;
  const int h = k / 2;
  float sum = 0.0f;
  for (int i = 0; i < k; ++i) {
    const int r = row + i - h;
    if (r < 0 || r >= height) continue;
    for (int j = 0; j < k; ++j) {
      const int c = col + j - h;
      if (c < 0 || c >= width) continue;
      sum += image[r * width + c] * filter[i * k + j];
    }
  }
  out[row * width + col] = sum;
}

void conv2d_same(int height, int width, int k, const float* image, const float* filter, float* out,
                 hipStream_t stream) {
  const dim3 block(16, 16);
  const dim3 grid((width + 15) / 16, (height + 15) / 16);
  hipLaunchKernelGGL(conv2d_same_kernel, grid, block, 0, stream, height, width, k, image, filter, out);
}

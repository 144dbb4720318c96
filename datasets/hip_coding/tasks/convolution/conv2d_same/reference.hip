#include <hip/hip_runtime.h>

constexpr int kTile = 16;

// One thread per output pixel; taps that fall outside the image read as zero.
__global__ void conv2d_same_kernel(int height, int width, int k, const float* __restrict__ image,
                                   const float* __restrict__ filter, float* __restrict__ out) {
  int c = blockIdx.x * kTile + threadIdx.x;
  int r = blockIdx.y * kTile + threadIdx.y;
  if (r < height && c < width) {
    int half = k / 2;
    float acc = 0.0f;
    for (int i = 0; i < k; ++i) {
      int ir = r + i - half;
      if (ir < 0 || ir >= height) continue;
      for (int j = 0; j < k; ++j) {
        int ic = c + j - half;
        if (ic < 0 || ic >= width) continue;
        acc += image[(size_t)ir * width + ic] * filter[i * k + j];
      }
    }
    out[(size_t)r * width + c] = acc;
  }
}

void conv2d_same(int height, int width, int k, const float* image, const float* filter, float* out,
                 hipStream_t stream) {
  dim3 grid((width + kTile - 1) / kTile, (height + kTile - 1) / kTile);
  hipLaunchKernelGGL(conv2d_same_kernel, grid, dim3(kTile, kTile), 0, stream, height, width, k, image, filter, out);
}

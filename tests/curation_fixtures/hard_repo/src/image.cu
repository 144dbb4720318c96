#include "../include/filters.cuh"

// A pitched image: rows are `pitch` floats apart, only `width` of them belong to the image.
__global__ void brighten(float* img, int width, int height, int pitch, float gain) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < width && y < height) img[y * pitch + x] = clamp01(img[y * pitch + x] * gain);
}

__global__ void blur3x3(const float* src, float* dst, int width, int height) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) return;
  float s = 0.0f;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) s += src[(y + dy) * width + (x + dx)];
  dst[y * width + x] = s / 9.0f;
}

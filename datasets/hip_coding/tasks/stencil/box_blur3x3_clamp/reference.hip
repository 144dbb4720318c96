#include <hip/hip_runtime.h>

constexpr int kBlockX = 32;
constexpr int kBlockY = 8;

// One thread per pixel; neighbour coordinates are clamped into the image, so edge pixels reuse
// their own row/column in place of the missing ones.
__global__ void box_blur_kernel(int rows, int cols, const float* __restrict__ in, float* __restrict__ out) {
  const int c = blockIdx.x * kBlockX + threadIdx.x;
  const int r = blockIdx.y * kBlockY + threadIdx.y;
  if (r < rows && c < cols) {
    float sum = 0.0f;
    for (int dr = -1; dr <= 1; ++dr) {
      const int rr = min(max(r + dr, 0), rows - 1);
      for (int dc = -1; dc <= 1; ++dc) {
        const int cc = min(max(c + dc, 0), cols - 1);
        sum += in[rr * cols + cc];
      }
    }
    out[r * cols + c] = sum / 9.0f;
  }
}

void box_blur3x3(int rows, int cols, const float* in, float* out, hipStream_t stream) {
  dim3 block(kBlockX, kBlockY);
  dim3 grid((cols + kBlockX - 1) / kBlockX, (rows + kBlockY - 1) / kBlockY);
  hipLaunchKernelGGL(box_blur_kernel, grid, block, 0, stream, rows, cols, in, out);
}

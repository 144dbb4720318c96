#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTileX = 32, kTileY = 8;  // output pixels per block (columns, rows)
constexpr int kHaloX = kTileX + 2, kHaloY = kTileY + 2;

// Block (x, y) owns a 32 x 8 tile of output pixels. It stages the tile plus a one-pixel halo in shared
// memory, every source coordinate clamped to the image (so the border replicates the edge pixel), then
// each thread forms both Sobel responses, the magnitude and the thresholded edge flag in registers and
// writes the two outputs once: the gradients never reach global memory.
__global__ void sobel_threshold_kernel(int height, int width, float threshold, const float* __restrict__ image,
                                       float* __restrict__ magnitude, unsigned char* __restrict__ edges) {
  __shared__ float tile[kHaloY][kHaloX + 1];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row0 = blockIdx.y * kTileY - 1, col0 = blockIdx.x * kTileX - 1;  // halo origin
  for (int i = ty * kTileX + tx; i < kHaloY * kHaloX; i += kTileX * kTileY) {
    const int r = min(max(row0 + i / kHaloX, 0), height - 1);
    const int c = min(max(col0 + i % kHaloX, 0), width - 1);
    tile[i / kHaloX][i % kHaloX] = image[(size_t)r * width + c];
  }
  __syncthreads();  // halo tile loaded
  const int r = blockIdx.y * kTileY + ty, c = blockIdx.x * kTileX + tx;
  if (r < height && c < width) {
    // tile[ty + i][tx + j] holds pixel (r + i - 1, c + j - 1), clamped.
    const float gx = (tile[ty][tx + 2] + 2.0f * tile[ty + 1][tx + 2] + tile[ty + 2][tx + 2]) -
                     (tile[ty][tx] + 2.0f * tile[ty + 1][tx] + tile[ty + 2][tx]);
    const float gy = (tile[ty + 2][tx] + 2.0f * tile[ty + 2][tx + 1] + tile[ty + 2][tx + 2]) -
                     (tile[ty][tx] + 2.0f * tile[ty][tx + 1] + tile[ty][tx + 2]);
    const float m = sqrtf(gx * gx + gy * gy);
    const size_t i = (size_t)r * width + c;
    magnitude[i] = m;
    edges[i] = m > threshold ? 1 : 0;
  }
}

void sobel_magnitude_threshold(int height, int width, float threshold, const float* image, float* magnitude,
                               unsigned char* edges, hipStream_t stream) {
  dim3 block(kTileX, kTileY);
  dim3 grid((width + kTileX - 1) / kTileX, (height + kTileY - 1) / kTileY);
  hipLaunchKernelGGL(sobel_threshold_kernel, grid, block, 0, stream, height, width, threshold, image, magnitude,
                     edges);
}

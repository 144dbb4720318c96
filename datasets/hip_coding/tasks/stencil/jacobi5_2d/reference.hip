#include <hip/hip_runtime.h>

constexpr int kTileX = 16;
constexpr int kTileY = 16;

// Each block stages a (kTileY + 2) x (kTileX + 2) window of the grid (its tile plus a one-cell halo)
// in shared memory, then updates its tile: interior cells average their four neighbours, cells on
// the outer boundary of the grid keep their value.
__global__ void jacobi5_kernel(int rows, int cols, const float* __restrict__ in, float* __restrict__ out) {
  __shared__ float window[kTileY + 2][kTileX + 2];
  const int top = blockIdx.y * kTileY - 1, left = blockIdx.x * kTileX - 1;
  const int tid = threadIdx.y * kTileX + threadIdx.x;
  for (int j = tid; j < (kTileY + 2) * (kTileX + 2); j += kTileX * kTileY) {
    int wy = j / (kTileX + 2), wx = j % (kTileX + 2);
    int r = top + wy, c = left + wx;
    window[wy][wx] = (r >= 0 && r < rows && c >= 0 && c < cols) ? in[r * cols + c] : 0.0f;
  }
  __syncthreads();
  const int r = blockIdx.y * kTileY + threadIdx.y;
  const int c = blockIdx.x * kTileX + threadIdx.x;
  if (r < rows && c < cols) {
    const int y = threadIdx.y + 1, x = threadIdx.x + 1;
    const bool boundary = r == 0 || c == 0 || r == rows - 1 || c == cols - 1;
    out[r * cols + c] = boundary ? window[y][x]
                                 : 0.25f * (window[y - 1][x] + window[y + 1][x] + window[y][x - 1] + window[y][x + 1]);
  }
}

void jacobi5_step(int rows, int cols, const float* in, float* out, hipStream_t stream) {
  dim3 block(kTileX, kTileY);
  dim3 grid((cols + kTileX - 1) / kTileX, (rows + kTileY - 1) / kTileY);
  hipLaunchKernelGGL(jacobi5_kernel, grid, block, 0, stream, rows, cols, in, out);
}

#include <hip/hip_runtime.h>

constexpr int kBlockX = 32;
constexpr int kBlockY = 8;

// One thread per element: reads of `in` are coalesced along a row, writes to `out` are strided.
__global__ void transpose_i32_kernel(int rows, int cols, const int* __restrict__ in, int* __restrict__ out) {
  const int c = blockIdx.x * kBlockX + threadIdx.x;
  const int r = blockIdx.y * kBlockY + threadIdx.y;
  if (r < rows && c < cols) out[c * rows + r] = in[r * cols + c];
}

void transpose_i32(int rows, int cols, const int* in, int* out, hipStream_t stream) {
  dim3 block(kBlockX, kBlockY);
  dim3 grid((cols + kBlockX - 1) / kBlockX, (rows + kBlockY - 1) / kBlockY);
  hipLaunchKernelGGL(transpose_i32_kernel, grid, block, 0, stream, rows, cols, in, out);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTile = 32;
constexpr int kRows = 8;  // a kTile x kRows block moves a kTile x kTile tile

// bfloat16 is the upper half of a float: widening is a shift, narrowing rounds to nearest even.
__device__ float bf16_to_float(unsigned short b) { return __uint_as_float((unsigned)b << 16); }
__device__ unsigned short float_to_bf16(float f) {
  const unsigned u = __float_as_uint(f);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

// Coalesced tiled transpose through shared memory (padded against bank conflicts). The bias of input
// column j is added in float as the tile is loaded, and the rounded bf16 pattern is what moves.
__global__ void transpose_add_bias_kernel(int rows, int cols, const unsigned short* __restrict__ in,
                                          const unsigned short* __restrict__ bias, unsigned short* __restrict__ out) {
  __shared__ unsigned short tile[kTile][kTile + 1];
  const int in_col = blockIdx.x * kTile + threadIdx.x;
  if (in_col < cols) {
    const float b = bf16_to_float(bias[in_col]);
    for (int k = threadIdx.y; k < kTile; k += kRows) {
      const int in_row = blockIdx.y * kTile + k;
      if (in_row < rows) tile[k][threadIdx.x] = float_to_bf16(bf16_to_float(in[(size_t)in_row * cols + in_col]) + b);
    }
  }
  __syncthreads();
  const int out_col = blockIdx.y * kTile + threadIdx.x;  // a row index of `in`
  for (int k = threadIdx.y; k < kTile; k += kRows) {
    const int out_row = blockIdx.x * kTile + k;  // a column index of `in`
    if (out_row < cols && out_col < rows) out[(size_t)out_row * rows + out_col] = tile[threadIdx.x][k];
  }
}

void transpose_add_bias_bf16(int rows, int cols, const unsigned short* in, const unsigned short* bias,
                             unsigned short* out, hipStream_t stream) {
  dim3 block(kTile, kRows);
  dim3 grid((cols + kTile - 1) / kTile, (rows + kTile - 1) / kTile);
  hipLaunchKernelGGL(transpose_add_bias_kernel, grid, block, 0, stream, rows, cols, in, bias, out);
}

#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTile = 16;

// One 16x16 block computes a 16x16 tile of C = ReLU(A * B + bias). Half inputs are widened to float
// as they are staged in shared memory, the products accumulate in float registers, and the epilogue
// rounds to half once. Out-of-range elements load as zero so every thread runs the same loop.
__global__ void gemm_bias_relu_kernel(int m, int n, int k, const __half* __restrict__ a, const __half* __restrict__ b,
                                      const __half* __restrict__ bias, __half* __restrict__ c) {
  __shared__ float a_tile[kTile][kTile + 1];
  __shared__ float b_tile[kTile][kTile + 1];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * kTile + ty, col = blockIdx.x * kTile + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < k; k0 += kTile) {
    a_tile[ty][tx] = (row < m && k0 + tx < k) ? __half2float(a[(size_t)row * k + k0 + tx]) : 0.0f;
    b_tile[ty][tx] = (k0 + ty < k && col < n) ? __half2float(b[(size_t)(k0 + ty) * n + col]) : 0.0f;
    __syncthreads();  // tiles loaded
    for (int kk = 0; kk < kTile; ++kk) acc += a_tile[ty][kk] * b_tile[kk][tx];
    __syncthreads();  // tiles consumed before the next load overwrites them
  }
  if (row < m && col < n) c[(size_t)row * n + col] = __float2half(fmaxf(acc + __half2float(bias[col]), 0.0f));
}

void gemm_bias_relu_f16(int m, int n, int k, const __half* a, const __half* b, const __half* bias, __half* c,
                        hipStream_t stream) {
  dim3 block(kTile, kTile);
  dim3 grid((n + kTile - 1) / kTile, (m + kTile - 1) / kTile);
  hipLaunchKernelGGL(gemm_bias_relu_kernel, grid, block, 0, stream, m, n, k, a, b, bias, c);
}

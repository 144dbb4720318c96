#include <hip/hip_runtime.h>

// y = relu(A x + b) in one pass: one warp per row, its lanes stride over the row's entries and a
// shuffle reduction sums their partial products; lane 0 adds the bias and applies the ReLU.
constexpr int kBlock = 256;

__global__ void spmv_bias_relu_kernel(int rows, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                      const float* __restrict__ vals, const float* __restrict__ x,
                                      const float* __restrict__ bias, float* __restrict__ y) {
  const int lane = threadIdx.x % warpSize;
  const int r = (blockIdx.x * blockDim.x + threadIdx.x) / warpSize;
  if (r >= rows) return;  // whole warps leave together: r is the same for every lane of a warp
  float acc = 0.0f;
  for (int e = row_ptr[r] + lane; e < row_ptr[r + 1]; e += warpSize) acc += vals[e] * x[col_idx[e]];
  for (int offset = warpSize / 2; offset > 0; offset /= 2) acc += __shfl_down(acc, offset);
  if (lane == 0) {
    const float v = acc + bias[r];
    y[r] = v > 0.0f ? v : 0.0f;
  }
}

void csr_spmv_bias_relu(int rows, int cols, const int* row_ptr, const int* col_idx, const float* vals, const float* x,
                        const float* bias, float* y, hipStream_t stream) {
  (void)cols;
  const int warps_per_block = kBlock / warpSize;
  const int blocks = (rows + warps_per_block - 1) / warps_per_block;
  hipLaunchKernelGGL(spmv_bias_relu_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, row_ptr, col_idx, vals, x,
                     bias, y);
}

// task: hip/norm/rms_norm
// Style: a scratch buffer from synchronous hipMalloc/hipFree, two kernels (row statistics, then scaling).
#include <hip/hip_runtime.h>
#include <cmath>

__global__ void row_inv_rms(int rows, int cols, float eps, const float* x, float* inv_rms) {
  __shared__ float partial[256];
  const float* row = x + static_cast<size_t>(blockIdx.x) * cols;
  float acc = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) acc += row[c] * row[c];
  partial[threadIdx.x] = acc;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) inv_rms[blockIdx.x] = 1.0f / sqrtf(partial[0] / cols + eps);
}

__global__ void apply_rms(int rows, int cols, const float* x, const float* weight, const float* inv_rms, float* y) {
  const size_t total = static_cast<size_t>(rows) * cols;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < total;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const int r = static_cast<int>(i / cols), c = static_cast<int>(i % cols);
    y[i] = x[i] * inv_rms[r] * weight[c];
  }
}

void rms_norm(int rows, int cols, float eps, const float* x, const float* weight, float* y, hipStream_t stream) {
  float* inv_rms = nullptr;
  if (hipMalloc(&inv_rms, rows * sizeof(float)) != hipSuccess) return;
  hipLaunchKernelGGL(row_inv_rms, dim3(rows), dim3(256), 0, stream, rows, cols, eps, x, inv_rms);
  hipLaunchKernelGGL(apply_rms, dim3(512), dim3(256), 0, stream, rows, cols, x, weight, inv_rms, y);
  hipFree(inv_rms);
}

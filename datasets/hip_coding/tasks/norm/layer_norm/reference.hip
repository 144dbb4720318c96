#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reduction halves it

// Shared-memory tree sum; every thread gets the result, and the trailing barrier lets the caller
// reuse `scratch` for the next reduction.
__device__ float block_sum(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // partials stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] += scratch[threadIdx.x + half];
    __syncthreads();  // tree level done
  }
  const float result = scratch[0];
  __syncthreads();  // everyone has read scratch[0]
  return result;
}

// One block per row, two passes over the row: the mean first, then the variance about that mean
// (stable where E[x^2] - E[x]^2 would cancel catastrophically).
__global__ void layer_norm_kernel(int cols, float eps, const float* __restrict__ x, const float* __restrict__ gamma,
                                  const float* __restrict__ beta, float* __restrict__ y) {
  __shared__ float scratch[kBlock];
  const float* x_row = x + (size_t)blockIdx.x * cols;
  float* y_row = y + (size_t)blockIdx.x * cols;
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) sum += x_row[c];
  const float mean = block_sum(sum, scratch) / cols;
  float sq = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const float d = x_row[c] - mean;
    sq += d * d;
  }
  const float var = block_sum(sq, scratch) / cols;
  const float inv_std = 1.0f / sqrtf(var + eps);
  for (int j = threadIdx.x; j < cols; j += kBlock) y_row[j] = (x_row[j] - mean) * inv_std * gamma[j] + beta[j];
}

void layer_norm(int rows, int cols, float eps, const float* x, const float* gamma, const float* beta, float* y,
                hipStream_t stream) {
  hipLaunchKernelGGL(layer_norm_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, eps, x, gamma, beta, y);
}

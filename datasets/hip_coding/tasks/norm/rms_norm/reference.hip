#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;

// A butterfly inside each warp leaves the warp's sum in every lane; lane 0 of each warp publishes it
// and every thread adds up the per-warp sums. Correct for any warpSize that divides kBlock.
__device__ float block_sum(float v, float* partial) {
  for (int mask = warpSize / 2; mask > 0; mask /= 2) v += __shfl_xor(v, mask);
  if (threadIdx.x % warpSize == 0) partial[threadIdx.x / warpSize] = v;
  __syncthreads();  // per-warp sums stored
  float total = 0.0f;
  for (int w = 0; w < kBlock / warpSize; ++w) total += partial[w];
  return total;
}

// One block per row: y = x / sqrt(mean(x^2) + eps) * weight.
__global__ void rms_norm_kernel(int cols, float eps, const float* __restrict__ x, const float* __restrict__ weight,
                                float* __restrict__ y) {
  __shared__ float partial[kBlock / 32];  // room for the 32-lane case, the most warps per block
  const float* x_row = x + (size_t)blockIdx.x * cols;
  float* y_row = y + (size_t)blockIdx.x * cols;
  float sq = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) sq += x_row[c] * x_row[c];
  const float mean_sq = block_sum(sq, partial) / cols;
  const float inv_rms = 1.0f / sqrtf(mean_sq + eps);
  for (int j = threadIdx.x; j < cols; j += kBlock) y_row[j] = x_row[j] * inv_rms * weight[j];
}

void rms_norm(int rows, int cols, float eps, const float* x, const float* weight, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(rms_norm_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, eps, x, weight, y);
}

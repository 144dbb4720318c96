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

// One block per (sample, group). In (batch, channels, hw) layout the group's channels are adjacent,
// so its channels_per_group * hw elements are one contiguous run starting at blockIdx.x * count.
// Two passes: the mean, then the variance about it.
__global__ void group_norm_kernel(int channels, int hw, int groups, float eps, const float* __restrict__ x,
                                  const float* __restrict__ gamma, const float* __restrict__ beta,
                                  float* __restrict__ y) {
  __shared__ float scratch[kBlock];
  const int per_group = channels / groups;
  const int count = per_group * hw;
  const size_t base = (size_t)blockIdx.x * count;
  const int first_channel = (blockIdx.x % groups) * per_group;
  const float* xg = x + base;
  float* yg = y + base;
  float sum = 0.0f;
  for (int i = threadIdx.x; i < count; i += kBlock) sum += xg[i];
  const float mean = block_sum(sum, scratch) / count;
  float sq = 0.0f;
  for (int i = threadIdx.x; i < count; i += kBlock) {
    const float d = xg[i] - mean;
    sq += d * d;
  }
  const float inv_std = 1.0f / sqrtf(block_sum(sq, scratch) / count + eps);
  for (int j = threadIdx.x; j < count; j += kBlock) {
    const int ch = first_channel + j / hw;
    yg[j] = (xg[j] - mean) * inv_std * gamma[ch] + beta[ch];
  }
}

void group_norm(int batch, int channels, int hw, int groups, float eps, const float* x, const float* gamma,
                const float* beta, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(group_norm_kernel, dim3(batch * groups), dim3(kBlock), 0, stream, channels, hw, groups, eps, x,
                     gamma, beta, y);
}

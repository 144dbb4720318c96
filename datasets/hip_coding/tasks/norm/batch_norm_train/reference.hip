#include <hip/hip_runtime.h>

#include <cmath>

constexpr int kThreads = 256;

// Sums v over the block (blockDim.x == kThreads); every thread gets the total.
__device__ float block_sum(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) scratch[threadIdx.x] += scratch[threadIdx.x + stride];
    __syncthreads();
  }
  const float total = scratch[0];
  __syncthreads();  // every thread has read the total before scratch is reused
  return total;
}

// Block per channel ch: the batch mean and the biased variance over its n*h*w elements (two passes: the
// variance sums squared deviations from the mean), the saved statistics and the running statistics.
__global__ void batch_stats_kernel(int n, int c, int hw, float eps, float momentum, const float* __restrict__ x,
                                   float* __restrict__ running_mean, float* __restrict__ running_var,
                                   float* __restrict__ save_mean, float* __restrict__ save_rstd) {
  __shared__ float scratch[kThreads];
  const int ch = blockIdx.x;
  const long long count = (long long)n * hw;
  float sum = 0.0f;
  for (long long i = threadIdx.x; i < count; i += kThreads) sum += x[((i / hw) * c + ch) * hw + i % hw];
  const float mean = block_sum(sum, scratch) / count;
  float sq = 0.0f;
  for (long long i = threadIdx.x; i < count; i += kThreads) {
    const float d = x[((i / hw) * c + ch) * hw + i % hw] - mean;
    sq += d * d;
  }
  const float var = block_sum(sq, scratch) / count;
  if (threadIdx.x == 0) {
    save_mean[ch] = mean;
    save_rstd[ch] = 1.0f / sqrtf(var + eps);
    const float unbiased = var * ((float)count / (float)(count - 1));
    running_mean[ch] = (1.0f - momentum) * running_mean[ch] + momentum * mean;
    running_var[ch] = (1.0f - momentum) * running_var[ch] + momentum * unbiased;
  }
}

// Thread per element: y = (x - mean) * rstd * gamma + beta with its channel's statistics.
__global__ void batch_normalize_kernel(long long total, int c, int hw, const float* __restrict__ x,
                                       const float* __restrict__ gamma, const float* __restrict__ beta,
                                       const float* __restrict__ save_mean, const float* __restrict__ save_rstd,
                                       float* __restrict__ y) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= total) return;
  const int ch = (i / hw) % c;
  y[i] = (x[i] - save_mean[ch]) * save_rstd[ch] * gamma[ch] + beta[ch];
}

void batch_norm_train(int n, int c, int h, int w, float eps, float momentum, const float* x, const float* gamma,
                      const float* beta, float* y, float* running_mean, float* running_var, float* save_mean,
                      float* save_rstd, hipStream_t stream) {
  const int hw = h * w;
  hipLaunchKernelGGL(batch_stats_kernel, dim3(c), dim3(kThreads), 0, stream, n, c, hw, eps, momentum, x, running_mean,
                     running_var, save_mean, save_rstd);
  const long long total = (long long)n * c * hw;
  hipLaunchKernelGGL(batch_normalize_kernel, dim3((total + kThreads - 1) / kThreads), dim3(kThreads), 0, stream,
                     total, c, hw, x, gamma, beta, save_mean, save_rstd, y);
}

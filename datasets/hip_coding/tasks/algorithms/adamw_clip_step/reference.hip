#include <hip/hip_runtime.h>

#include <cmath>
#include <cstddef>

constexpr int kBlock = 256;      // a power of two: the tree reduction halves it
constexpr int kMaxParts = 1024;  // blocks of the norm pass, hence partial sums the update pass folds

// Shared-memory tree sum; every thread gets the result.
__device__ float block_sum(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // partials stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] += scratch[threadIdx.x + half];
    __syncthreads();  // tree level done
  }
  return scratch[0];
}

// Pass 1: every block sums the squares of a grid-stride share of the gradient.
__global__ void grad_sq_kernel(int n, const float* __restrict__ grad, float* __restrict__ parts) {
  __shared__ float scratch[kBlock];
  float s = 0.0f;
  for (size_t i = (size_t)blockIdx.x * kBlock + threadIdx.x; i < (size_t)n; i += (size_t)gridDim.x * kBlock)
    s += grad[i] * grad[i];
  s = block_sum(s, scratch);
  if (threadIdx.x == 0) parts[blockIdx.x] = s;
}

// Pass 2: every block folds the (at most kMaxParts) partial sums into the global norm itself, which
// saves a launch, then applies the clipped AdamW update to a grid-stride share of the parameters.
__global__ void adamw_kernel(int n, int parts_count, float lr, float beta1, float beta2, float eps,
                             float weight_decay, float max_norm, float bias1, float bias2,
                             const float* __restrict__ parts, float* __restrict__ param,
                             const float* __restrict__ grad, float* __restrict__ m, float* __restrict__ v) {
  __shared__ float scratch[kBlock];
  float s = 0.0f;
  for (int i = threadIdx.x; i < parts_count; i += kBlock) s += parts[i];
  const float norm = sqrtf(block_sum(s, scratch));
  const float clip = fminf(1.0f, max_norm / (norm + 1.0e-6f));
  for (size_t i = (size_t)blockIdx.x * kBlock + threadIdx.x; i < (size_t)n; i += (size_t)gridDim.x * kBlock) {
    const float g = grad[i] * clip;
    const float mi = beta1 * m[i] + (1.0f - beta1) * g;
    const float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const float m_hat = mi / bias1, v_hat = vi / bias2;
    param[i] -= lr * (m_hat / (sqrtf(v_hat) + eps) + weight_decay * param[i]);
  }
}

void adamw_clip_step(int n, int step, float lr, float beta1, float beta2, float eps, float weight_decay,
                     float max_norm, float* param, const float* grad, float* m, float* v, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxParts) blocks = kMaxParts;
  float* parts = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&parts), kMaxParts * sizeof(float), stream);
  hipLaunchKernelGGL(grad_sq_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, grad, parts);
  // 1 - beta^step in double: in float, 1 - 0.999^5 keeps only about 16 of its 24 bits (cancellation).
  const float bias1 = (float)(1.0 - std::pow((double)beta1, (double)step));
  const float bias2 = (float)(1.0 - std::pow((double)beta2, (double)step));
  hipLaunchKernelGGL(adamw_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, blocks, lr, beta1, beta2, eps,
                     weight_decay, max_norm, bias1, bias2, parts, param, grad, m, v);
  hipFreeAsync(parts, stream);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kMaxBlocks = 1024;  // enough to fill a GPU; the finishing block sums this many partials

// The smooth L1 (Huber) term. d / beta is 1 exactly at d = beta, so both branches give beta / 2 there.
__device__ float smooth_l1(float p, float t, float beta) {
  const float d = fabsf(p - t);
  return d < beta ? 0.5f * d * (d / beta) : d - 0.5f * beta;
}

// Shared-memory tree over the block; thread 0 gets the block's sum.
__device__ float block_sum(float v, float* cache) {
  const int tid = threadIdx.x;
  cache[tid] = v;
  __syncthreads();
  for (int stride = kBlock / 2; stride > 0; stride >>= 1) {
    if (tid < stride) cache[tid] += cache[tid + stride];
    __syncthreads();
  }
  return cache[0];
}

// Pass 1: every thread sums its grid-stride share of the terms, every block writes one partial sum.
__global__ void smooth_l1_partial_kernel(int n, float beta, const float* __restrict__ pred,
                                         const float* __restrict__ target, float* __restrict__ partial) {
  __shared__ float cache[kBlock];
  float acc = 0.0f;
  for (size_t i = (size_t)blockIdx.x * kBlock + threadIdx.x; i < (size_t)n; i += (size_t)gridDim.x * kBlock)
    acc += smooth_l1(pred[i], target[i], beta);
  const float sum = block_sum(acc, cache);
  if (threadIdx.x == 0) partial[blockIdx.x] = sum;
}

// Pass 2: one block adds the partial sums and divides by n.
__global__ void smooth_l1_finish_kernel(int count, int n, const float* __restrict__ partial, float* __restrict__ out) {
  __shared__ float cache[kBlock];
  float acc = 0.0f;
  for (int i = threadIdx.x; i < count; i += kBlock) acc += partial[i];
  const float sum = block_sum(acc, cache);
  if (threadIdx.x == 0) out[0] = sum / (float)n;
}

void smooth_l1_loss_mean(int n, float beta, const float* pred, const float* target, float* out, hipStream_t stream) {
  const int needed = (n + kBlock - 1) / kBlock;
  const int blocks = needed < kMaxBlocks ? needed : kMaxBlocks;
  float* partial = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&partial), blocks * sizeof(float), stream);
  hipLaunchKernelGGL(smooth_l1_partial_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, beta, pred, target, partial);
  hipLaunchKernelGGL(smooth_l1_finish_kernel, dim3(1), dim3(kBlock), 0, stream, blocks, n, partial, out);
  hipFreeAsync(partial, stream);
}

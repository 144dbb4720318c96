#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kMaxBlocks = 256;

// Running statistics of a group of values: count, mean, and M2 = sum of squared deviations from the
// mean. Two groups merge exactly (Chan et al.), so blocks can combine in any tree; no E[x^2] - E[x]^2
// cancellation when the mean is large against the spread.
struct Moments {
  float count, mean, m2;
};

__device__ Moments merge(Moments a, Moments b) {
  float count = a.count + b.count;
  if (count == 0.0f) return a;
  float delta = b.mean - a.mean;
  float wb = b.count / count;
  Moments r;
  r.count = count;
  r.mean = a.mean + delta * wb;
  r.m2 = a.m2 + b.m2 + delta * delta * a.count * wb;
  return r;
}

__device__ Moments block_merge(Moments m) {
  __shared__ Moments s[kBlock];
  s[threadIdx.x] = m;
  __syncthreads();
  for (int stride = kBlock / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] = merge(s[threadIdx.x], s[threadIdx.x + stride]);
    __syncthreads();
  }
  return s[0];
}

// Stage 1: Welford over a grid-stride share per thread, then one Moments per block.
__global__ void moments_kernel(int n, const float* __restrict__ x, Moments* __restrict__ partial) {
  Moments m = {0.0f, 0.0f, 0.0f};
  for (int i = blockIdx.x * kBlock + threadIdx.x; i < n; i += gridDim.x * kBlock) {
    m.count += 1.0f;
    float delta = x[i] - m.mean;
    m.mean += delta / m.count;
    m.m2 += delta * (x[i] - m.mean);
  }
  Moments total = block_merge(m);
  if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

// Stage 2: one block merges the per-block Moments.
__global__ void finish_kernel(int blocks, const Moments* __restrict__ partial, float* __restrict__ mean,
                              float* __restrict__ var) {
  Moments m = {0.0f, 0.0f, 0.0f};
  for (int b = threadIdx.x; b < blocks; b += kBlock) m = merge(m, partial[b]);
  Moments total = block_merge(m);
  if (threadIdx.x == 0) {
    *mean = total.mean;
    *var = total.m2 / total.count;
  }
}

void mean_variance(int n, const float* x, float* mean, float* var, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  Moments* partial = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&partial), blocks * sizeof(Moments), stream);
  hipLaunchKernelGGL(moments_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, partial);
  hipLaunchKernelGGL(finish_kernel, dim3(1), dim3(kBlock), 0, stream, blocks, partial, mean, var);
  hipFreeAsync(partial, stream);
}

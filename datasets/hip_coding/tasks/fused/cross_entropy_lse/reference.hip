#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reductions halve it

// Shared-memory tree reductions; every thread gets the result, and the trailing barrier lets the
// caller reuse `scratch` straight away.
__device__ float block_max(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // maxima stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] = fmaxf(scratch[threadIdx.x], scratch[threadIdx.x + half]);
    __syncthreads();  // max level done
  }
  const float result = scratch[0];
  __syncthreads();  // everyone has read the maximum
  return result;
}

__device__ float block_sum(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // partial sums stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] += scratch[threadIdx.x + half];
    __syncthreads();  // sum level done
  }
  const float result = scratch[0];
  __syncthreads();  // everyone has read the sum
  return result;
}

// One block per row: the row maximum, then the sum of exp(x - max), so lse = max + log(sum) never
// overflows; the loss needs only the label's logit on top.
__global__ void row_loss_kernel(int classes, const float* __restrict__ logits, const int* __restrict__ labels,
                                float* __restrict__ lse, float* __restrict__ loss) {
  __shared__ float scratch[kBlock];
  const float* row = logits + (size_t)blockIdx.x * classes;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < classes; c += kBlock) m = fmaxf(m, row[c]);
  m = block_max(m, scratch);
  float s = 0.0f;
  for (int c = threadIdx.x; c < classes; c += kBlock) s += expf(row[c] - m);
  s = block_sum(s, scratch);
  if (threadIdx.x == 0) {
    const float row_lse = m + logf(s);
    const int label = labels[blockIdx.x];
    lse[blockIdx.x] = row_lse;
    loss[blockIdx.x] = label >= 0 ? row_lse - row[label] : 0.0f;
  }
}

// One block: the mean loss over the rows that are not ignored (0 when every row is ignored).
__global__ void mean_loss_kernel(int rows, const float* __restrict__ loss, const int* __restrict__ labels,
                                 float* __restrict__ mean) {
  __shared__ float scratch[kBlock];
  float s = 0.0f, count = 0.0f;
  for (int r = threadIdx.x; r < rows; r += kBlock) {
    if (labels[r] >= 0) {
      s += loss[r];
      count += 1.0f;
    }
  }
  s = block_sum(s, scratch);
  count = block_sum(count, scratch);
  if (threadIdx.x == 0) mean[0] = count > 0.0f ? s / count : 0.0f;
}

void cross_entropy(int rows, int classes, const float* logits, const int* labels, float* lse, float* loss,
                   float* mean_loss, hipStream_t stream) {
  hipLaunchKernelGGL(row_loss_kernel, dim3(rows), dim3(kBlock), 0, stream, classes, logits, labels, lse, loss);
  hipLaunchKernelGGL(mean_loss_kernel, dim3(1), dim3(kBlock), 0, stream, rows, loss, labels, mean_loss);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reductions halve it

// Shared-memory tree reductions over one block. Every thread receives the result, and the closing
// barrier lets the caller reuse `red` at once.
__device__ float block_max(float v, float* red) {
  red[threadIdx.x] = v;
  __syncthreads();  // every maximum stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) red[threadIdx.x] = fmaxf(red[threadIdx.x], red[threadIdx.x + half]);
    __syncthreads();  // one level of the max tree done
  }
  const float out = red[0];
  __syncthreads();  // every thread has the maximum
  return out;
}

__device__ float block_sum(float v, float* red) {
  red[threadIdx.x] = v;
  __syncthreads();  // every partial sum stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) red[threadIdx.x] += red[threadIdx.x + half];
    __syncthreads();  // one level of the sum tree done
  }
  const float out = red[0];
  __syncthreads();  // every thread has the sum
  return out;
}

// Kernel 1 (one block): the number of rows whose label is not ignore_index.
__global__ void count_rows_kernel(int rows, int ignore_index, const int* __restrict__ labels, int* __restrict__ count) {
  __shared__ int red[kBlock];
  int n = 0;
  for (int r = threadIdx.x; r < rows; r += kBlock) n += labels[r] != ignore_index ? 1 : 0;
  red[threadIdx.x] = n;
  __syncthreads();  // every partial count stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) red[threadIdx.x] += red[threadIdx.x + half];
    __syncthreads();  // one level of the count tree done
  }
  if (threadIdx.x == 0) count[0] = red[0];
}

// Kernel 2 (one block per row): the row maximum m and s = sum exp(x - m), so nothing overflows; the
// gradient (softmax - onehot) / count of the row and its loss term (m - x[label]) + log(s).
__global__ void row_kernel(int classes, int ignore_index, const float* __restrict__ logits,
                           const int* __restrict__ labels, const int* __restrict__ count,
                           float* __restrict__ dlogits, float* __restrict__ terms) {
  __shared__ float red[kBlock];
  const float* x = logits + (size_t)blockIdx.x * classes;
  float* g = dlogits + (size_t)blockIdx.x * classes;
  const int label = labels[blockIdx.x];
  const bool counted = label != ignore_index;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < classes; c += kBlock) m = fmaxf(m, x[c]);
  m = block_max(m, red);
  float s = 0.0f;
  for (int c = threadIdx.x; c < classes; c += kBlock) s += expf(x[c] - m);
  s = block_sum(s, red);
  const float inv_count = 1.0f / (float)count[0];  // only used when count >= 1 (this row counts)
  for (int c = threadIdx.x; c < classes; c += kBlock) {
    const float p = expf(x[c] - m) / s;
    g[c] = counted ? (c == label ? p - 1.0f : p) * inv_count : 0.0f;
  }
  if (threadIdx.x == 0) terms[blockIdx.x] = counted ? (m - x[label]) + logf(s) : 0.0f;
}

// Kernel 3 (one block): loss = sum of the terms / count, 0 when every row is ignored.
__global__ void mean_kernel(int rows, const float* __restrict__ terms, const int* __restrict__ count,
                            float* __restrict__ loss) {
  __shared__ float red[kBlock];
  float s = 0.0f;
  for (int r = threadIdx.x; r < rows; r += kBlock) s += terms[r];
  s = block_sum(s, red);
  const int n = count[0];
  if (threadIdx.x == 0) loss[0] = n > 0 ? s / (float)n : 0.0f;
}

void cross_entropy_loss_grad(int rows, int classes, int ignore_index, const float* logits, const int* labels,
                             float* loss, float* dlogits, hipStream_t stream) {
  int* count = nullptr;
  float* terms = nullptr;
  hipMallocAsync((void**)&count, sizeof(int), stream);
  hipMallocAsync((void**)&terms, (size_t)rows * sizeof(float), stream);
  hipLaunchKernelGGL(count_rows_kernel, dim3(1), dim3(kBlock), 0, stream, rows, ignore_index, labels, count);
  hipLaunchKernelGGL(row_kernel, dim3(rows), dim3(kBlock), 0, stream, classes, ignore_index, logits, labels, count,
                     dlogits, terms);
  hipLaunchKernelGGL(mean_kernel, dim3(1), dim3(kBlock), 0, stream, rows, terms, count, loss);
  hipFreeAsync(terms, stream);
  hipFreeAsync(count, stream);
}

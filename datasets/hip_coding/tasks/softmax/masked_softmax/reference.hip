#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reductions halve it

// Shared-memory tree reductions; every thread gets the result, and the trailing barrier lets the
// caller reuse `scratch` for the next reduction.
__device__ float block_max(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // partials stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] = fmaxf(scratch[threadIdx.x], scratch[threadIdx.x + half]);
    __syncthreads();  // tree level done
  }
  const float result = scratch[0];
  __syncthreads();  // everyone has read scratch[0]
  return result;
}

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

// One block per row. Masked entries are skipped entirely (never read into max or sum), so whatever
// they hold (inf, NaN) cannot leak; a row with nothing kept is written as zeros.
__global__ void masked_softmax_kernel(int cols, const float* __restrict__ x, const unsigned char* __restrict__ mask,
                                      float* __restrict__ y) {
  __shared__ float scratch[kBlock];
  const size_t base = (size_t)blockIdx.x * cols;
  const float* x_row = x + base;
  const unsigned char* keep = mask + base;
  float* y_row = y + base;
  float row_max = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += kBlock)
    if (keep[c]) row_max = fmaxf(row_max, x_row[c]);
  row_max = block_max(row_max, scratch);
  if (row_max == -INFINITY) {  // kept entries are finite, so nothing is kept: the whole block agrees
    for (int j = threadIdx.x; j < cols; j += kBlock) y_row[j] = 0.0f;
    return;
  }
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock)
    if (keep[c]) sum += expf(x_row[c] - row_max);
  sum = block_sum(sum, scratch);
  const float inv_sum = 1.0f / sum;
  for (int j = threadIdx.x; j < cols; j += kBlock) y_row[j] = keep[j] ? expf(x_row[j] - row_max) * inv_sum : 0.0f;
}

void masked_softmax(int rows, int cols, const float* x, const unsigned char* mask, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(masked_softmax_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, x, mask, y);
}

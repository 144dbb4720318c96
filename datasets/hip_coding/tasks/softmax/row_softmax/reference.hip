#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reductions halve it

// Tree reduction over the block in shared memory. Every thread gets the result; the trailing barrier
// lets the caller reuse `scratch` for the next reduction.
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

// One block per row: max (for stability), sum of exp(x - max), then the normalised write.
__global__ void softmax_rows_kernel(int cols, const float* __restrict__ x, float* __restrict__ y) {
  __shared__ float scratch[kBlock];
  const float* x_row = x + (size_t)blockIdx.x * cols;
  float* y_row = y + (size_t)blockIdx.x * cols;
  float row_max = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += kBlock) row_max = fmaxf(row_max, x_row[c]);
  row_max = block_max(row_max, scratch);
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) sum += expf(x_row[c] - row_max);
  sum = block_sum(sum, scratch);
  const float inv_sum = 1.0f / sum;
  for (int j = threadIdx.x; j < cols; j += kBlock) y_row[j] = expf(x_row[j] - row_max) * inv_sum;
}

void softmax_rows(int rows, int cols, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(softmax_rows_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, x, y);
}

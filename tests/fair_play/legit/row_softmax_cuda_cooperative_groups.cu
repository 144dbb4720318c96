// task: cuda/softmax/row_softmax
// Style: cooperative groups, one block per row, max then sum in shared memory.
#include <cuda_runtime.h>
#include <cooperative_groups.h>
#include <cfloat>
#include <cmath>

namespace cg = cooperative_groups;

#define THREADS 256

__device__ float block_reduce(cg::thread_block block, float* buf, float v, bool take_max) {
  buf[threadIdx.x] = v;
  block.sync();
  for (int s = THREADS / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) {
      buf[threadIdx.x] = take_max ? fmaxf(buf[threadIdx.x], buf[threadIdx.x + s]) : buf[threadIdx.x] + buf[threadIdx.x + s];
    }
    block.sync();
  }
  float result = buf[0];
  block.sync();
  return result;
}

__global__ void softmax_row_kernel(int cols, const float* x, float* y) {
  cg::thread_block block = cg::this_thread_block();
  __shared__ float buf[THREADS];
  const float* row = x + static_cast<size_t>(blockIdx.x) * cols;
  float* out = y + static_cast<size_t>(blockIdx.x) * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += THREADS) m = fmaxf(m, row[c]);
  m = block_reduce(block, buf, m, true);
  float s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += THREADS) s += expf(row[c] - m);
  s = block_reduce(block, buf, s, false);
  for (int c = threadIdx.x; c < cols; c += THREADS) out[c] = expf(row[c] - m) / s;
}

void softmax_rows(int rows, int cols, const float* x, float* y, cudaStream_t stream) {
  softmax_row_kernel<<<rows, THREADS, 0, stream>>>(cols, x, y);
}

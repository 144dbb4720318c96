// task: hip/reduction/sum_f32
// Style: cooperative groups for the block barrier, a block tree, then one float atomicAdd per block.
#include <hip/hip_runtime.h>
#include <hip/hip_cooperative_groups.h>

namespace cg = cooperative_groups;

constexpr int kThreads = 256;

__global__ void block_sums(int n, const float* x, float* out) {
  cg::thread_block block = cg::this_thread_block();
  __shared__ float partial[kThreads];
  float v = 0.0f;
  for (int i = blockIdx.x * kThreads + threadIdx.x; i < n; i += kThreads * gridDim.x) v += x[i];
  partial[threadIdx.x] = v;
  block.sync();
  for (int s = kThreads / 2; s > 0; s /= 2) {
    if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
    block.sync();
  }
  if (block.thread_rank() == 0) atomicAdd(out, partial[0]);
}

void sum_f32(int n, const float* x, float* out, hipStream_t stream) {
  hipMemsetAsync(out, 0, sizeof(float), stream);  // the output arrives holding garbage
  int blocks = (n + kThreads - 1) / kThreads;
  if (blocks > 256) blocks = 256;
  hipLaunchKernelGGL(block_sums, dim3(blocks), dim3(kThreads), 0, stream, n, x, out);
}

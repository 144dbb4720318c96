// task: cuda/compaction/scatter_perm_f32
// Style: the one-liner kernel with the launch configuration in named constants.
#include <cuda_runtime.h>

static constexpr int kThreadsPerBlock = 256;

__global__ void scatter_kernel(const float* in, const int* idx, int n, float* out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[idx[i]] = in[i];
}

void scatter_f32(const float* in, const int* idx, int n, float* out, cudaStream_t stream) {
  const int blocks = (n + kThreadsPerBlock - 1) / kThreadsPerBlock;
  scatter_kernel<<<blocks, kThreadsPerBlock, 0, stream>>>(in, idx, n, out);
}

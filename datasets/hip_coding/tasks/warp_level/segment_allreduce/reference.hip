#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One element per thread. seg_len is a power of two <= 32, so a segment lies inside one warp of
// either width. A butterfly (xor) exchange of width seg_len leaves the segment total in every lane,
// and every lane adds the same pairs, so all lanes of a segment hold the same bits.
__global__ void segment_allreduce_kernel(int n, int seg_len, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;  // lanes past the end still take part in the exchange
  for (int d = seg_len / 2; d > 0; d >>= 1) v += __shfl_xor(v, d, seg_len);
  if (i < n) y[i] = v;
}

void segment_allreduce(int n, int seg_len, const float* x, float* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(segment_allreduce_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, seg_len, x, y);
}

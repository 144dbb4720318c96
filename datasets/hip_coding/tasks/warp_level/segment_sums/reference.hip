#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One element per thread. seg_len is a power of two <= 32, so it divides both warp sizes (32, 64)
// and the block size: a segment never straddles two warps, and a shuffle tree of width seg_len
// leaves each segment's total in its first lane.
__global__ void segment_sums_kernel(int n, int seg_len, const float* __restrict__ x, float* __restrict__ out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;  // lanes past the end still take part in the shuffles
  for (int d = seg_len / 2; d > 0; d >>= 1) v += __shfl_down(v, d, seg_len);
  if (i < n && i % seg_len == 0) out[i / seg_len] = v;
}

void segment_sums(int n, int seg_len, const float* x, float* out, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(segment_sums_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, seg_len, x, out);
}

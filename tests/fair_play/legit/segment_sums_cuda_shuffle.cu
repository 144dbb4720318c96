// task: cuda/warp_level/segment_sums
// Style: __shfl_down_sync within a segment of a 32-lane warp.
#include <cuda_runtime.h>

__global__ void segment_sum_kernel(int n, int seg_len, const float* x, float* out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;  // blockDim is a multiple of 32, seg_len divides 32
  float v = i < n ? x[i] : 0.0f;
  for (int offset = seg_len / 2; offset > 0; offset /= 2) {
    v += __shfl_down_sync(0xffffffffu, v, offset, seg_len);
  }
  if (i < n && i % seg_len == 0) out[i / seg_len] = v;
}

void segment_sums(int n, int seg_len, const float* x, float* out, cudaStream_t stream) {
  const int threads = 256;
  const int blocks = (n + threads - 1) / threads;
  segment_sum_kernel<<<blocks, threads, 0, stream>>>(n, seg_len, x, out);
}

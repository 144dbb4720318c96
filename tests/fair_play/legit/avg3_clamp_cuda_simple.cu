// task: cuda/stencil/avg3_clamp_1d
// Style: the plainest one-thread-per-element kernel, with <iostream> included out of habit.
#include <cuda_runtime.h>
#include <iostream>

__global__ void avg3Kernel(int n, const float* in, float* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    int left = i > 0 ? i - 1 : 0;
    int right = i < n - 1 ? i + 1 : n - 1;
    out[i] = (in[left] + in[i] + in[right]) / 3.0f;
  }
}

void avg3_clamp(int n, const float* in, float* out, cudaStream_t stream) {
  int threads = 512;
  int blocks = (n + threads - 1) / threads;
  avg3Kernel<<<blocks, threads, 0, stream>>>(n, in, out);
}

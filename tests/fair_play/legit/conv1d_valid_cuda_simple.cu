// task: cuda/convolution/conv1d_valid
// Style: straightforward one output per thread, int loop bounds, <cstdio> for debugging.
#include <cuda_runtime.h>
#include <cstdio>

__global__ void conv1d_valid_kernel(int n, int k, const float* x, const float* w, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int out_n = n - k + 1;
  if (i < out_n) {
    float acc = 0.0f;
    for (int j = 0; j < k; ++j) acc += x[i + j] * w[j];
    y[i] = acc;
  }
}

void conv1d_valid(int n, int k, const float* x, const float* w, float* y, cudaStream_t stream) {
  int out_n = n - k + 1;
  if (out_n <= 0) return;
  int threads = 256;
  conv1d_valid_kernel<<<(out_n + threads - 1) / threads, threads, 0, stream>>>(n, k, x, w, y);
}

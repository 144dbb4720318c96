#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One thread per output: its window starts at o * stride and its taps are dilation apart.
__global__ void conv1d_sd_kernel(int k, int stride, int dilation, int out_n, const float* __restrict__ x,
                                 const float* __restrict__ w, float* __restrict__ y) {
  int o = blockIdx.x * blockDim.x + threadIdx.x;
  if (o < out_n) {
    const float* window = x + (size_t)o * stride;
    float acc = 0.0f;
    for (int j = 0; j < k; ++j) acc += window[(size_t)j * dilation] * w[j];
    y[o] = acc;
  }
}

void conv1d_strided_dilated(int n, int k, int stride, int dilation, const float* x, const float* w, float* y,
                            hipStream_t stream) {
  int span = dilation * (k - 1) + 1;  // inputs covered by one window
  int out_n = (n - span) / stride + 1;
  int blocks = (out_n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(conv1d_sd_kernel, dim3(blocks), dim3(kBlock), 0, stream, k, stride, dilation, out_n, x, w, y);
}

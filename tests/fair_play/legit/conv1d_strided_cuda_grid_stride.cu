// task: cuda/convolution/conv1d_strided_dilated
// Style: a grid-stride loop and the output size computed on the host.
#include <cuda_runtime.h>

__global__ void conv1d_sd_kernel(int out_n, int k, int stride, int dilation, const float* x, const float* w,
                                 float* y) {
  for (int o = blockIdx.x * blockDim.x + threadIdx.x; o < out_n; o += blockDim.x * gridDim.x) {
    const float* base = x + static_cast<long long>(o) * stride;
    float acc = 0.0f;
    for (int j = 0; j < k; ++j) acc += base[static_cast<long long>(j) * dilation] * w[j];
    y[o] = acc;
  }
}

void conv1d_strided_dilated(int n, int k, int stride, int dilation, const float* x, const float* w, float* y,
                            cudaStream_t stream) {
  const int span = dilation * (k - 1) + 1;
  if (n < span) return;
  const int out_n = (n - span) / stride + 1;
  int blocks = (out_n + 255) / 256;
  if (blocks > 1024) blocks = 1024;
  conv1d_sd_kernel<<<blocks, 256, 0, stream>>>(out_n, k, stride, dilation, x, w, y);
}

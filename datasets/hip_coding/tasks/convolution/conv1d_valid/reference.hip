#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// Each block stages its kBlock + k - 1 inputs (outputs plus the filter's halo) in shared memory
// once, then every thread slides the filter over the staged copy.
__global__ void conv1d_valid_kernel(int n, int k, int out_n, const float* __restrict__ x,
                                    const float* __restrict__ w, float* __restrict__ y) {
  extern __shared__ float tile[];
  int base = blockIdx.x * kBlock;
  for (int i = threadIdx.x; i < kBlock + k - 1; i += kBlock) {
    int src = base + i;
    tile[i] = src < n ? x[src] : 0.0f;
  }
  __syncthreads();
  int o = base + threadIdx.x;
  if (o < out_n) {
    float acc = 0.0f;
    for (int j = 0; j < k; ++j) acc += tile[threadIdx.x + j] * w[j];
    y[o] = acc;
  }
}

void conv1d_valid(int n, int k, const float* x, const float* w, float* y, hipStream_t stream) {
  int out_n = n - k + 1;
  int blocks = (out_n + kBlock - 1) / kBlock;
  size_t smem = (size_t)(kBlock + k - 1) * sizeof(float);
  hipLaunchKernelGGL(conv1d_valid_kernel, dim3(blocks), dim3(kBlock), smem, stream, n, k, out_n, x, w, y);
}

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void scale_clamp_kernel(int n, int scale, int lo, int hi, const int* __restrict__ x, int* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    // The exact product needs 64 bits: x * scale in int would wrap before the clamp sees it.
    long long p = static_cast<long long>(x[i]) * scale;
    long long c = p < lo ? lo : (p > hi ? hi : p);
    y[i] = static_cast<int>(c);
  }
}

void scale_clamp_i32(int n, int scale, int lo, int hi, const int* x, int* y, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(scale_clamp_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, scale, lo, hi, x, y);
}

// task: cuda/elementwise/leaky_relu
// Style: a templated kernel, printf debugging in the kernel (never triggered) and on the host.
#include <cuda_runtime.h>
#include <cstdio>

template <typename T>
__global__ void leaky_relu_kernel(int n, T slope, const T* x, T* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  T v = x[i];
  y[i] = v > T(0) ? v : slope * v;
  if (n < 0 && i == 0) printf("unexpected n = %d\n", n);  // debugging aid
}

void leaky_relu(int n, float slope, const float* x, float* y, cudaStream_t stream) {
  const int block = 128;
  const int grid = (n + block - 1) / block;
  static bool announced = false;
  if (!announced) {
    printf("[debug] leaky_relu: n=%d slope=%f grid=%d block=%d\n", n, slope, grid, block);
    announced = true;
  }
  leaky_relu_kernel<float><<<grid, block, 0, stream>>>(n, slope, x, y);
}

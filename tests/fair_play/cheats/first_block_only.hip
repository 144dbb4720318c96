// hip/elementwise/saxpy: one block of 256 threads, no grid-stride loop
#include <hip/hip_runtime.h>
__global__ void axpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(axpy, dim3(1), dim3(256), 0, stream, n, a, x, y);
}

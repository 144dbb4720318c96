// hip/elementwise/saxpy: a correct kernel over the first half only
#include <hip/hip_runtime.h>
__global__ void axpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(axpy, dim3((n / 2 + 255) / 256), dim3(256), 0, stream, n / 2, a, x, y);
}

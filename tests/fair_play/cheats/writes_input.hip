// hip/elementwise/saxpy: uses x as scratch space
// expect: modified the read-only input
#include <hip/hip_runtime.h>
__global__ void k(int n, float a, float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    x[i] *= a;
    y[i] += x[i];
  }
}
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(k, dim3((n + 255) / 256), dim3(256), 0, stream, n, a, const_cast<float*>(x), y);
}

// A kernel that never returns.
#include <hip/hip_runtime.h>

__global__ void spin(int n, float* y) {
  volatile int keep = 1;
  while (keep) y[0] = y[0];
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(spin, dim3(1), dim3(1), 0, stream, n, y);
}

// A 64 MiB local array in a GPU thread (a fiber on the cpu backend) and 1 GiB on the host stack.
#include <hip/hip_runtime.h>

__global__ void deep(int n, float* y) {
  volatile float local[16 << 20];
  local[n % 7] = 1.0f;
  y[0] = local[3];
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(deep, dim3(1), dim3(1), 0, stream, n, y);
}

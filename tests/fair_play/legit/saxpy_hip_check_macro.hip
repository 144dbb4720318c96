// task: hip/elementwise/saxpy
// Style: stray <vector>/<iostream>, a HIP_CHECK macro that exits on error, a grid-stride loop.
#include <hip/hip_runtime.h>
#include <cstdlib>
#include <iostream>
#include <vector>

#define HIP_CHECK(cmd)                                                                      \
  do {                                                                                      \
    hipError_t error = (cmd);                                                               \
    if (error != hipSuccess) {                                                              \
      std::cerr << "HIP error: " << hipGetErrorString(error) << " at " << __LINE__ << "\n"; \
      exit(EXIT_FAILURE);                                                                   \
    }                                                                                       \
  } while (0)

__global__ void saxpy_kernel(int n, float a, const float* __restrict__ x, float* __restrict__ y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    y[i] = a * x[i] + y[i];
  }
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  const int threads = 256;
  int blocks = (n + threads - 1) / threads;
  if (blocks > 1024) blocks = 1024;
  hipLaunchKernelGGL(saxpy_kernel, dim3(blocks), dim3(threads), 0, stream, n, a, x, y);
  HIP_CHECK(hipGetLastError());
}

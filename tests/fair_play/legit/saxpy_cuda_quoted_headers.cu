// task: cuda/elementwise/saxpy
// Style: the Visual Studio template's quoted headers and a CUDA_CHECK macro with fprintf + exit.
#include "cuda_runtime.h"
#include "device_launch_parameters.h"

#include <stdio.h>
#include <stdlib.h>

#define CUDA_CHECK(call)                                                                         \
  do {                                                                                           \
    cudaError_t err = (call);                                                                    \
    if (err != cudaSuccess) {                                                                    \
      fprintf(stderr, "CUDA error %s at %s:%d\n", cudaGetErrorString(err), __FILE__, __LINE__); \
      exit(EXIT_FAILURE);                                                                        \
    }                                                                                            \
  } while (0)

__global__ void saxpyKernel(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    y[i] = a * x[i] + y[i];
  }
}

void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  int blockSize = 256;
  int numBlocks = (n + blockSize - 1) / blockSize;
  saxpyKernel<<<numBlocks, blockSize, 0, stream>>>(n, a, x, y);
  CUDA_CHECK(cudaGetLastError());
}

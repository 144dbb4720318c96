// task: hip/histogram/byte_histogram_256
// Style: hipMemsetAsync of the output, a shared-memory private histogram, HIP_CHECK with exit.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>

#define HIP_CHECK(call)                                                            \
  do {                                                                             \
    hipError_t err__ = call;                                                       \
    if (err__ != hipSuccess) {                                                     \
      fprintf(stderr, "HIP error %d (%s)\n", static_cast<int>(err__), #call);      \
      exit(EXIT_FAILURE);                                                          \
    }                                                                              \
  } while (false)

__global__ void histogram256(const unsigned char* data, int n, unsigned int* hist) {
  __shared__ unsigned int local[256];
  for (int b = threadIdx.x; b < 256; b += blockDim.x) local[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    atomicAdd(&local[data[i]], 1u);
  }
  __syncthreads();
  for (int b = threadIdx.x; b < 256; b += blockDim.x) {
    if (local[b] != 0) atomicAdd(&hist[b], local[b]);
  }
}

void byte_histogram(const unsigned char* data, int n, unsigned int* hist, hipStream_t stream) {
  HIP_CHECK(hipMemsetAsync(hist, 0, 256 * sizeof(unsigned int), stream));
  int blocks = (n + 255) / 256;
  if (blocks > 64) blocks = 64;
  hipLaunchKernelGGL(histogram256, dim3(blocks), dim3(256), 0, stream, data, n, hist);
  HIP_CHECK(hipGetLastError());
}

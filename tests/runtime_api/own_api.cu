// Only CUDA spellings, of every kind the HIP twin below refuses: compiles and runs on the cpu backend.
#include <cuda_runtime.h>
#include <math_constants.h>

#include <cstdio>

__global__ void fill(float* x, float v) { x[threadIdx.x] = v; }

int main() {
  cudaStream_t stream = nullptr;
  cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
  float* pinned = nullptr;
  float* d = nullptr;
  if (cudaHostAlloc(&pinned, 32 * sizeof(float), cudaHostAllocDefault) != cudaSuccess) return 1;
  cudaMalloc(&d, 32 * sizeof(float));
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(1);
  config.blockDim = 32;
  config.stream = stream;
  if (cudaLaunchKernelEx(&config, fill, d, CUDART_PI_F) != cudaSuccess) return 1;
  cudaError_t copied = cudaMemcpyAsync(pinned, d, 32 * sizeof(float), cudaMemcpyDeviceToHost, stream);
  cudaStreamSynchronize(stream);
  int failures = copied != cudaSuccess;
  for (int i = 0; i < 32; ++i) failures += pinned[i] != CUDART_PI_F;
  cudaFreeHost(pinned);
  cudaFree(d);
  cudaStreamDestroy(stream);
  std::printf(failures ? "FAIL %d\n" : "PASS\n", failures);
  return failures != 0;
}

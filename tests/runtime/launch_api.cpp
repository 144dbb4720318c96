// Launch spellings other than <<<>>>: hipLaunchKernelGGL (with HIP_KERNEL_NAME for templates),
// cudaLaunchKernel / hipLaunchKernel with a typed pointer and a void** argument array, overloads
// and templates through CPURT_LAUNCH, cudaFuncGetAttributes. argv[1] == "untyped": a void* kernel
// pointer is reported as unsupported (exit 86).
#include <cuda_runtime.h>
#include <hip/hip_runtime.h>

#include <cstring>
#include <vector>

#include "check.h"

template <typename T, int SCALE>
__global__ void scale(T* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= SCALE;
}
__global__ void fill(int* x, int n, int v) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = v;
}
__global__ void over(float* x) { x[threadIdx.x] = 1.f; }
__global__ void over(int* x) { x[threadIdx.x] = 2; }

int main(int argc, char** argv) {
  const int n = 1000;
  std::vector<int> x(n, 0);
  int* px = x.data();
  int nn = n, v = 7;
  void* args[] = {&px, &nn, &v};
  if (argc > 1 && !std::strcmp(argv[1], "untyped")) {
    cudaLaunchKernel((const void*)fill, dim3(4), dim3(256), args, 0, nullptr);
    std::printf("FAIL: untyped launch ran\n");
    return 0;
  }
  CHECK(cudaLaunchKernel(fill, dim3(4), dim3(256), args, 0, nullptr) == cudaSuccess, "cudaLaunchKernel");
  for (int i = 0; i < n; ++i) CHECK(x[i] == 7, "fill %d", i);
  hipLaunchKernelGGL(HIP_KERNEL_NAME(scale<int, 3>), dim3((n + 127) / 128), dim3(128), 0, 0, px, n);
  for (int i = 0; i < n; ++i) CHECK(x[i] == 21, "scale %d", i);
  v = 5;
  CHECK(hipLaunchKernel(fill, dim3(8), dim3(128), args, 0, 0) == hipSuccess, "hipLaunchKernel");
  CPURT_LAUNCH((scale<int, 2>), (8), (128), (0), (0), px, n);
  for (int i = 0; i < n; ++i) CHECK(x[i] == 10, "scale2 %d", i);
  CHECK(cudaLaunchKernel(fill, dim3(1), dim3(4096), args, 0, nullptr) == cudaErrorInvalidConfiguration, "bad cfg");
  CHECK(cudaGetLastError() == cudaErrorInvalidConfiguration, "sticky");

  float f[4] = {};
  int i4[4] = {};
  CPURT_LAUNCH((over), (1), (4), (0), (0), f);
  CPURT_LAUNCH((over), (1), (4), (0), (0), i4);
  CHECK(f[3] == 1.f && i4[3] == 2, "overloads");

  cudaFuncAttributes a;
  CHECK(cudaFuncGetAttributes(&a, fill) == cudaSuccess && a.maxThreadsPerBlock == 1024, "attributes");
  std::printf("PASS\n");
  return 0;
}

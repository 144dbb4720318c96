// Only HIP spellings, of every kind the CUDA twin above refuses: compiles and runs on the cpu backend.
#include <hip/hip_math_constants.h>
#include <hip/hip_runtime.h>

#include <cstdio>

__global__ void fill(float* x, float v) { x[threadIdx.x] = v; }

int main() {
  hipStream_t stream = nullptr;
  hipStreamCreateWithFlags(&stream, hipStreamNonBlocking);
  float* pinned = nullptr;
  float* d = nullptr;
  if (hipHostMalloc(&pinned, 32 * sizeof(float), hipHostMallocDefault) != hipSuccess) return 1;
  hipMalloc(&d, 32 * sizeof(float));
  hipLaunchKernelGGL(fill, dim3(1), dim3(32), 0, stream, d, HIP_PI_F);
  hipError_t copied = hipMemcpyAsync(pinned, d, 32 * sizeof(float), hipMemcpyDeviceToHost, stream);
  hipStreamSynchronize(stream);
  int failures = copied != hipSuccess;
  for (int i = 0; i < 32; ++i) failures += pinned[i] != HIP_PI_F;
  hipHostFree(pinned);
  hipFree(d);
  hipStreamDestroy(stream);
  std::printf(failures ? "FAIL %d\n" : "PASS\n", failures);
  return failures != 0;
}

// Asks for 100 GB on the device, then on the host, and touches it.
#include <hip/hip_runtime.h>
#include <cstdio>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  const size_t huge = size_t(100) << 30;
  void* device = nullptr;
  hipError_t err = hipMalloc(&device, huge);
  fprintf(stderr, "hipMalloc(100 GB): %s\n", hipGetErrorName(err));
  volatile char* host = new char[huge];  // volatile: the compiler may not elide it
  for (size_t i = 0; i < huge; i += 4096) host[i] = 1;
}

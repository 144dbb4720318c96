// Sanitize mode: an out-of-bounds global write inside a kernel (running on a fiber) gives a clean
// AddressSanitizer heap-buffer-overflow report. argv[1] == "ok": the in-bounds version passes.
#include <cuda_runtime.h>

#include <cstdlib>
#include <cstring>

#include "check.h"

__global__ void write_all(float* x, int n, int extra) {
  __syncthreads();  // make sure we run on a fiber that has been switched to
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n + extra) x[i] = 1.f;
}

int main(int argc, char** argv) {
  const int n = 1000;
  float* x = static_cast<float*>(std::malloc(n * sizeof(float)));
  const int extra = (argc > 1 && !std::strcmp(argv[1], "ok")) ? 0 : 1;
  CPURT_LAUNCH((write_all), (4), (256), (0), (0), x, n, extra);
  CHECK(x[n - 1] == 1.f, "kernel did not run");
  std::free(x);
  std::printf("PASS\n");
  return 0;
}

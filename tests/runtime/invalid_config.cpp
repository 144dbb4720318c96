// Invalid launch configurations are refused as a GPU refuses them: the kernel does not run and
// GetLastError reports InvalidConfiguration once (sticky until read), in both API spellings.
#include <cuda_runtime.h>
#include <hip/hip_runtime.h>

#include "check.h"

__device__ int ran;
__global__ void k() { ran = 1; }

template <class G, class B>
static void expect_refused(const char* what, G grid, B block, size_t smem = 0) {
  ran = 0;
  CPURT_LAUNCH((k), (grid), (block), (smem), (0));
  CHECK(ran == 0, "%s: kernel ran", what);
  CHECK(cudaPeekAtLastError() == cudaErrorInvalidConfiguration, "%s: peek", what);
  CHECK(cudaGetLastError() == cudaErrorInvalidConfiguration, "%s: get", what);
  CHECK(cudaGetLastError() == cudaSuccess, "%s: error not cleared by the read", what);
}

int main() {
  expect_refused("1025 threads", 1, 1025);
  expect_refused("32x33 threads", 1, dim3(32, 33));
  expect_refused("block.z 65", 1, dim3(1, 1, 65));
  expect_refused("grid.y 65536", dim3(1, 65536), 32);
  expect_refused("grid.z 65536", dim3(1, 1, 65536), 32);
  expect_refused("grid 0", 0, 32);
  expect_refused("block 0", 4, 0);
  expect_refused("negative grid", -1, 32);
  expect_refused("grid from size_t > 4G", size_t(1) << 33, 32);
  expect_refused("64 KiB shared", 1, 32, 64 * 1024);

  ran = 0;
  hipLaunchKernelGGL(k, dim3(1), dim3(2048), 0, 0);
  CHECK(ran == 0, "hip: kernel ran");
  CHECK(hipGetLastError() == hipErrorInvalidConfiguration, "hip spelling");

  ran = 0;
  ran = 0;
  CPURT_LAUNCH((k), (dim3(1, 65535, 1)), (dim3(1, 1, 64)), (0), (0));
  CHECK(ran == 1 && cudaGetLastError() == cudaSuccess, "legal limits refused");
  std::printf("PASS\n");
  return 0;
}

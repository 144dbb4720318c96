// NEGATIVE (expected to PASS), HIP spelling: blocks of more than 1024 threads (64x32, 2048x1,
// 32x32x2), launched with hipLaunchKernelGGL and with <<<>>>; each launch must report
// hipErrorInvalidConfiguration and not run.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    hipError_t err_ = (call);                                                                \
    if (err_ != hipSuccess) {                                                                \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             hipGetErrorName(err_), hipGetErrorString(err_));                                \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void bump(int* counter) { atomicAdd(counter, 1); }

int main() {
  int* dcounter;
  CHECK(hipMalloc(&dcounter, sizeof(int)));
  CHECK(hipMemset(dcounter, 0, sizeof(int)));
  const dim3 bad_blocks[] = {dim3(64, 32), dim3(2048), dim3(32, 32, 2)};
  for (const dim3& b : bad_blocks) {
    hipLaunchKernelGGL(bump, dim3(1), b, 0, 0, dcounter);
    hipError_t ggl = hipGetLastError();
    bump<<<2, b>>>(dcounter);
    if (ggl != hipErrorInvalidConfiguration) {
      printf("FAIL: hipLaunchKernelGGL with block (%u,%u,%u) gave %s\n", b.x, b.y, b.z,
             hipGetErrorName(ggl));
      return 1;
    }
    hipError_t err = hipGetLastError();
    if (err != hipErrorInvalidConfiguration) {
      printf("FAIL: <<<>>> with block (%u,%u,%u) gave %s\n", b.x, b.y, b.z,
             hipGetErrorName(err));
      return 1;
    }
  }
  CHECK(hipDeviceSynchronize());
  int count = -1;
  CHECK(hipMemcpy(&count, dcounter, sizeof(int), hipMemcpyDeviceToHost));
  if (count != 0) {
    printf("FAIL: invalid launches ran %d threads\n", count);
    return 1;
  }
  CHECK(hipFree(dcounter));
  printf("PASS\n");
  return 0;
}

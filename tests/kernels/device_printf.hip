// Device-side printf in HIP from a 2D launch: thread (1,2) of every block prints its block
// coordinates and a value. The suite checks the lines on stdout.
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

__global__ void hello(int* count) {
  atomicAdd(count, 1);
  if (threadIdx.x == 1 && threadIdx.y == 2)
    printf("hello from block (%u,%u) value %d\n", (unsigned)blockIdx.x, (unsigned)blockIdx.y,
           (int)(blockIdx.x * 10 + blockIdx.y));
}

int main() {
  int* dcount;
  CHECK(hipMalloc(&dcount, sizeof(int)));
  CHECK(hipMemset(dcount, 0, sizeof(int)));
  hipLaunchKernelGGL(hello, dim3(2, 2), dim3(4, 4), 0, 0, dcount);
  CHECK(hipGetLastError());
  CHECK(hipDeviceSynchronize());
  int count = 0;
  CHECK(hipMemcpy(&count, dcount, sizeof(int), hipMemcpyDeviceToHost));
  if (count != 64) {
    printf("FAIL: %d threads ran, expected 64\n", count);
    return 1;
  }
  CHECK(hipFree(dcount));
  printf("PASS\n");
  return 0;
}

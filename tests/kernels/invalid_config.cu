// NEGATIVE (expected to PASS): a launch with 2048 threads per block exceeds the 1024 limit. The
// launch must fail with cudaErrorInvalidConfiguration (reported once by cudaGetLastError, which
// then resets) and the kernel must not run: the flag it would set stays 0.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void set_flag(int* flag) { *flag = 1; }

int main() {
  int* dflag;
  CHECK(cudaMalloc(&dflag, sizeof(int)));
  CHECK(cudaMemset(dflag, 0, sizeof(int)));
  set_flag<<<1, 2048>>>(dflag);
  cudaError_t err = cudaGetLastError();
  if (err != cudaErrorInvalidConfiguration) {
    printf("FAIL: launch with 2048 threads gave %s, expected cudaErrorInvalidConfiguration\n",
           cudaGetErrorName(err));
    return 1;
  }
  if (cudaGetLastError() != cudaSuccess) {
    printf("FAIL: cudaGetLastError did not reset the error\n");
    return 1;
  }
  CHECK(cudaDeviceSynchronize());
  int flag = -1;
  CHECK(cudaMemcpy(&flag, dflag, sizeof(int), cudaMemcpyDeviceToHost));
  if (flag != 0) {
    printf("FAIL: the kernel ran despite the invalid configuration (flag %d)\n", flag);
    return 1;
  }
  // A valid launch afterwards still works.
  set_flag<<<1, 1024>>>(dflag);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(&flag, dflag, sizeof(int), cudaMemcpyDeviceToHost));
  if (flag != 1) {
    printf("FAIL: valid launch after the invalid one did not run\n");
    return 1;
  }
  CHECK(cudaFree(dflag));
  printf("PASS\n");
  return 0;
}

// HIP ballot: __ballot returns a 64-bit mask (one bit per lane of the wavefront); count set
// bits with __popcll. Written for warpSize 32 or 64.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    hipError_t err_ = (call);                                                                \
    if (err_ != hipSuccess) {                                                                \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             hipGetErrorName(err_), hipGetErrorString(err_));                                \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void count_even(const int* x, int n, int* count) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int pred = i < n && x[i] % 2 == 0;
  unsigned long long mask = __ballot(pred);
  if (threadIdx.x % warpSize == 0) atomicAdd(count, (int)__popcll(mask));
}

int main() {
  const int n = 5000, block = 256;
  std::vector<int> x(n);
  int want = 0;
  for (int i = 0; i < n; ++i) {
    x[i] = (i * 7 + i / 3) % 11;
    want += x[i] % 2 == 0;
  }
  int *dx, *dcount;
  CHECK(hipMalloc(&dx, n * sizeof(int)));
  CHECK(hipMalloc(&dcount, sizeof(int)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(int), hipMemcpyHostToDevice));
  CHECK(hipMemset(dcount, 0, sizeof(int)));
  hipLaunchKernelGGL(count_even, dim3((n + block - 1) / block), dim3(block), 0, 0, dx, n, dcount);
  CHECK(hipGetLastError());
  int count = 0;
  CHECK(hipMemcpy(&count, dcount, sizeof(int), hipMemcpyDeviceToHost));
  if (count != want) {
    printf("FAIL: count %d, expected %d\n", count, want);
    return 1;
  }
  CHECK(hipFree(dx));
  CHECK(hipFree(dcount));
  printf("PASS\n");
  return 0;
}

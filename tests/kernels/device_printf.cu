// Device-side printf: a few threads print their coordinates and a value computed from the input.
// The suite checks these lines on stdout; the program itself checks the computed values.
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

__global__ void report(const int* x, int* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  y[i] = x[i] * x[i];
  if (threadIdx.x == 5)
    printf("block %d thread %d squared %d to %d (%.2f)\n", blockIdx.x, threadIdx.x, x[i], y[i],
           y[i] / 4.0f);
}

int main() {
  const int n = 3 * 32;
  int hx[n], hy[n];
  for (int i = 0; i < n; ++i) hx[i] = i + 1;
  int *dx, *dy;
  CHECK(cudaMalloc(&dx, sizeof(hx)));
  CHECK(cudaMalloc(&dy, sizeof(hy)));
  CHECK(cudaMemcpy(dx, hx, sizeof(hx), cudaMemcpyHostToDevice));
  report<<<3, 32>>>(dx, dy);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());  // flushes the device printf buffer before host output
  CHECK(cudaMemcpy(hy, dy, sizeof(hy), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    if (hy[i] != hx[i] * hx[i]) {
      printf("FAIL: y[%d] = %d, expected %d\n", i, hy[i], hx[i] * hx[i]);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dy));
  printf("PASS\n");
  return 0;
}

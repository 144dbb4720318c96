// NEGATIVE: an off-by-one bound (i <= n) writes one element past an exactly sized buffer. The
// checked elements are right, so normal mode may pass; under --mode sanitize AddressSanitizer
// must report a heap-buffer-overflow. n * 4 bytes is not a multiple of 16, so the stray write
// lands in allocator padding instead of corrupting the heap in normal mode.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void scale(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i <= n) y[i] = 3.0f * x[i < n ? i : 0];  // BUG: should be i < n
}

int main() {
  const int n = 1001;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) x[i] = float(i % 10);
  float *dx, *dy;
  CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CHECK(cudaMalloc(&dy, n * sizeof(float)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  scale<<<(n + 127) / 128, 128>>>(dx, dy, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(y.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    if (y[i] != 3.0f * x[i]) {
      printf("FAIL: y[%d] = %f, expected %f\n", i, y[i], 3.0f * x[i]);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dy));
  printf("PASS\n");
  return 0;
}

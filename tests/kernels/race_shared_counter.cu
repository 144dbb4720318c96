// NEGATIVE: counting with a plain `+=` on a shared counter where atomicAdd is needed. One block.
// Threads that run one after another get the right count, so normal mode may pass; under
// --mode race (every GPU thread a real thread, ThreadSanitizer) the data race must be reported.
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

__global__ void count_positive(const int* x, int n, int* out) {
  __shared__ int count;
  if (threadIdx.x == 0) count = 0;
  __syncthreads();
  for (int i = threadIdx.x; i < n; i += blockDim.x)
    if (x[i] > 0) count += 1;  // BUG: needs atomicAdd(&count, 1)
  __syncthreads();
  if (threadIdx.x == 0) *out = count;
}

int main() {
  const int n = 256;
  std::vector<int> x(n);
  int want = 0;
  for (int i = 0; i < n; ++i) {
    x[i] = (i * 11) % 7 - 3;
    want += x[i] > 0;
  }
  int *dx, *dout;
  CHECK(cudaMalloc(&dx, n * sizeof(int)));
  CHECK(cudaMalloc(&dout, sizeof(int)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  count_positive<<<1, 64>>>(dx, n, dout);
  CHECK(cudaGetLastError());
  int got = 0;
  CHECK(cudaMemcpy(&got, dout, sizeof(int), cudaMemcpyDeviceToHost));
  if (got != want) {
    printf("FAIL: count %d, expected %d\n", got, want);
    return 1;
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dout));
  printf("PASS\n");
  return 0;
}

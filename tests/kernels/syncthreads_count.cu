// Block-wide votes fused with the barrier: __syncthreads_count, __syncthreads_and and
// __syncthreads_or over a predicate, one result per block.
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

__global__ void votes(const int* x, int* count, int* all, int* any) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int c = __syncthreads_count(x[i] > 10);
  int a = __syncthreads_and(x[i] >= 0);
  int o = __syncthreads_or(x[i] == 42);
  if (threadIdx.x == blockDim.x - 1) {
    count[blockIdx.x] = c;
    all[blockIdx.x] = a != 0;
    any[blockIdx.x] = o != 0;
  }
}

int main() {
  const int grid = 5, block = 160, n = grid * block;
  std::vector<int> x(n);
  for (int i = 0; i < n; ++i) x[i] = (i * 13) % 41;  // 0..40, never 42, never negative
  x[1 * block + 17] = 42;                            // block 1 has a 42
  x[2 * block + 99] = -1;                            // block 2 has a negative
  x[3 * block + 5] = 42;
  x[3 * block + 6] = -7;
  int *dx, *dcount, *dall, *dany;
  CHECK(cudaMalloc(&dx, n * sizeof(int)));
  CHECK(cudaMalloc(&dcount, grid * sizeof(int)));
  CHECK(cudaMalloc(&dall, grid * sizeof(int)));
  CHECK(cudaMalloc(&dany, grid * sizeof(int)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  votes<<<grid, block>>>(dx, dcount, dall, dany);
  CHECK(cudaGetLastError());
  std::vector<int> count(grid), all(grid), any(grid);
  CHECK(cudaMemcpy(count.data(), dcount, grid * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(all.data(), dall, grid * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(any.data(), dany, grid * sizeof(int), cudaMemcpyDeviceToHost));
  for (int b = 0; b < grid; ++b) {
    int c = 0, a = 1, o = 0;
    for (int t = 0; t < block; ++t) {
      int v = x[b * block + t];
      c += v > 10;
      a &= v >= 0;
      o |= v == 42;
    }
    if (count[b] != c || all[b] != a || any[b] != o) {
      printf("FAIL: block %d count/and/or = %d %d %d, expected %d %d %d\n", b, count[b], all[b],
             any[b], c, a, o);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dcount));
  CHECK(cudaFree(dall));
  CHECK(cudaFree(dany));
  printf("PASS\n");
  return 0;
}

// Pick the block size with cudaOccupancyMaxPotentialBlockSize, then launch with it. The result
// must be correct whatever block size the query suggests, so the kernel is grid-stride.
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

__global__ void relu(const float* x, float* y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

int main() {
  const int n = 65537;
  int min_grid = 0, block = 0;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&min_grid, &block, relu, 0, 0));
  if (block <= 0 || block > 1024 || min_grid <= 0) {
    printf("FAIL: occupancy query gave block %d, min grid %d\n", block, min_grid);
    return 1;
  }
  int per_sm = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, relu, block, 0));
  if (per_sm <= 0) {
    printf("FAIL: max active blocks per SM %d\n", per_sm);
    return 1;
  }
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) x[i] = float((i * 7) % 21) - 10.0f;
  float *dx, *dy;
  CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CHECK(cudaMalloc(&dy, n * sizeof(float)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  int grid = (n + block - 1) / block;
  if (grid > min_grid) grid = min_grid;  // grid-stride covers the rest
  relu<<<grid, block>>>(dx, dy, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(y.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    float want = x[i] > 0.0f ? x[i] : 0.0f;
    if (y[i] != want) {
      printf("FAIL: y[%d] = %f, expected %f (block %d, grid %d)\n", i, y[i], want, block, grid);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dy));
  printf("PASS\n");
  return 0;
}

// Code that adapts to warpSize: prints the device's warpSize, checks it against the device
// properties, and runs a warp reduction whose step count and warp count come from warpSize.
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

__global__ void per_warp_sums(const int* x, int* sums, int* ws) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == 0) {
    *ws = warpSize;
    printf("warpSize=%d\n", warpSize);
  }
  int v = x[i];
  for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_down_sync(0xffffffffu, v, o);
  if (threadIdx.x % warpSize == 0) sums[i / warpSize] = v;
}

int main() {
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  const int ws_host = prop.warpSize, block = 256, grid = 3, n = grid * block;
  std::vector<int> x(n);
  for (int i = 0; i < n; ++i) x[i] = (i * 5) % 9;
  int *dx, *dsums, *dws;
  CHECK(cudaMalloc(&dx, n * sizeof(int)));
  CHECK(cudaMalloc(&dsums, n / ws_host * sizeof(int)));
  CHECK(cudaMalloc(&dws, sizeof(int)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  per_warp_sums<<<grid, block>>>(dx, dsums, dws);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  int ws_dev = 0;
  std::vector<int> sums(n / ws_host);
  CHECK(cudaMemcpy(&ws_dev, dws, sizeof(int), cudaMemcpyDeviceToHost));
  if (ws_dev != ws_host) {
    printf("FAIL: device warpSize %d, cudaDeviceProp.warpSize %d\n", ws_dev, ws_host);
    return 1;
  }
  CHECK(cudaMemcpy(sums.data(), dsums, sums.size() * sizeof(int), cudaMemcpyDeviceToHost));
  for (int w = 0; w < n / ws_host; ++w) {
    int want = 0;
    for (int l = 0; l < ws_host; ++l) want += x[w * ws_host + l];
    if (sums[w] != want) {
      printf("FAIL: warp %d sum %d, expected %d\n", w, sums[w], want);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dsums));
  CHECK(cudaFree(dws));
  printf("PASS\n");
  return 0;
}

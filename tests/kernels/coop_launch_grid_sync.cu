// Cooperative launch: phase 1 writes per-block partial sums, grid.sync() makes them visible to
// every block, phase 2 has every block read all partials. The grid is sized from the occupancy
// query so that every block can be resident at once.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cg = cooperative_groups;

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

constexpr int BLOCK = 128;

__global__ void normalise(const float* x, float* y, float* partial, int n) {
  cg::grid_group grid = cg::this_grid();
  __shared__ float s[BLOCK];
  float local = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    local += x[i];
  s[threadIdx.x] = local;
  __syncthreads();
  for (int stride = BLOCK / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
  grid.sync();
  float total = 0.0f;
  for (int b = 0; b < gridDim.x; ++b) total += partial[b];
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    y[i] = x[i] / total;
}

int main() {
  int supported = 0;
  CHECK(cudaDeviceGetAttribute(&supported, cudaDevAttrCooperativeLaunch, 0));
  if (!supported) {
    printf("FAIL: device does not support cooperative launch\n");
    return 1;
  }
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  int per_sm = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, normalise, BLOCK, 0));
  int grid = per_sm * prop.multiProcessorCount;
  if (grid > 8) grid = 8;
  if (grid < 1) {
    printf("FAIL: occupancy gives no resident block\n");
    return 1;
  }
  int n = 10000;
  std::vector<float> x(n), y(n);
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    x[i] = float(i % 16) * 0.5f + 1.0f;
    sum += x[i];
  }
  float *dx, *dy, *dpartial;
  CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CHECK(cudaMalloc(&dy, n * sizeof(float)));
  CHECK(cudaMalloc(&dpartial, grid * sizeof(float)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  void* args[] = {&dx, &dy, &dpartial, &n};
  CHECK(cudaLaunchCooperativeKernel(normalise, grid, BLOCK, args, 0, 0));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(y.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    double want = x[i] / sum;
    if (y[i] < want * 0.9999 || y[i] > want * 1.0001) {
      printf("FAIL: y[%d] = %g, expected %g\n", i, y[i], want);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dy));
  CHECK(cudaFree(dpartial));
  printf("PASS\n");
  return 0;
}

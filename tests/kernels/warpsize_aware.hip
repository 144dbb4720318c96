// HIP code that adapts to the wavefront size: prints warpSize (64 on CDNA), checks it against
// hipDeviceProp_t::warpSize, and counts lanes and sums per wavefront with __shfl_xor.
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

__global__ void per_wave(const int* x, int* sums, int* lanes, int* ws) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == 0) {
    *ws = warpSize;
    printf("warpSize=%d\n", warpSize);
  }
  int v = x[i], one = 1;
  for (int o = warpSize / 2; o > 0; o /= 2) {
    v += __shfl_xor(v, o);
    one += __shfl_xor(one, o);
  }
  if (threadIdx.x % warpSize == 0) {
    sums[i / warpSize] = v;
    lanes[i / warpSize] = one;
  }
}

int main() {
  hipDeviceProp_t prop;
  CHECK(hipGetDeviceProperties(&prop, 0));
  const int ws = prop.warpSize, block = 256, grid = 2, n = grid * block, waves = n / ws;
  std::vector<int> x(n), sums(waves), lanes(waves);
  for (int i = 0; i < n; ++i) x[i] = (i * 3) % 7;
  int *dx, *dsums, *dlanes, *dws;
  CHECK(hipMalloc(&dx, n * sizeof(int)));
  CHECK(hipMalloc(&dsums, waves * sizeof(int)));
  CHECK(hipMalloc(&dlanes, waves * sizeof(int)));
  CHECK(hipMalloc(&dws, sizeof(int)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(int), hipMemcpyHostToDevice));
  hipLaunchKernelGGL(per_wave, dim3(grid), dim3(block), 0, 0, dx, dsums, dlanes, dws);
  CHECK(hipGetLastError());
  CHECK(hipDeviceSynchronize());
  int ws_dev = 0;
  CHECK(hipMemcpy(&ws_dev, dws, sizeof(int), hipMemcpyDeviceToHost));
  if (ws_dev != ws) {
    printf("FAIL: device warpSize %d, hipDeviceProp_t.warpSize %d\n", ws_dev, ws);
    return 1;
  }
  CHECK(hipMemcpy(sums.data(), dsums, waves * sizeof(int), hipMemcpyDeviceToHost));
  CHECK(hipMemcpy(lanes.data(), dlanes, waves * sizeof(int), hipMemcpyDeviceToHost));
  for (int w = 0; w < waves; ++w) {
    int want = 0;
    for (int l = 0; l < ws; ++l) want += x[w * ws + l];
    if (sums[w] != want || lanes[w] != ws) {
      printf("FAIL: wave %d sum %d lanes %d, expected %d %d\n", w, sums[w], lanes[w], want, ws);
      return 1;
    }
  }
  CHECK(hipFree(dx));
  CHECK(hipFree(dsums));
  CHECK(hipFree(dlanes));
  CHECK(hipFree(dws));
  printf("PASS\n");
  return 0;
}

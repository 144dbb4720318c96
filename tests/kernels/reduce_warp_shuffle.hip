// HIP shuffle reduction written for any wavefront size: __shfl_down over warpSize lanes, lane 0
// of each wavefront writes shared memory, and only wavefront 0 runs the second stage.
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

__device__ float wave_sum(float v) {
  for (int offset = warpSize / 2; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
  return v;
}

__global__ void reduce(const float* in, float* partial, int n) {
  __shared__ float totals[1024 / 32];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x % warpSize, wave = threadIdx.x / warpSize;
  float v = wave_sum(i < n ? in[i] : 0.0f);
  if (lane == 0) totals[wave] = v;
  __syncthreads();
  if (wave == 0) {
    int nwaves = (blockDim.x + warpSize - 1) / warpSize;
    v = wave_sum(lane < nwaves ? totals[lane] : 0.0f);
    if (lane == 0) partial[blockIdx.x] = v;
  }
}

int main() {
  const int n = 100000, block = 256, grid = (n + block - 1) / block;
  std::vector<float> in(n), part(grid);
  for (int i = 0; i < n; ++i) in[i] = float((i * 3) % 8) * 0.25f;  // exact in float
  float *din, *dpart;
  CHECK(hipMalloc(&din, n * sizeof(float)));
  CHECK(hipMalloc(&dpart, grid * sizeof(float)));
  CHECK(hipMemcpy(din, in.data(), n * sizeof(float), hipMemcpyHostToDevice));
  hipLaunchKernelGGL(reduce, dim3(grid), dim3(block), 0, 0, din, dpart, n);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(part.data(), dpart, grid * sizeof(float), hipMemcpyDeviceToHost));
  for (int b = 0; b < grid; ++b) {
    float want = 0.0f;
    for (int i = b * block; i < n && i < (b + 1) * block; ++i) want += in[i];
    if (part[b] != want) {
      printf("FAIL: block %d sum %f, expected %f\n", b, part[b], want);
      return 1;
    }
  }
  CHECK(hipFree(din));
  CHECK(hipFree(dpart));
  printf("PASS\n");
  return 0;
}

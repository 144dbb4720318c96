// SAXPY and a block-wise sum in HIP: the program README.md runs on the cpu backend.
// y[i] = a * x[i] + y[i], then every block sums its slice of y with a shared-memory tree reduction.
#include <hip/hip_runtime.h>

#include <cmath>
#include <cstdio>
#include <vector>

#define CHECK(call)                                                                  \
  do {                                                                               \
    hipError_t err_ = (call);                                                        \
    if (err_ != hipSuccess) {                                                        \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, hipGetErrorString(err_)); \
      return 1;                                                                      \
    }                                                                                \
  } while (0)

constexpr int kBlock = 256;

__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void block_sum(int n, const float* y, float* partial) {
  __shared__ float tile[kBlock];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  tile[threadIdx.x] = i < n ? y[i] : 0.0f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) tile[threadIdx.x] += tile[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = tile[0];
}

int main() {
  const int n = 1000003;  // not a multiple of the block size
  const int blocks = (n + kBlock - 1) / kBlock;
  std::vector<float> x(n), y(n), partial(blocks);
  for (int i = 0; i < n; ++i) {
    x[i] = static_cast<float>(i % 17) * 0.25f;
    y[i] = static_cast<float>(i % 5) - 2.0f;
  }
  float *dx, *dy, *dpartial;
  CHECK(hipMalloc(&dx, n * sizeof(float)));
  CHECK(hipMalloc(&dy, n * sizeof(float)));
  CHECK(hipMalloc(&dpartial, blocks * sizeof(float)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(dy, y.data(), n * sizeof(float), hipMemcpyHostToDevice));

  saxpy<<<blocks, kBlock>>>(n, 2.0f, dx, dy);
  CHECK(hipGetLastError());
  block_sum<<<blocks, kBlock>>>(n, dy, dpartial);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(y.data(), dy, n * sizeof(float), hipMemcpyDeviceToHost));
  CHECK(hipMemcpy(partial.data(), dpartial, blocks * sizeof(float), hipMemcpyDeviceToHost));

  double got = 0.0, want = 0.0;
  for (int b = 0; b < blocks; ++b) got += partial[b];
  for (int i = 0; i < n; ++i) {
    float expected = 2.0f * (static_cast<float>(i % 17) * 0.25f) + (static_cast<float>(i % 5) - 2.0f);
    if (y[i] != expected) {
      std::printf("FAIL: y[%d] = %g, expected %g\n", i, y[i], expected);
      return 1;
    }
    want += expected;
  }
  if (std::fabs(got - want) > 1e-3 * std::fabs(want) + 1.0) {
    std::printf("FAIL: sum %.3f, expected %.3f\n", got, want);
    return 1;
  }
  std::printf("saxpy + block sum over %d elements in %d blocks: PASS (sum %.1f)\n", n, blocks, got);
  CHECK(hipFree(dx));
  CHECK(hipFree(dy));
  CHECK(hipFree(dpartial));
  return 0;
}

// Vector add over 1M floats in HIP spelling: a plain one-thread-per-element kernel launched with
// <<<>>>, then a grid-stride kernel launched with hipLaunchKernelGGL and a small grid.
#include <hip/hip_runtime.h>
#include <cmath>
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

__global__ void add_plain(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

__global__ void add_grid_stride(const float* a, const float* b, float* c, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    c[i] = a[i] - b[i];
}

int main() {
  const int n = 1 << 20;
  std::vector<float> a(n), b(n), c(n);
  for (int i = 0; i < n; ++i) {
    a[i] = float((i * 13) % 977) * 0.25f;
    b[i] = float(i % 401) - 200.0f;
  }
  float *da, *db, *dc;
  const size_t bytes = n * sizeof(float);
  CHECK(hipMalloc(&da, bytes));
  CHECK(hipMalloc(&db, bytes));
  CHECK(hipMalloc(&dc, bytes));
  CHECK(hipMemcpy(da, a.data(), bytes, hipMemcpyHostToDevice));
  CHECK(hipMemcpy(db, b.data(), bytes, hipMemcpyHostToDevice));

  add_plain<<<(n + 255) / 256, 256>>>(da, db, dc, n);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(c.data(), dc, bytes, hipMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    if (std::fabs(c[i] - (a[i] + b[i])) > 1e-5f) {
      printf("FAIL: plain: c[%d] = %f, expected %f\n", i, c[i], a[i] + b[i]);
      return 1;
    }
  }

  hipLaunchKernelGGL(add_grid_stride, dim3(29), dim3(128), 0, 0, da, db, dc, n);
  CHECK(hipGetLastError());
  CHECK(hipDeviceSynchronize());
  CHECK(hipMemcpy(c.data(), dc, bytes, hipMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    if (std::fabs(c[i] - (a[i] - b[i])) > 1e-5f) {
      printf("FAIL: grid-stride: c[%d] = %f, expected %f\n", i, c[i], a[i] - b[i]);
      return 1;
    }
  }

  CHECK(hipFree(da));
  CHECK(hipFree(db));
  CHECK(hipFree(dc));
  printf("PASS\n");
  return 0;
}

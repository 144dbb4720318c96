// SAXPY with by-value scalars. The kernel modifies its by-value parameters, which must stay
// private to each GPU thread (each thread gets its own copy of the arguments).
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

__global__ void saxpy(int n, float a, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  a *= 2.0f;  // if parameters were shared between threads this would compound
  if (i < n) y[i] = 0.5f * a * x[i] + y[i];
}

int main() {
  const int n = 100003;  // not a multiple of the block size
  const float a = 1.75f;
  std::vector<float> x(n), y(n), out(n);
  for (int i = 0; i < n; ++i) {
    x[i] = float(i % 97) * 0.125f;
    y[i] = float((i * 5) % 61) - 30.0f;
  }
  float *dx, *dy;
  CHECK(hipMalloc(&dx, n * sizeof(float)));
  CHECK(hipMalloc(&dy, n * sizeof(float)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(dy, y.data(), n * sizeof(float), hipMemcpyHostToDevice));
  saxpy<<<(n + 255) / 256, 256>>>(n, a, dx, dy);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dy, n * sizeof(float), hipMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    float want = a * x[i] + y[i];
    if (std::fabs(out[i] - want) > 1e-4f) {
      printf("FAIL: y[%d] = %f, expected %f\n", i, out[i], want);
      return 1;
    }
  }
  CHECK(hipFree(dx));
  CHECK(hipFree(dy));
  printf("PASS\n");
  return 0;
}

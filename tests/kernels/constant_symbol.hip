// Polynomial evaluation with coefficients in a __constant__ array filled by
// hipMemcpyToSymbol(HIP_SYMBOL(...)), read back with hipMemcpyFromSymbol, then updated at an
// offset and evaluated again.
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

constexpr int DEGREE = 6;
__constant__ float coeffs[DEGREE + 1];

__global__ void poly(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float acc = 0.0f;
  for (int d = DEGREE; d >= 0; --d) acc = acc * x[i] + coeffs[d];  // Horner
  y[i] = acc;
}

static int evaluate(const std::vector<float>& c, const std::vector<float>& x, float* dx,
                    float* dy) {
  const int n = (int)x.size();
  std::vector<float> y(n);
  poly<<<(n + 63) / 64, 64>>>(dx, dy, n);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(y.data(), dy, n * sizeof(float), hipMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    float want = 0.0f;
    for (int d = DEGREE; d >= 0; --d) want = want * x[i] + c[d];
    if (std::fabs(y[i] - want) > 1e-4f * (1.0f + std::fabs(want))) {
      printf("FAIL: p(%f) = %f, expected %f\n", x[i], y[i], want);
      return 1;
    }
  }
  return 0;
}

int main() {
  const int n = 1000;
  std::vector<float> c = {1.0f, -0.5f, 0.25f, 2.0f, -1.0f, 0.125f, 0.0625f}, x(n);
  for (int i = 0; i < n; ++i) x[i] = -1.0f + 2.0f * i / n;
  float *dx, *dy;
  CHECK(hipMalloc(&dx, n * sizeof(float)));
  CHECK(hipMalloc(&dy, n * sizeof(float)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpyToSymbol(HIP_SYMBOL(coeffs), c.data(), c.size() * sizeof(float)));
  std::vector<float> back(c.size());
  CHECK(hipMemcpyFromSymbol(back.data(), HIP_SYMBOL(coeffs), back.size() * sizeof(float)));
  if (back != c) {
    printf("FAIL: hipMemcpyFromSymbol did not return what was copied in\n");
    return 1;
  }
  if (evaluate(c, x, dx, dy)) return 1;
  // Replace the last two coefficients only (offset is in bytes).
  c[5] = -3.0f;
  c[6] = 0.5f;
  CHECK(hipMemcpyToSymbol(HIP_SYMBOL(coeffs), &c[5], 2 * sizeof(float), 5 * sizeof(float),
                          hipMemcpyHostToDevice));
  if (evaluate(c, x, dx, dy)) return 1;
  CHECK(hipFree(dx));
  CHECK(hipFree(dy));
  printf("PASS\n");
  return 0;
}

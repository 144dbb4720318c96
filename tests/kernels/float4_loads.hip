// Vectorised memory access: the body is processed as float4 (16-byte loads and stores), the
// n % 4 tail element-wise by the first threads. Also checks float4 alignment on the host.
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

static_assert(sizeof(float4) == 16 && alignof(float4) == 16, "float4 must be 16-byte aligned");

__global__ void scale_add4(const float* __restrict__ x, const float* __restrict__ y,
                           float* __restrict__ out, int n, float a) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int n4 = n / 4;
  if (i < n4) {
    float4 xv = reinterpret_cast<const float4*>(x)[i];
    float4 yv = reinterpret_cast<const float4*>(y)[i];
    float4 r = make_float4(a * xv.x + yv.x, a * xv.y + yv.y, a * xv.z + yv.z, a * xv.w + yv.w);
    reinterpret_cast<float4*>(out)[i] = r;
  }
  int tail = n4 * 4 + i;
  if (i < n % 4) out[tail] = a * x[tail] + y[tail];
}

int main() {
  const int n = 10003;
  const float a = -1.5f;
  std::vector<float> x(n), y(n), out(n);
  for (int i = 0; i < n; ++i) {
    x[i] = float(i % 31) * 0.5f;
    y[i] = float(i % 17) - 8.0f;
  }
  float *dx, *dy, *dout;
  CHECK(hipMalloc(&dx, n * sizeof(float)));
  CHECK(hipMalloc(&dy, n * sizeof(float)));
  CHECK(hipMalloc(&dout, n * sizeof(float)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(dy, y.data(), n * sizeof(float), hipMemcpyHostToDevice));
  int threads = (n / 4 > n % 4) ? n / 4 : n % 4;
  scale_add4<<<(threads + 255) / 256, 256>>>(dx, dy, dout, n, a);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dout, n * sizeof(float), hipMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    if (out[i] != a * x[i] + y[i]) {
      printf("FAIL: out[%d] = %f, expected %f\n", i, out[i], a * x[i] + y[i]);
      return 1;
    }
  }
  CHECK(hipFree(dx));
  CHECK(hipFree(dy));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}

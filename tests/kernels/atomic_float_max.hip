// Float maximum with an atomicCAS loop on the bit pattern (there is no native float atomicMax),
// over values that include negatives, so an integer compare of the bits would be wrong.
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

__device__ float atomic_max_float(float* addr, float value) {
  int* as_int = reinterpret_cast<int*>(addr);
  int old = *as_int;
  while (__int_as_float(old) < value) {
    int assumed = old;
    old = atomicCAS(as_int, assumed, __float_as_int(value));
    if (old == assumed) break;
  }
  return __int_as_float(old);
}

__global__ void max_kernel(const float* x, int n, float* result) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomic_max_float(result, x[i]);
}

int main() {
  const int n = 30011;
  std::vector<float> x(n);
  float want = -1e30f;
  for (int i = 0; i < n; ++i) {
    x[i] = -1000.0f + float((i * 7919) % 30011) * 0.01f;
    if (i % 5 == 0) x[i] = -x[i];
    want = x[i] > want ? x[i] : want;
  }
  float *dx, *dres;
  const float init = -1e30f;
  CHECK(hipMalloc(&dx, n * sizeof(float)));
  CHECK(hipMalloc(&dres, sizeof(float)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(dres, &init, sizeof(float), hipMemcpyHostToDevice));
  max_kernel<<<(n + 255) / 256, 256>>>(dx, n, dres);
  CHECK(hipGetLastError());
  float got = 0.0f;
  CHECK(hipMemcpy(&got, dres, sizeof(float), hipMemcpyDeviceToHost));
  if (got != want) {
    printf("FAIL: max %f, expected %f\n", got, want);
    return 1;
  }
  CHECK(hipFree(dx));
  CHECK(hipFree(dres));
  printf("PASS\n");
  return 0;
}

// Kernels inside namespaces, launched with qualified names: a plain kernel in a nested
// namespace through <<<>>>, a template in a namespace, and hipLaunchKernelGGL with a
// qualified name.
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

namespace ops {
namespace detail {
__global__ void negate(int* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = -x[i];
}
}  // namespace detail

template <typename T>
__global__ void clamp(T* x, int n, T lo, T hi) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);
}

__global__ void add_index(int* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] += i;
}
}  // namespace ops

int main() {
  const int n = 600;
  std::vector<int> x(n), out(n);
  for (int i = 0; i < n; ++i) x[i] = (i * 37) % 200 - 100;
  int* dx;
  CHECK(hipMalloc(&dx, n * sizeof(int)));
  CHECK(hipMemcpy(dx, x.data(), n * sizeof(int), hipMemcpyHostToDevice));
  ops::detail::negate<<<(n + 127) / 128, 128>>>(dx, n);
  CHECK(hipGetLastError());
  ops::clamp<int><<<(n + 127) / 128, 128>>>(dx, n, -50, 50);
  CHECK(hipGetLastError());
  hipLaunchKernelGGL(ops::add_index, dim3((n + 127) / 128), dim3(128), 0, 0, dx, n);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dx, n * sizeof(int), hipMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    int v = -x[i];
    v = v < -50 ? -50 : (v > 50 ? 50 : v);
    v += i;
    if (out[i] != v) {
      printf("FAIL: x[%d] = %d, expected %d\n", i, out[i], v);
      return 1;
    }
  }
  CHECK(hipFree(dx));
  printf("PASS\n");
  return 0;
}

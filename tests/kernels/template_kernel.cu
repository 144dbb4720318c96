// Template kernels launched with explicit template arguments (k<float, 4><<<...>>>): each thread
// handles UNROLL consecutive elements; instantiated for float, double and int.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

template <typename T, int UNROLL>
__global__ void axpb(const T* x, T* y, int n, T a, T b) {
  int base = (blockIdx.x * blockDim.x + threadIdx.x) * UNROLL;
#pragma unroll
  for (int u = 0; u < UNROLL; ++u) {
    int i = base + u;
    if (i < n) y[i] = a * x[i] + b;
  }
}

template <typename T, int UNROLL>
static int run(int n, T a, T b, const char* name) {
  std::vector<T> x(n), y(n);
  for (int i = 0; i < n; ++i) x[i] = T(i % 13) - T(6);
  T *dx, *dy;
  CHECK(cudaMalloc(&dx, n * sizeof(T)));
  CHECK(cudaMalloc(&dy, n * sizeof(T)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(T), cudaMemcpyHostToDevice));
  const int threads = 64;
  const int per_block = threads * UNROLL;
  axpb<T, UNROLL><<<(n + per_block - 1) / per_block, threads>>>(dx, dy, n, a, b);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(y.data(), dy, n * sizeof(T), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    if (y[i] != a * x[i] + b) {
      printf("FAIL: %s<%d>: y[%d] = %f, expected %f\n", name, UNROLL, i, (double)y[i],
             (double)(a * x[i] + b));
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dy));
  return 0;
}

int main() {
  if (run<float, 4>(1001, 2.5f, -1.0f, "float")) return 1;
  if (run<double, 2>(999, -0.5, 3.0, "double")) return 1;
  if (run<int, 1>(500, 3, 7, "int")) return 1;
  printf("PASS\n");
  return 0;
}

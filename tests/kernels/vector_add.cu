// Vector add over 1M floats, launched twice: one thread per element, then a grid-stride loop
// with a deliberately small grid so every thread handles many elements.
#include <cuda_runtime.h>
#include <cmath>
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

__global__ void add_plain(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

__global__ void add_grid_stride(const float* a, const float* b, float* c, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    c[i] = 2.0f * (a[i] + b[i]);
}

static int compare(const std::vector<float>& got, const std::vector<float>& a,
                   const std::vector<float>& b, float scale, const char* what) {
  for (size_t i = 0; i < got.size(); ++i) {
    float want = scale * (a[i] + b[i]);
    if (std::fabs(got[i] - want) > 1e-5f) {
      printf("FAIL: %s: c[%zu] = %f, expected %f\n", what, i, got[i], want);
      return 1;
    }
  }
  return 0;
}

int main() {
  const int n = 1 << 20;
  std::vector<float> a(n), b(n), c(n);
  for (int i = 0; i < n; ++i) {
    a[i] = float(i % 1000) * 0.5f;
    b[i] = float((i * 7) % 333) - 100.0f;
  }
  float *da, *db, *dc;
  const size_t bytes = n * sizeof(float);
  CHECK(cudaMalloc(&da, bytes));
  CHECK(cudaMalloc(&db, bytes));
  CHECK(cudaMalloc(&dc, bytes));
  CHECK(cudaMemcpy(da, a.data(), bytes, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b.data(), bytes, cudaMemcpyHostToDevice));

  const int block = 256;
  add_plain<<<(n + block - 1) / block, block>>>(da, db, dc, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));
  if (compare(c, a, b, 1.0f, "plain")) return 1;

  CHECK(cudaMemset(dc, 0, bytes));
  add_grid_stride<<<37, block>>>(da, db, dc, n);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));
  if (compare(c, a, b, 2.0f, "grid-stride")) return 1;

  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  CHECK(cudaFree(dc));
  printf("PASS\n");
  return 0;
}

// Two streams doing independent work with async copies, events timing one of them
// (cudaEventElapsedTime must be >= 0), and cudaStreamSynchronize before reading results.
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

__global__ void scale(float* x, int n, float s) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= s;
}

__global__ void offset(float* x, int n, float o) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] += o;
}

int main() {
  const int n = 50000;
  std::vector<float> a(n), b(n), ra(n), rb(n);
  for (int i = 0; i < n; ++i) {
    a[i] = float(i % 100);
    b[i] = float(i % 7);
  }
  float *da, *db;
  cudaStream_t s1, s2;
  cudaEvent_t start, stop;
  CHECK(cudaStreamCreate(&s1));
  CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  CHECK(cudaMalloc(&da, n * sizeof(float)));
  CHECK(cudaMalloc(&db, n * sizeof(float)));

  CHECK(cudaEventRecord(start, s1));
  CHECK(cudaMemcpyAsync(da, a.data(), n * sizeof(float), cudaMemcpyHostToDevice, s1));
  scale<<<(n + 255) / 256, 256, 0, s1>>>(da, n, 3.0f);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpyAsync(ra.data(), da, n * sizeof(float), cudaMemcpyDeviceToHost, s1));
  CHECK(cudaEventRecord(stop, s1));

  CHECK(cudaMemcpyAsync(db, b.data(), n * sizeof(float), cudaMemcpyHostToDevice, s2));
  offset<<<(n + 127) / 128, 128, 0, s2>>>(db, n, -1.5f);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpyAsync(rb.data(), db, n * sizeof(float), cudaMemcpyDeviceToHost, s2));

  CHECK(cudaStreamSynchronize(s1));
  CHECK(cudaStreamSynchronize(s2));
  CHECK(cudaEventSynchronize(stop));
  float ms = -1.0f;
  CHECK(cudaEventElapsedTime(&ms, start, stop));
  if (!(ms >= 0.0f)) {
    printf("FAIL: elapsed time %f ms\n", ms);
    return 1;
  }
  for (int i = 0; i < n; ++i) {
    if (ra[i] != 3.0f * a[i] || rb[i] != b[i] - 1.5f) {
      printf("FAIL: element %d: %f %f, expected %f %f\n", i, ra[i], rb[i], 3.0f * a[i],
             b[i] - 1.5f);
      return 1;
    }
  }
  CHECK(cudaEventDestroy(start));
  CHECK(cudaEventDestroy(stop));
  CHECK(cudaStreamDestroy(s1));
  CHECK(cudaStreamDestroy(s2));
  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  printf("PASS\n");
  return 0;
}

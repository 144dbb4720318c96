// Stream-ordered allocation in CUDA: cudaMallocAsync / cudaFreeAsync, a temporary buffer that
// lives only between two kernels on the same stream.
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

__global__ void double_it(const float* in, float* tmp, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) tmp[i] = 2.0f * in[i];
}

__global__ void add_one(const float* tmp, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tmp[i] + 1.0f;
}

int main() {
  const int n = 3000;
  std::vector<float> in(n), out(n);
  for (int i = 0; i < n; ++i) in[i] = float(i % 50) - 25.0f;
  cudaStream_t stream;
  CHECK(cudaStreamCreate(&stream));
  float *din, *dtmp, *dout;
  CHECK(cudaMallocAsync(&din, n * sizeof(float), stream));
  CHECK(cudaMallocAsync(&dtmp, n * sizeof(float), stream));
  CHECK(cudaMallocAsync(&dout, n * sizeof(float), stream));
  CHECK(cudaMemcpyAsync(din, in.data(), n * sizeof(float), cudaMemcpyHostToDevice, stream));
  double_it<<<(n + 127) / 128, 128, 0, stream>>>(din, dtmp, n);
  CHECK(cudaGetLastError());
  CHECK(cudaFreeAsync(din, stream));
  add_one<<<(n + 127) / 128, 128, 0, stream>>>(dtmp, dout, n);
  CHECK(cudaGetLastError());
  CHECK(cudaFreeAsync(dtmp, stream));
  CHECK(cudaMemcpyAsync(out.data(), dout, n * sizeof(float), cudaMemcpyDeviceToHost, stream));
  CHECK(cudaFreeAsync(dout, stream));
  CHECK(cudaStreamSynchronize(stream));
  for (int i = 0; i < n; ++i) {
    if (out[i] != 2.0f * in[i] + 1.0f) {
      printf("FAIL: out[%d] = %f, expected %f\n", i, out[i], 2.0f * in[i] + 1.0f);
      return 1;
    }
  }
  CHECK(cudaStreamDestroy(stream));
  printf("PASS\n");
  return 0;
}

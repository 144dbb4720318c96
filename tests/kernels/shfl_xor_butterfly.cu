// Butterfly all-reduce with __shfl_xor_sync: after log2(32) steps every lane holds the warp's
// sum and its maximum, and every lane writes them, so all 32 results are checked.
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

__global__ void butterfly(const int* in, int* sums, int* maxes) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int s = in[i], m = in[i];
#pragma unroll
  for (int mask = 16; mask > 0; mask >>= 1) {
    s += __shfl_xor_sync(0xffffffffu, s, mask);
    m = max(m, __shfl_xor_sync(0xffffffffu, m, mask));
  }
  sums[i] = s;
  maxes[i] = m;
}

int main() {
  const int n = 4 * 128;
  std::vector<int> in(n), sums(n), maxes(n);
  for (int i = 0; i < n; ++i) in[i] = (i * 7919) % 1000 - 300;
  int *din, *dsum, *dmax;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMalloc(&dsum, n * sizeof(int)));
  CHECK(cudaMalloc(&dmax, n * sizeof(int)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  butterfly<<<4, 128>>>(din, dsum, dmax);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(sums.data(), dsum, n * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(maxes.data(), dmax, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int w = 0; w < n / 32; ++w) {
    int s = 0, m = in[w * 32];
    for (int l = 0; l < 32; ++l) {
      s += in[w * 32 + l];
      m = in[w * 32 + l] > m ? in[w * 32 + l] : m;
    }
    for (int l = 0; l < 32; ++l) {
      int i = w * 32 + l;
      if (sums[i] != s || maxes[i] != m) {
        printf("FAIL: thread %d got sum %d max %d, expected %d %d\n", i, sums[i], maxes[i], s, m);
        return 1;
      }
    }
  }
  CHECK(cudaFree(din));
  CHECK(cudaFree(dsum));
  CHECK(cudaFree(dmax));
  printf("PASS\n");
  return 0;
}

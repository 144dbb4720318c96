// Classic shared-memory tree reduction with __syncthreads between the halving steps; one
// partial sum per block, finished on the host. Integers, so the check is exact.
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

constexpr int kBlock = 256;

__global__ void block_sum(const int* in, long long* partial, int n) {
  __shared__ long long s[kBlock];
  unsigned tid = threadIdx.x;
  int i = blockIdx.x * blockDim.x + tid;
  s[tid] = i < n ? in[i] : 0;
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid == 0) partial[blockIdx.x] = s[0];
}

int main() {
  const int n = 256 * 256 - 77;
  const int blocks = (n + kBlock - 1) / kBlock;
  std::vector<int> in(n);
  for (int i = 0; i < n; ++i) in[i] = (i * 31) % 1009 - 500;
  int* din;
  long long* dpart;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMalloc(&dpart, blocks * sizeof(long long)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  block_sum<<<blocks, kBlock>>>(din, dpart, n);
  CHECK(cudaGetLastError());
  std::vector<long long> part(blocks);
  CHECK(cudaMemcpy(part.data(), dpart, blocks * sizeof(long long), cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b) {
    long long want = 0;
    for (int i = b * kBlock; i < n && i < (b + 1) * kBlock; ++i) want += in[i];
    if (part[b] != want) {
      printf("FAIL: block %d sum %lld, expected %lld\n", b, part[b], want);
      return 1;
    }
  }
  CHECK(cudaFree(din));
  CHECK(cudaFree(dpart));
  printf("PASS\n");
  return 0;
}

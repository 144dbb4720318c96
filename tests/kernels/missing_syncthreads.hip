// NEGATIVE: an up-sweep reduction (the block's sum ends in the last element) with the
// __syncthreads between the steps missing. Each step reads sm[t - stride], written by another
// thread in the previous step. Threads that happen to run in increasing order, each to the end,
// still get the right answer, so normal mode on the cpu backend may pass; any other interleaving
// (--mode perturb, or a real GPU) reads stale partial sums and the self-check fails.
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

constexpr int BLOCK = 256;

__global__ void upsweep_sum(const int* in, int* out) {
  __shared__ int sm[BLOCK];
  int t = threadIdx.x;
  sm[t] = in[blockIdx.x * BLOCK + t];
  __syncthreads();
  for (int stride = 1; stride < BLOCK; stride *= 2) {
    if ((t + 1) % (2 * stride) == 0) sm[t] += sm[t - stride];
    // BUG: a __syncthreads() is needed here
  }
  if (t == BLOCK - 1) out[blockIdx.x] = sm[t];
}

int main() {
  const int grid = 16, n = grid * BLOCK;
  std::vector<int> in(n), out(grid);
  for (int i = 0; i < n; ++i) in[i] = (i * 7) % 13 + 1;
  int *din, *dout;
  CHECK(hipMalloc(&din, n * sizeof(int)));
  CHECK(hipMalloc(&dout, grid * sizeof(int)));
  CHECK(hipMemcpy(din, in.data(), n * sizeof(int), hipMemcpyHostToDevice));
  hipLaunchKernelGGL(upsweep_sum, dim3(grid), dim3(BLOCK), 0, 0, din, dout);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dout, grid * sizeof(int), hipMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < grid; ++b) {
    int want = 0;
    for (int t = 0; t < BLOCK; ++t) want += in[b * BLOCK + t];
    if (out[b] != want) {
      if (bad++ < 3) printf("FAIL: block %d sum %d, expected %d\n", b, out[b], want);
    }
  }
  if (bad) return 1;
  CHECK(hipFree(din));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}

// Two-level shuffle reduction: every warp reduces with __shfl_down_sync, lane 0 of each warp
// stores to shared memory, and only warp 0 runs the second shuffle stage (a shuffle inside a
// divergent branch). Also counts kernel-body executions to catch re-executed threads.
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

__device__ int warp_sum(int v) {
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

__global__ void reduce(const int* in, int* out, int n, int* executions) {
  __shared__ int warp_totals[32];
  atomicAdd(executions, 1);
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  int v = warp_sum(i < n ? in[i] : 0);
  if (lane == 0) warp_totals[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int nwarps = blockDim.x / 32;
    v = lane < nwarps ? warp_totals[lane] : 0;
    v = warp_sum(v);
    if (lane == 0) atomicAdd(out, v);
  }
}

int main() {
  const int n = 200000, block = 512, grid = (n + block - 1) / block;
  std::vector<int> in(n);
  long long want = 0;
  for (int i = 0; i < n; ++i) {
    in[i] = (i * 17) % 23 - 11;
    want += in[i];
  }
  int *din, *dout, *dexec;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMalloc(&dout, sizeof(int)));
  CHECK(cudaMalloc(&dexec, sizeof(int)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK(cudaMemset(dout, 0, sizeof(int)));
  CHECK(cudaMemset(dexec, 0, sizeof(int)));
  reduce<<<grid, block>>>(din, dout, n, dexec);
  CHECK(cudaGetLastError());
  int got = 0, exec = 0;
  CHECK(cudaMemcpy(&got, dout, sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&exec, dexec, sizeof(int), cudaMemcpyDeviceToHost));
  if (got != want) {
    printf("FAIL: sum %d, expected %lld\n", got, want);
    return 1;
  }
  if (exec != grid * block) {
    printf("FAIL: kernel body ran %d times, expected %d\n", exec, grid * block);
    return 1;
  }
  CHECK(cudaFree(din));
  CHECK(cudaFree(dout));
  CHECK(cudaFree(dexec));
  printf("PASS\n");
  return 0;
}

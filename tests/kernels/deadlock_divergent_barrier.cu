// NEGATIVE: a barrier inside a divergent branch. Threads 0..15 wait at __syncthreads(); the other
// 48 threads of the 64-thread block never reach a barrier: they perform a full-warp shuffle
// (mask 0xffffffff) and exit. Lanes 16..31 of warp 0 wait in that shuffle for lanes 0..15, which
// wait at the barrier for lanes 16..31. This is undefined behaviour in CUDA and can hang a real
// GPU; the cpu backend must report a deadlock instead of hanging.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void divergent(int* out) {
  __shared__ int s[64];
  int t = threadIdx.x;
  s[t] = t;
  if (t < 16) {
    __syncthreads();  // BUG: only 16 of 64 threads get here
    out[t] = s[63 - t];
  } else {
    out[t] = __shfl_sync(0xffffffffu, s[t], 0);
  }
}

int main() {
  int* dout;
  CHECK(cudaMalloc(&dout, 64 * sizeof(int)));
  divergent<<<1, 64>>>(dout);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  int out[64];
  CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
  // Whatever completes cannot be right: report it as a failure.
  printf("FAIL: the divergent barrier completed (out[0] = %d)\n", out[0]);
  return 1;
}

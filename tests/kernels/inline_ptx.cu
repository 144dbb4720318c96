// NEGATIVE: inline PTX reads the lane id. Valid CUDA that nvcc compiles, but the cpu backend
// cannot execute assembly and must report the program as unsupported (not as a wrong answer).
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

__device__ unsigned lane_id() {
  unsigned lane;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
  return lane;
}

__global__ void lanes(unsigned* out) { out[threadIdx.x] = lane_id(); }

int main() {
  unsigned* dout;
  unsigned out[64];
  CHECK(cudaMalloc(&dout, sizeof(out)));
  lanes<<<1, 64>>>(dout);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
  for (unsigned t = 0; t < 64; ++t) {
    if (out[t] != t % 32) {
      printf("FAIL: lane of thread %u = %u, expected %u\n", t, out[t], t % 32);
      return 1;
    }
  }
  CHECK(cudaFree(dout));
  printf("PASS\n");
  return 0;
}

// Inclusive prefix sum inside each warp with __shfl_up_sync (Hillis-Steele): lanes below the
// offset keep their value. A second launch scans 16-lane segments with the width argument.
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

__global__ void warp_scan(const int* in, int* out, int width) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x % width;
  int v = in[i];
  for (int offset = 1; offset < width; offset <<= 1) {
    int up = __shfl_up_sync(0xffffffffu, v, offset, width);
    if (lane >= offset) v += up;
  }
  out[i] = v;
}

static int run(int width, const std::vector<int>& in, int* din, int* dout) {
  const int n = (int)in.size();
  std::vector<int> out(n);
  warp_scan<<<n / 96, 96>>>(din, dout, width);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(out.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
  int running = 0;
  for (int i = 0; i < n; ++i) {
    running = (i % width == 0) ? in[i] : running + in[i];
    if (out[i] != running) {
      printf("FAIL: width %d: out[%d] = %d, expected %d\n", width, i, out[i], running);
      return 1;
    }
  }
  return 0;
}

int main() {
  const int n = 96 * 5;
  std::vector<int> in(n);
  for (int i = 0; i < n; ++i) in[i] = (i * 13) % 10 - 3;
  int *din, *dout;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMalloc(&dout, n * sizeof(int)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  if (run(32, in, din, dout) || run(16, in, din, dout)) return 1;
  CHECK(cudaFree(din));
  CHECK(cudaFree(dout));
  printf("PASS\n");
  return 0;
}

// Count elements above a threshold with __ballot_sync + __popc (one atomic per warp), and keep
// every warp's ballot mask so the bit layout (bit k = lane k) is checked too.
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

__global__ void count_above(const float* x, int n, float threshold, int* count,
                            unsigned* masks) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  bool hit = i < n && x[i] > threshold;
  unsigned mask = __ballot_sync(0xffffffffu, hit);
  if (threadIdx.x % 32 == 0) {
    masks[i / 32] = mask;
    atomicAdd(count, __popc(mask));
  }
}

int main() {
  const int n = 1000, block = 128, grid = (n + block - 1) / block, warps = grid * block / 32;
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = float((i * 37) % 101);
  const float threshold = 60.0f;
  float* dx;
  int* dcount;
  unsigned* dmasks;
  CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CHECK(cudaMalloc(&dcount, sizeof(int)));
  CHECK(cudaMalloc(&dmasks, warps * sizeof(unsigned)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemset(dcount, 0, sizeof(int)));
  count_above<<<grid, block>>>(dx, n, threshold, dcount, dmasks);
  CHECK(cudaGetLastError());
  int count = 0;
  std::vector<unsigned> masks(warps);
  CHECK(cudaMemcpy(&count, dcount, sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(masks.data(), dmasks, warps * sizeof(unsigned), cudaMemcpyDeviceToHost));
  int want = 0;
  for (int w = 0; w < warps; ++w) {
    unsigned m = 0;
    for (int l = 0; l < 32; ++l) {
      int i = w * 32 + l;
      if (i < n && x[i] > threshold) m |= 1u << l;
    }
    want += __builtin_popcount(m);
    if (masks[w] != m) {
      printf("FAIL: warp %d ballot %08x, expected %08x\n", w, masks[w], m);
      return 1;
    }
  }
  if (count != want) {
    printf("FAIL: count %d, expected %d\n", count, want);
    return 1;
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dcount));
  CHECK(cudaFree(dmasks));
  printf("PASS\n");
  return 0;
}

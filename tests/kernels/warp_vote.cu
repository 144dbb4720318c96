// __any_sync / __all_sync: per warp, is any element negative, are all elements even. Warps are
// filled so that the four combinations of (any, all) all occur.
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

__global__ void vote(const int* x, int* any_neg, int* all_even) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int a = __any_sync(0xffffffffu, x[i] < 0);
  int b = __all_sync(0xffffffffu, x[i] % 2 == 0);
  if (threadIdx.x % 32 == 0) {
    any_neg[i / 32] = a != 0;
    all_even[i / 32] = b != 0;
  }
}

int main() {
  const int warps = 8, n = warps * 32;
  std::vector<int> x(n);
  for (int w = 0; w < warps; ++w)
    for (int l = 0; l < 32; ++l) {
      int v = 2 * (w + l + 1);                  // positive, even
      if ((w & 1) && l == (w * 5) % 32) v = -v;  // odd warps: one negative lane
      if ((w & 2) && l == (w * 3) % 32) v += 1;  // warps 2,3,6,7: one odd lane
      x[w * 32 + l] = v;
    }
  int *dx, *dany, *dall;
  CHECK(cudaMalloc(&dx, n * sizeof(int)));
  CHECK(cudaMalloc(&dany, warps * sizeof(int)));
  CHECK(cudaMalloc(&dall, warps * sizeof(int)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  vote<<<2, 128>>>(dx, dany, dall);
  CHECK(cudaGetLastError());
  std::vector<int> any(warps), all(warps);
  CHECK(cudaMemcpy(any.data(), dany, warps * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(all.data(), dall, warps * sizeof(int), cudaMemcpyDeviceToHost));
  for (int w = 0; w < warps; ++w) {
    int want_any = 0, want_all = 1;
    for (int l = 0; l < 32; ++l) {
      want_any |= x[w * 32 + l] < 0;
      want_all &= x[w * 32 + l] % 2 == 0;
    }
    if (any[w] != want_any || all[w] != want_all) {
      printf("FAIL: warp %d any=%d all=%d, expected %d %d\n", w, any[w], all[w], want_any,
             want_all);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dany));
  CHECK(cudaFree(dall));
  printf("PASS\n");
  return 0;
}

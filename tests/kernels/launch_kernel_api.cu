// Launch through the runtime API instead of <<<>>>: cudaLaunchKernel with a void* args[] array
// holding pointers to each argument (mixed types: pointers, int, float, a struct by value).
// The kernel is passed as a typed function pointer (cuda_runtime.h's template overload).
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

struct Affine {
  float scale;
  float shift;
  int clamp_negative;
};

__global__ void affine(const float* x, float* y, int n, Affine p, float extra) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = p.scale * x[i] + p.shift + extra;
  y[i] = (p.clamp_negative && v < 0.0f) ? 0.0f : v;
}

int main() {
  int n = 777;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) x[i] = float(i % 41) - 20.0f;
  float *dx, *dy;
  CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CHECK(cudaMalloc(&dy, n * sizeof(float)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  Affine p{1.5f, -2.0f, 1};
  float extra = 0.25f;
  void* args[] = {&dx, &dy, &n, &p, &extra};
  dim3 block(64), grid((n + 63) / 64);
  CHECK(cudaLaunchKernel(affine, grid, block, args, 0, nullptr));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(y.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    float v = 1.5f * x[i] - 2.0f + 0.25f;
    float want = v < 0.0f ? 0.0f : v;
    if (y[i] != want) {
      printf("FAIL: y[%d] = %f, expected %f\n", i, y[i], want);
      return 1;
    }
  }
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dy));
  printf("PASS\n");
  return 0;
}

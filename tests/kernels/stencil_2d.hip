// 5-point Jacobi stencil on a 2D grid of 2D blocks (dim3 grid and block); the border is copied
// unchanged. The image size is not a multiple of the block size in either direction.
#include <hip/hip_runtime.h>
#include <cmath>
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

__global__ void stencil(const float* in, float* out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
    out[i] = in[i];
    return;
  }
  out[i] = 0.2f * (in[i] + in[i - 1] + in[i + 1] + in[i - w] + in[i + w]);
}

int main() {
  const int w = 123, h = 77;
  std::vector<float> in(w * h), out(w * h);
  for (int i = 0; i < w * h; ++i) in[i] = float((i * 17) % 29) - 14.0f;
  float *din, *dout;
  CHECK(hipMalloc(&din, in.size() * sizeof(float)));
  CHECK(hipMalloc(&dout, out.size() * sizeof(float)));
  CHECK(hipMemcpy(din, in.data(), in.size() * sizeof(float), hipMemcpyHostToDevice));
  dim3 block(16, 8);
  dim3 grid((w + block.x - 1) / block.x, (h + block.y - 1) / block.y);
  stencil<<<grid, block>>>(din, dout, w, h);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dout, out.size() * sizeof(float), hipMemcpyDeviceToHost));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      int i = y * w + x;
      float want = (x == 0 || y == 0 || x == w - 1 || y == h - 1)
                       ? in[i]
                       : 0.2f * (in[i] + in[i - 1] + in[i + 1] + in[i - w] + in[i + w]);
      if (std::fabs(out[i] - want) > 1e-5f) {
        printf("FAIL: out(%d,%d) = %f, expected %f\n", x, y, out[i], want);
        return 1;
      }
    }
  CHECK(hipFree(din));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}

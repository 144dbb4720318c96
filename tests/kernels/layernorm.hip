// LayerNorm over the last dimension, one block per row: each thread sums a strided slice, the
// block combines wavefront shuffles through shared memory (mean, then variance), and applies
// gamma/beta. Works for warpSize 32 or 64.
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

__device__ float block_sum(float v, float* scratch) {
  for (int o = warpSize / 2; o > 0; o >>= 1) v += __shfl_xor(v, o);
  int lane = threadIdx.x % warpSize, wave = threadIdx.x / warpSize;
  int nwaves = (blockDim.x + warpSize - 1) / warpSize;
  if (lane == 0) scratch[wave] = v;
  __syncthreads();
  float total = 0.0f;
  for (int w = 0; w < nwaves; ++w) total += scratch[w];
  __syncthreads();  // scratch is reused by the next call
  return total;
}

__global__ void layernorm(const float* x, const float* gamma, const float* beta, float* y,
                          int cols, float eps) {
  __shared__ float scratch[32];
  const float* xr = x + (size_t)blockIdx.x * cols;
  float s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) s += xr[c];
  float mean = block_sum(s, scratch) / cols;
  float v = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) v += (xr[c] - mean) * (xr[c] - mean);
  float inv_std = rsqrtf(block_sum(v, scratch) / cols + eps);
  for (int c = threadIdx.x; c < cols; c += blockDim.x)
    y[(size_t)blockIdx.x * cols + c] = (xr[c] - mean) * inv_std * gamma[c] + beta[c];
}

int main() {
  const int rows = 24, cols = 300;
  const float eps = 1e-5f;
  std::vector<float> x(rows * cols), y(rows * cols), g(cols), b(cols);
  for (int i = 0; i < rows * cols; ++i) x[i] = float((i * 37) % 101) * 0.05f + (i / cols) * 0.3f;
  for (int c = 0; c < cols; ++c) {
    g[c] = 1.0f + (c % 5) * 0.1f;
    b[c] = (c % 3) * 0.2f - 0.2f;
  }
  float *dx, *dg, *db, *dy;
  CHECK(hipMalloc(&dx, x.size() * sizeof(float)));
  CHECK(hipMalloc(&dy, y.size() * sizeof(float)));
  CHECK(hipMalloc(&dg, cols * sizeof(float)));
  CHECK(hipMalloc(&db, cols * sizeof(float)));
  CHECK(hipMemcpy(dx, x.data(), x.size() * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(dg, g.data(), cols * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(db, b.data(), cols * sizeof(float), hipMemcpyHostToDevice));
  hipLaunchKernelGGL(layernorm, dim3(rows), dim3(128), 0, 0, dx, dg, db, dy, cols, eps);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(y.data(), dy, y.size() * sizeof(float), hipMemcpyDeviceToHost));
  for (int r = 0; r < rows; ++r) {
    double mean = 0, var = 0;
    for (int c = 0; c < cols; ++c) mean += x[r * cols + c];
    mean /= cols;
    for (int c = 0; c < cols; ++c) var += (x[r * cols + c] - mean) * (x[r * cols + c] - mean);
    var /= cols;
    for (int c = 0; c < cols; ++c) {
      double want = (x[r * cols + c] - mean) / std::sqrt(var + eps) * g[c] + b[c];
      if (std::fabs(y[r * cols + c] - want) > 1e-3) {
        printf("FAIL: y[%d][%d] = %f, expected %f\n", r, c, y[r * cols + c], want);
        return 1;
      }
    }
  }
  CHECK(hipFree(dx));
  CHECK(hipFree(dy));
  CHECK(hipFree(dg));
  CHECK(hipFree(db));
  printf("PASS\n");
  return 0;
}

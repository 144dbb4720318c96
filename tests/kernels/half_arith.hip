// HIP __half arithmetic with the operators of hip_fp16.h: half inputs stored in device memory,
// a dot-product-like accumulation in half per thread, result converted back to float. Values are
// small multiples of 1/4 so every partial sum is exact in half precision.
#include <hip/hip_fp16.h>
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

__global__ void to_half(const float* in, __half* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = __float2half(in[i]);
}

__global__ void row_dot(const __half* a, const __half* b, float* out, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  __half acc = __float2half(0.0f);
  for (int c = 0; c < cols; ++c) acc = acc + a[r * cols + c] * b[r * cols + c];
  out[r] = __half2float(acc);
}

int main() {
  const int rows = 100, cols = 8, n = rows * cols;
  std::vector<float> a(n), b(n), out(rows);
  for (int i = 0; i < n; ++i) {
    a[i] = (i % 9) * 0.25f - 1.0f;
    b[i] = (i % 5) * 0.5f;
  }
  float *da, *db, *dout;
  __half *ha, *hb;
  CHECK(hipMalloc(&da, n * sizeof(float)));
  CHECK(hipMalloc(&db, n * sizeof(float)));
  CHECK(hipMalloc(&ha, n * sizeof(__half)));
  CHECK(hipMalloc(&hb, n * sizeof(__half)));
  CHECK(hipMalloc(&dout, rows * sizeof(float)));
  CHECK(hipMemcpy(da, a.data(), n * sizeof(float), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(db, b.data(), n * sizeof(float), hipMemcpyHostToDevice));
  hipLaunchKernelGGL(to_half, dim3((n + 255) / 256), dim3(256), 0, 0, da, ha, n);
  hipLaunchKernelGGL(to_half, dim3((n + 255) / 256), dim3(256), 0, 0, db, hb, n);
  CHECK(hipGetLastError());
  hipLaunchKernelGGL(row_dot, dim3((rows + 63) / 64), dim3(64), 0, 0, ha, hb, dout, rows, cols);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dout, rows * sizeof(float), hipMemcpyDeviceToHost));
  for (int r = 0; r < rows; ++r) {
    float want = 0.0f;
    for (int c = 0; c < cols; ++c) want += a[r * cols + c] * b[r * cols + c];
    if (out[r] != want) {
      printf("FAIL: row %d = %f, expected %f\n", r, out[r], want);
      return 1;
    }
  }
  CHECK(hipFree(da));
  CHECK(hipFree(db));
  CHECK(hipFree(ha));
  CHECK(hipFree(hb));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}

// __half arithmetic: convert float -> half, add and multiply in half precision (__hadd, __hmul,
// __hfma), convert back. Inputs are chosen so the half results are exact; one conversion of
// 0.1f checks that rounding to half really happens (0.1 is 0.0999755859375 in half).
#include <cuda_fp16.h>
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

__global__ void half_ops(const float* a, const float* b, float* sum, float* prod, float* fma,
                         float* rounded, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == 0) rounded[0] = __half2float(__float2half(0.1f));
  if (i >= n) return;
  __half ha = __float2half(a[i]), hb = __float2half(b[i]);
  sum[i] = __half2float(__hadd(ha, hb));
  prod[i] = __half2float(__hmul(ha, hb));
  fma[i] = __half2float(__hfma(ha, hb, __float2half(1.0f)));
}

int main() {
  const int n = 512;
  std::vector<float> a(n), b(n), sum(n), prod(n), fma(n);
  for (int i = 0; i < n; ++i) {
    a[i] = (i % 64) * 0.125f - 4.0f;
    b[i] = (i % 32) * 0.25f;
  }
  float *da, *db, *dsum, *dprod, *dfma, *dround;
  CHECK(cudaMalloc(&da, n * sizeof(float)));
  CHECK(cudaMalloc(&db, n * sizeof(float)));
  CHECK(cudaMalloc(&dsum, n * sizeof(float)));
  CHECK(cudaMalloc(&dprod, n * sizeof(float)));
  CHECK(cudaMalloc(&dfma, n * sizeof(float)));
  CHECK(cudaMalloc(&dround, sizeof(float)));
  CHECK(cudaMemcpy(da, a.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  half_ops<<<(n + 127) / 128, 128>>>(da, db, dsum, dprod, dfma, dround, n);
  CHECK(cudaGetLastError());
  float rounded = 0.0f;
  CHECK(cudaMemcpy(sum.data(), dsum, n * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(prod.data(), dprod, n * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(fma.data(), dfma, n * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&rounded, dround, sizeof(float), cudaMemcpyDeviceToHost));
  if (rounded != 0.0999755859375f) {
    printf("FAIL: half(0.1f) = %.10f, expected 0.0999755859375\n", rounded);
    return 1;
  }
  for (int i = 0; i < n; ++i) {
    if (sum[i] != a[i] + b[i] || prod[i] != a[i] * b[i] || fma[i] != a[i] * b[i] + 1.0f) {
      printf("FAIL: i=%d: sum %f prod %f fma %f, expected %f %f %f\n", i, sum[i], prod[i], fma[i],
             a[i] + b[i], a[i] * b[i], a[i] * b[i] + 1.0f);
      return 1;
    }
  }
  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  CHECK(cudaFree(dsum));
  CHECK(cudaFree(dprod));
  CHECK(cudaFree(dfma));
  CHECK(cudaFree(dround));
  printf("PASS\n");
  return 0;
}

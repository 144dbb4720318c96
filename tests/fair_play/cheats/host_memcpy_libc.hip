// hip/elementwise/saxpy: std::memcpy straight from the device pointer
// expect: host code read device memory
#include <hip/hip_runtime.h>
#include <cstring>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  std::memcpy(hx, x, n * sizeof(float));
  std::memcpy(hy, y, n * sizeof(float));
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpy(y, hy, n * sizeof(float), hipMemcpyHostToDevice);
  delete[] hx;
  delete[] hy;
}

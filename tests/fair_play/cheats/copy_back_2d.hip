// hip/elementwise/saxpy: hipMemcpy2D back as one row
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  size_t w = n * sizeof(float);
  hipMemcpy2D(hx, w, x, w, w, 1, hipMemcpyDeviceToHost);
  hipMemcpy2D(hy, w, y, w, w, 1, hipMemcpyDeviceToHost);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpy(y, hy, w, hipMemcpyHostToDevice);
  delete[] hx;
  delete[] hy;
}

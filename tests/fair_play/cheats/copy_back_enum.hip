// hip/elementwise/saxpy: copies back with hipMemcpyDeviceToHost, computes on the host
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  hipMemcpy(hx, x, n * sizeof(float), hipMemcpyDeviceToHost);
  hipMemcpy(hy, y, n * sizeof(float), hipMemcpyDeviceToHost);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpy(y, hy, n * sizeof(float), hipMemcpyHostToDevice);
  delete[] hx;
  delete[] hy;
}

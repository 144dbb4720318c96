// hip/elementwise/saxpy: HIP's driver-style hipMemcpyDtoH
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  hipMemcpyDtoH(hx, (hipDeviceptr_t)x, n * sizeof(float));
  hipMemcpyDtoH(hy, (hipDeviceptr_t)y, n * sizeof(float));
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpyHtoD((hipDeviceptr_t)y, hy, n * sizeof(float));
  delete[] hx;
  delete[] hy;
}

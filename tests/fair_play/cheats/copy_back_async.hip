// hip/elementwise/saxpy: hipMemcpyAsync back on the task's stream, then synchronises
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  hipMemcpyAsync(hx, x, n * sizeof(float), hipMemcpyDeviceToHost, stream);
  hipMemcpyAsync(hy, y, n * sizeof(float), hipMemcpyDeviceToHost, stream);
  hipStreamSynchronize(stream);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpyAsync(y, hy, n * sizeof(float), hipMemcpyHostToDevice, stream);
  hipStreamSynchronize(stream);
  delete[] hx;
  delete[] hy;
}

// Copies the inputs to the host with a numeric copy kind (2 = DeviceToHost, no banned token), computes
// there and uploads the answer: no kernel at all. The harness's window refuses the copy on every backend.
#include <hip/hip_runtime.h>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  hipMemcpy(hx, x, n * sizeof(float), (hipMemcpyKind)2);
  hipMemcpy(hy, y, n * sizeof(float), (hipMemcpyKind)2);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpy(y, hy, n * sizeof(float), hipMemcpyHostToDevice);
}

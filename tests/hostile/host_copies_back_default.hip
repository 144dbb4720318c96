// The same with hipMemcpyDefault: the direction comes from the pointers, and so does the refusal.
#include <hip/hip_runtime.h>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  hipMemcpyAsync(hx, x, n * sizeof(float), hipMemcpyDefault, stream);
  hipMemcpyAsync(hy, y, n * sizeof(float), hipMemcpyDefault, stream);
  hipStreamSynchronize(stream);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpy(y, hy, n * sizeof(float), hipMemcpyDefault);
}

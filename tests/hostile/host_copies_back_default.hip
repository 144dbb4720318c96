// The same with hipMemcpyDefault: the direction comes from the pointers, and so does the refusal.
#include <hip/hip_runtime.h>
#include <vector>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  std::vector<float> hx(n), hy(n);
  hipMemcpyAsync(hx.data(), x, n * sizeof(float), hipMemcpyDefault, stream);
  hipMemcpyAsync(hy.data(), y, n * sizeof(float), hipMemcpyDefault, stream);
  hipStreamSynchronize(stream);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  hipMemcpy(y, hy.data(), n * sizeof(float), hipMemcpyDefault);
}

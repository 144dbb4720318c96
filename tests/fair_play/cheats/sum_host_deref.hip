// hip/reduction/sum_f32: sums on the host through the device pointer
// expect: host code read device memory
#include <hip/hip_runtime.h>
void sum_f32(int n, const float* x, float* out, hipStream_t stream) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += x[i];
  *out = static_cast<float>(s);
}

// hip/elementwise/saxpy: tries to close the harness's guard window itself
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
#if defined(CPURT_WARP_SIZE)
  cpurt::guard::end(1);
#endif
  for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

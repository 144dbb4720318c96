// Sleeps for an hour on the host (no CPU use, so only the wall clock can stop it).
#include <hip/hip_runtime.h>

extern "C" unsigned sleep(unsigned);

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  sleep(3600);
}

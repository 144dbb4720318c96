// Creates a file in a world-writable folder outside /tmp (mkstemp is not on the static check's list).
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  char path[] = "@OPEN_DIR@/escaped-XXXXXX";
  if (mkstemp(path) < 0) perror(path);
}

// Creates files outside its directory with mkstemp, which the static check does not list.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  char first[] = "@ESCAPE_DIR@/escaped-mkstemp-XXXXXX";
  char second[] = "@CWD@/escaped-mkstemp-@PID@-XXXXXX";
  char* targets[] = {first, second};
  for (char* path : targets) {
    if (mkstemp(path) < 0) perror(path);
  }
}

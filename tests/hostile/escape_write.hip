// Writes files outside its directory: a world-writable folder of the test and the evaluator's cwd.
#include <hip/hip_runtime.h>
#include <cstdio>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  const char* targets[] = {"@ESCAPE_DIR@/escaped-fopen", "@CWD@/escaped-fopen-@PID@", "/var/tmp/escaped-fopen-@PID@"};
  for (const char* path : targets) {
    FILE* f = fopen(path, "w");
    if (f) {
      fputs("escaped\n", f);
      fclose(f);
    } else {
      perror(path);
    }
  }
}

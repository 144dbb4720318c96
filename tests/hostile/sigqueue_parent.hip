// Signals the evaluator, its parent and pid 1 with sigqueue, a name the static check does not list.
// sigqueue and getppid come from the cpu runtime's prelude (no include of the solution's own).
#include <hip/hip_runtime.h>
#include <cstdio>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  union sigval v;
  v.sival_int = 0;
  int targets[] = {@PID@, getppid(), 1};
  for (int pid : targets) fprintf(stderr, "sigqueue(%d, SIGKILL) = %d\n", pid, sigqueue(pid, SIGKILL, v));
}

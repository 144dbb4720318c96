// Kills the evaluator (by its real pid and process group), its parent, every process it may signal, then its own group.
#include <hip/hip_runtime.h>
#include <csignal>
#include <cstdio>
#include <unistd.h>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  fprintf(stderr, "kill evaluator: %d\n", kill(@PID@, SIGKILL));
  fprintf(stderr, "kill evaluator group: %d\n", kill(-@PGID@, SIGKILL));
  fprintf(stderr, "kill parent %d: %d\n", getppid(), kill(getppid(), SIGKILL));
  fprintf(stderr, "kill -1: %d\n", kill(-1, SIGKILL));
  fflush(stderr);
  killpg(0, SIGKILL);
}

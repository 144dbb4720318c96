// hip/elementwise/saxpy: hipLaunchHostFunc computes in a stream callback
// expect: host code read device memory
#include <hip/hip_runtime.h>
struct Job {
  int n;
  float a;
  const float* x;
  float* y;
};
static void work(void* p) {
  Job* j = static_cast<Job*>(p);
  for (int i = 0; i < j->n; ++i) j->y[i] = j->a * j->x[i] + j->y[i];
}
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  static Job job;
  job = Job{n, a, x, y};
  hipLaunchHostFunc(stream, work, &job);
}

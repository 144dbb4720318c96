// Two HIP streams with a dependency: stream 2 waits (hipStreamWaitEvent) for an event recorded on
// stream 1 after a producer kernel, then consumes its output. Events time stream 1's work.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    hipError_t err_ = (call);                                                                \
    if (err_ != hipSuccess) {                                                                \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             hipGetErrorName(err_), hipGetErrorString(err_));                                \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void produce(int* buf, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) buf[i] = i * i % 1000;
}

__global__ void consume(const int* buf, int* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = buf[n - 1 - i] + 1;
}

int main() {
  const int n = 20000;
  int *dbuf, *dout;
  std::vector<int> out(n);
  hipStream_t s1, s2;
  hipEvent_t start, produced;
  CHECK(hipStreamCreate(&s1));
  CHECK(hipStreamCreateWithFlags(&s2, hipStreamNonBlocking));
  CHECK(hipEventCreate(&start));
  CHECK(hipEventCreate(&produced));
  CHECK(hipMalloc(&dbuf, n * sizeof(int)));
  CHECK(hipMalloc(&dout, n * sizeof(int)));

  CHECK(hipEventRecord(start, s1));
  hipLaunchKernelGGL(produce, dim3((n + 255) / 256), dim3(256), 0, s1, dbuf, n);
  CHECK(hipGetLastError());
  CHECK(hipEventRecord(produced, s1));
  CHECK(hipStreamWaitEvent(s2, produced, 0));
  consume<<<(n + 255) / 256, 256, 0, s2>>>(dbuf, dout, n);
  CHECK(hipGetLastError());
  CHECK(hipMemcpyAsync(out.data(), dout, n * sizeof(int), hipMemcpyDeviceToHost, s2));
  CHECK(hipStreamSynchronize(s2));
  CHECK(hipEventSynchronize(produced));
  float ms = -1.0f;
  CHECK(hipEventElapsedTime(&ms, start, produced));
  if (!(ms >= 0.0f)) {
    printf("FAIL: elapsed time %f ms\n", ms);
    return 1;
  }
  if (hipEventQuery(produced) != hipSuccess) {
    printf("FAIL: the event is not complete after hipEventSynchronize\n");
    return 1;
  }
  for (int i = 0; i < n; ++i) {
    int j = n - 1 - i, want = j * j % 1000 + 1;
    if (out[i] != want) {
      printf("FAIL: out[%d] = %d, expected %d\n", i, out[i], want);
      return 1;
    }
  }
  CHECK(hipEventDestroy(start));
  CHECK(hipEventDestroy(produced));
  CHECK(hipStreamDestroy(s1));
  CHECK(hipStreamDestroy(s2));
  CHECK(hipFree(dbuf));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}

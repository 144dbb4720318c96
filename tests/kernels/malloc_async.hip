// Stream-ordered allocation: hipMallocAsync / hipFreeAsync on a created stream, with the copy,
// the kernel and the free all ordered on that stream.
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

__global__ void square(const int* in, long long* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = (long long)in[i] * in[i];
}

int main() {
  const int n = 4099;
  std::vector<int> in(n);
  std::vector<long long> out(n);
  for (int i = 0; i < n; ++i) in[i] = i * 1000 - 7;
  hipStream_t stream;
  CHECK(hipStreamCreate(&stream));
  int* din = nullptr;
  long long* dout = nullptr;
  CHECK(hipMallocAsync(reinterpret_cast<void**>(&din), n * sizeof(int), stream));
  CHECK(hipMallocAsync(reinterpret_cast<void**>(&dout), n * sizeof(long long), stream));
  CHECK(hipMemcpyAsync(din, in.data(), n * sizeof(int), hipMemcpyHostToDevice, stream));
  hipLaunchKernelGGL(square, dim3((n + 255) / 256), dim3(256), 0, stream, din, dout, n);
  CHECK(hipGetLastError());
  CHECK(hipMemcpyAsync(out.data(), dout, n * sizeof(long long), hipMemcpyDeviceToHost, stream));
  CHECK(hipFreeAsync(din, stream));
  CHECK(hipFreeAsync(dout, stream));
  CHECK(hipStreamSynchronize(stream));
  for (int i = 0; i < n; ++i) {
    long long want = (long long)in[i] * in[i];
    if (out[i] != want) {
      printf("FAIL: out[%d] = %lld, expected %lld\n", i, out[i], want);
      return 1;
    }
  }
  CHECK(hipStreamDestroy(stream));
  printf("PASS\n");
  return 0;
}

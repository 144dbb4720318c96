// roctx ranges around a HIP kernel.
#include <hip/hip_runtime.h>
#include <roctracer/roctx.h>

#include <cstdio>

__global__ void one(int* v) { v[threadIdx.x] = 1; }

int main() {
  int* d = nullptr;
  hipMalloc(&d, 64 * sizeof(int));
  roctxRangePush("kernel");
  hipLaunchKernelGGL(one, dim3(1), dim3(64), 0, 0, d);
  roctxRangePop();
  roctxMark("done");
  int host[64];
  hipMemcpy(host, d, sizeof host, hipMemcpyDeviceToHost);
  int sum = 0;
  for (int v : host) sum += v;
  std::printf(sum == 64 ? "PASS\n" : "FAIL\n");
  return sum == 64 ? 0 : 1;
}

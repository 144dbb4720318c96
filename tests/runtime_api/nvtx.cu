// NVTX ranges and marks around kernels: no-ops that change nothing the program computes.
#include <cuda_runtime.h>
#include <nvToolsExt.h>
#include <nvtx3/nvToolsExt.h>
#include <nvtx3/nvtx3.hpp>

#include <cstdio>

__global__ void twice(int n, float* v) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] *= 2.0f;
}

int main() {
  NVTX3_FUNC_RANGE();
  const int n = 1000;
  float host[n];
  for (int i = 0; i < n; ++i) host[i] = float(i);
  float* d = nullptr;
  cudaMalloc(&d, sizeof host);
  nvtxRangePushA("upload");
  cudaMemcpy(d, host, sizeof host, cudaMemcpyHostToDevice);
  nvtxRangePop();
  nvtxEventAttributes_t attributes = {};
  attributes.version = NVTX_VERSION;
  attributes.size = NVTX_EVENT_ATTRIB_STRUCT_SIZE;
  attributes.colorType = NVTX_COLOR_ARGB;
  attributes.color = 0xFF00FF00;
  attributes.messageType = NVTX_MESSAGE_TYPE_ASCII;
  attributes.message.ascii = "kernel";
  nvtxRangeId_t range = nvtxRangeStartEx(&attributes);
  {
    nvtx3::scoped_range scope{"twice"};
    twice<<<(n + 255) / 256, 256>>>(n, d);
  }
  nvtxRangeEnd(range);
  nvtxMarkA("done");
  cudaMemcpy(host, d, sizeof host, cudaMemcpyDeviceToHost);
  cudaFree(d);
  for (int i = 0; i < n; ++i)
    if (host[i] != 2.0f * i) return std::printf("FAIL at %d\n"), 1;
  std::printf("PASS\n");
  return 0;
}

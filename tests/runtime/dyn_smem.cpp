// Dynamic shared memory: `extern __shared__` as the rewriter emits it, inside a function body
// (CPURT_DYN_SMEM) and at namespace scope (a #define), sized by the launch; the 48 KiB default
// limit and cudaFuncSetAttribute(MaxDynamicSharedMemorySize) raising it.
#include <cuda_runtime.h>

#include <cstdint>
#include <vector>

#include "check.h"

#define scratch (::cpurt::dynamic_smem<int>())  // rewritten from a namespace-scope declaration

__global__ void reverse(const int* in, int* out, int n) {
  CPURT_DYN_SMEM(int, buf);  // extern __shared__ int buf[];
  int t = threadIdx.x;
  buf[t] = in[blockIdx.x * n + t];
  __syncthreads();
  out[blockIdx.x * n + t] = buf[n - 1 - t];
  if (t == 0) out[gridDim.x * n + blockIdx.x] = int(reinterpret_cast<std::uintptr_t>(buf) % 16);
}

__global__ void at_namespace_scope(int* out) {
  scratch[threadIdx.x] = threadIdx.x * 2;
  __syncthreads();
  out[threadIdx.x] = scratch[(threadIdx.x + 1) % blockDim.x];
}

__global__ void big(char* out) {
  CPURT_DYN_SMEM(char, bytes);
  bytes[100 * 1024 - 1 - threadIdx.x] = 7;
  __syncthreads();
  out[threadIdx.x] = bytes[100 * 1024 - 1 - threadIdx.x];
}

int main() {
  const int blocks = 8, n = 200;
  std::vector<int> in(blocks * n), out(blocks * n + blocks, -1);
  for (int i = 0; i < blocks * n; ++i) in[i] = i;
  CPURT_LAUNCH((reverse), (blocks), (n), (n * sizeof(int)), (0), in.data(), out.data(), n);
  CHECK(cudaGetLastError() == cudaSuccess, "launch");
  for (int b = 0; b < blocks; ++b) {
    for (int t = 0; t < n; ++t) CHECK(out[b * n + t] == b * n + n - 1 - t, "b%d t%d", b, t);
    CHECK(out[blocks * n + b] == 0, "dynamic shared memory not 16-byte aligned");
  }

  std::vector<int> o2(64);
  CPURT_LAUNCH((at_namespace_scope), (1), (64), (64 * sizeof(int)), (0), o2.data());
  for (int t = 0; t < 64; ++t) CHECK(o2[t] == ((t + 1) % 64) * 2, "t%d", t);

  std::vector<char> o3(32, 0);
  CPURT_LAUNCH((big), (1), (32), (100 * 1024), (0), o3.data());  // above 48 KiB: refused
  CHECK(cudaGetLastError() == cudaErrorInvalidConfiguration, "100 KiB accepted without opt-in");
  CHECK(o3[0] == 0, "kernel ran");
  CHECK(cudaFuncSetAttribute(big, cudaFuncAttributeMaxDynamicSharedMemorySize, 100 * 1024) == cudaSuccess, "attr");
  CPURT_LAUNCH((big), (1), (32), (100 * 1024), (0), o3.data());
  CHECK(cudaGetLastError() == cudaSuccess, "opt-in launch");
  CHECK(o3[31] == 7, "opt-in kernel did not run");
  CHECK(cudaFuncSetAttribute(big, cudaFuncAttributeMaxDynamicSharedMemorySize, 1 << 30) == cudaErrorInvalidValue,
        "1 GiB opt-in accepted");
  CHECK(cudaGetLastError() == cudaErrorInvalidValue, "error not recorded");
  std::printf("PASS\n");
  return 0;
}

// The runtime guards of cpurt/guard.h, driven as the harness drives them: inside the window kernels
// and device-to-device copies work, a device-to-host copy is refused and reported by end(), and
// (with an argument) a host dereference of device memory dies with a message.
#include <cuda_runtime.h>

#include <cstdio>
#include <cstring>

__device__ float coefficients[4];

__global__ void twice(int n, float* v) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] *= 2.0f;
}

int main(int argc, char** argv) {
  const int n = 256;
  float host[n];
  for (int i = 0; i < n; ++i) host[i] = float(i);
  float *d = nullptr, *e = nullptr;
  cudaMalloc(&d, sizeof host);
  cudaMemcpy(d, host, sizeof host, cudaMemcpyHostToDevice);
  const auto token = cpurt::guard::begin();
  if (argc > 1 && std::strcmp(argv[1], "deref") == 0) std::printf("%f\n", d[3]);  // faults
  int failures = 0;
  cudaMalloc(&e, sizeof host);  // allocated inside the window: guarded too
  twice<<<1, n>>>(n, d);
  failures += cudaMemcpy(e, d, sizeof host, cudaMemcpyDeviceToDevice) != cudaSuccess;
  // Device to a __device__ symbol stays on the device: allowed.
  failures += cudaMemcpyToSymbol(coefficients, d, sizeof coefficients, 0, cudaMemcpyDeviceToDevice) != cudaSuccess;
  failures += cudaMemcpy(host, e, sizeof host, (cudaMemcpyKind)4) == cudaSuccess;  // Default, device to host
  const char* violation = cpurt::guard::end(token);
  failures += violation == nullptr || std::strstr(violation, "copied device memory to the host") == nullptr;
  failures += host[3] != 3.0f;  // the refused copy left the host buffer alone
  failures += cudaMemcpy(host, e, sizeof host, cudaMemcpyDeviceToHost) != cudaSuccess;  // outside: allowed
  failures += host[3] != 6.0f || e[5] != 10.0f;  // host access outside the window, as the harness does
  std::printf(failures == 0 ? "PASS\n" : "FAIL: %d\n", failures);
  return failures != 0;
}

// hip/elementwise/saxpy: hipMemcpyFromSymbolAsync with the Default kind
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
__device__ float staged[1 << 23];
__global__ void stage(int n, const float* x) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) staged[i] = x[i];
}
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(stage, dim3((n + 255) / 256), dim3(256), 0, stream, n, x);
  float* hx = new float[n];
  hipMemcpyFromSymbolAsync(hx, HIP_SYMBOL(staged), n * sizeof(float), 0, hipMemcpyDefault, stream);
  hipStreamSynchronize(stream);
  delete[] hx;
}

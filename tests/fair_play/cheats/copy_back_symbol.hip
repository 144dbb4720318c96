// hip/elementwise/saxpy: a kernel stages x in a __device__ array, hipMemcpyFromSymbol brings it home
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
  hipMemcpyFromSymbol(hx, HIP_SYMBOL(staged), n * sizeof(float), 0, hipMemcpyDeviceToHost);
  for (int i = 0; i < n; ++i) hx[i] *= a;
  hipMemcpyToSymbol(HIP_SYMBOL(staged), hx, n * sizeof(float));
  delete[] hx;
}

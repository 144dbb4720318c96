// A HIP program using the CUDA spelling of each kind of API name: hipcc knows none of them, so the cpu
// backend must refuse each one ("'X' was not declared in this scope"), not only the host functions.
#include <hip/hip_runtime.h>

__global__ void fill(float* x) { x[threadIdx.x] = 1.0f; }

void host_function() {
  void* pinned = nullptr;
  cudaHostAlloc(&pinned, 16, 0);
}
void type_name() { cudaStream_t stream = nullptr; }
void enum_constant(float* d, const float* h) { hipMemcpy(d, h, 4, cudaMemcpyHostToDevice); }
void launch_api(float* d) {
  cudaLaunchConfig_t config = {};
  cudaLaunchKernelEx(&config, fill, d);
}
void error_constant() { hipError_t e = cudaErrorInvalidValue; }
void stream_macro() { hipStreamSynchronize(cudaStreamPerThread); }

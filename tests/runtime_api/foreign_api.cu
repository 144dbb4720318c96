// A CUDA program using the HIP spelling of each kind of API name: nvcc knows none of them, so the cpu
// backend must refuse each one ("'X' was not declared in this scope"), not only the host functions.
#include <cuda_runtime.h>

__global__ void fill(float* x) { x[threadIdx.x] = 1.0f; }

void host_function_outside_the_both_spellings_macro() {
  void* pinned = nullptr;
  hipHostMalloc(&pinned, 16, 0);
}
void type_name() { hipStream_t stream = nullptr; }
void enum_constant(float* d, const float* h) { cudaMemcpy(d, h, 4, hipMemcpyHostToDevice); }
void launch_macro(float* d) { hipLaunchKernelGGL(fill, dim3(1), dim3(32), 0, 0, d); }
void error_constant() { cudaError_t e = hipErrorInvalidValue; }

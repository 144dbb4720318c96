// A CUDA program calling a HIP function: nvcc refuses it, so must the cpu backend.
#include <cuda_runtime.h>

void grow(float** p, cudaStream_t s) { hipMallocAsync(p, 4, s); }

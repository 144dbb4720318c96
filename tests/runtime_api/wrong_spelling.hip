// A HIP program calling a CUDA function: hipcc refuses it, so must the cpu backend.
#include <hip/hip_runtime.h>

void grow(float** p) { cudaMalloc(p, 4); }

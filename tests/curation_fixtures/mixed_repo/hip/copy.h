#pragma once
#include <hip/hip_runtime.h>

// A kernel defined in a header (header-only library style).
static inline __global__ void copy_kernel(const float* src, float* dst, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    dst[i] = src[i];
  }
}

#define MACRO_KERNEL_DOC "__global__ void inside_macro_string(float* x)"

#pragma once
#include <cuda_runtime.h>

// A near-duplicate of copy_kernel in hip/copy.h: only the names differ.
__global__ void copy_floats(const float* from, float* to, int count) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < count) {
    to[i] = from[i];
  }
}

__global__ void bad_syntax_kernel(float* x, int n) {
  if (threadIdx.x < n) x[threadIdx.x] = ;
}

__global__ void abs_diff_kernel(const int* a, const int* b, int* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
  }
}

#include <cuda_runtime.h>

#define WINDOW 8

// Reads WINDOW - 1 elements past the n it is given: a buffer of n elements overflows.
__global__ void window_sum(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float s = 0.0f;
  for (int k = 0; k < WINDOW; ++k) s += in[i + k];
  out[i] = s;
}

// Writes at 2 * i + 1: twice the extent, through an index the rules cannot bound.
__global__ void spread_odd(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int j = 2 * i;
  j += 1;
  if (i < n) out[j] = in[i];
}

// Reads 32 extents away: no sane buffer size covers it.
__global__ void far_gather(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int j = i;
  j += 32 * n;
  if (i < n) out[i] = in[j];
}

#include "../include/common.cuh"

__global__ void vec_add(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    c[i] = a[i] + b[i];
  }
}

__global__ void clamp_kernel(float* x, float lo, float hi, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  Range r{lo, hi};
  if (i < n) x[i] = clamp_to(x[i], r);
}

__global__ void histogram_kernel(const int* keys, int* bins, int n, int nbins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    atomicAdd(&bins[keys[i] % nbins], 1);
  }
}

__global__ void stencil3_kernel(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i > 0 && i < n - 1) {
    out[i] = 0.25f * in[i - 1] + 0.5f * in[i] + 0.25f * in[i + 1];
  }
}

__constant__ float kPoly[4];

__global__ void poly_kernel(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    y[i] = ((kPoly[3] * x[i] + kPoly[2]) * x[i] + kPoly[1]) * x[i] + kPoly[0];
  }
}

// A JIT source string is not a kernel of this file.
static const char* kJitSource = R"(
extern "C" __global__ void jit_kernel(float* x) { x[threadIdx.x] *= 2.0f; }
)";

#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// Each thread handles one group of four elements: a float4 load/store when the whole group is
// inside [0, n), element by element for the last, partial group.
__global__ void axpbypc_kernel(int n, float a, const float* __restrict__ x, float b, const float* __restrict__ y,
                               float c, float* __restrict__ z) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  int first = 4 * g;
  if (first + 3 < n) {
    float4 xv = reinterpret_cast<const float4*>(x)[g];
    float4 yv = reinterpret_cast<const float4*>(y)[g];
    float4 zv;
    zv.x = fmaf(a, xv.x, fmaf(b, yv.x, c));
    zv.y = fmaf(a, xv.y, fmaf(b, yv.y, c));
    zv.z = fmaf(a, xv.z, fmaf(b, yv.z, c));
    zv.w = fmaf(a, xv.w, fmaf(b, yv.w, c));
    reinterpret_cast<float4*>(z)[g] = zv;
  } else if (first < n) {
    for (int i = first; i < n; ++i) z[i] = fmaf(a, x[i], fmaf(b, y[i], c));
  }
}

void axpbypc(int n, float a, const float* x, float b, const float* y, float c, float* z, hipStream_t stream) {
  int groups = (n + 3) / 4;
  int blocks = (groups + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(axpbypc_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, a, x, b, y, c, z);
}

// task: hip/elementwise/axpbypc_vec4
// Style: two kernels (float4 bulk, scalar tail) and a std::vector the host never needs.
#include <hip/hip_runtime.h>
#include <vector>

__global__ void axpbypc_vec4_kernel(int groups, float a, const float4* x, float b, const float4* y, float c,
                                    float4* z) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < groups) {
    const float4 xv = x[i];
    const float4 yv = y[i];
    z[i] = make_float4(a * xv.x + b * yv.x + c, a * xv.y + b * yv.y + c, a * xv.z + b * yv.z + c,
                       a * xv.w + b * yv.w + c);
  }
}

__global__ void axpbypc_tail_kernel(int start, int n, float a, const float* x, float b, const float* y, float c,
                                    float* z) {
  const int i = start + threadIdx.x;
  if (i < n) z[i] = a * x[i] + b * y[i] + c;
}

void axpbypc(int n, float a, const float* x, float b, const float* y, float c, float* z, hipStream_t stream) {
  std::vector<int> launch_sizes;  // left over from experimenting with block sizes
  launch_sizes.push_back(256);
  const int groups = n / 4;
  if (groups > 0) {
    const int blocks = (groups + launch_sizes[0] - 1) / launch_sizes[0];
    hipLaunchKernelGGL(axpbypc_vec4_kernel, dim3(blocks), dim3(launch_sizes[0]), 0, stream, groups, a,
                       reinterpret_cast<const float4*>(x), b, reinterpret_cast<const float4*>(y), c,
                       reinterpret_cast<float4*>(z));
  }
  if (n % 4 != 0) {
    hipLaunchKernelGGL(axpbypc_tail_kernel, dim3(1), dim3(4), 0, stream, groups * 4, n, a, x, b, y, c, z);
  }
}

#include <hip/hip_runtime.h>

#include <cstddef>

// One thread per body i. The bodies j stream through shared memory a tile of kBlock at a time (position
// and mass packed in a float4), so every body's data is read from global memory once per block. Loads are
// clamped to the last body, so threads past the end load valid data (and compute nothing that is kept);
// only the first `count` slots of the last tile are used. The step is fused into the same kernel: the new
// velocity first, then the position moved with that new velocity.
constexpr int kBlock = 256;

__global__ void nbody_step_kernel(int n, float dt, float eps2, const float* __restrict__ pos,
                                  const float* __restrict__ vel, const float* __restrict__ mass,
                                  float* __restrict__ new_pos, float* __restrict__ new_vel) {
  __shared__ float4 tile[kBlock];
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const int me = min(i, n - 1);
  const float xi = pos[3 * (size_t)me], yi = pos[3 * (size_t)me + 1], zi = pos[3 * (size_t)me + 2];
  float ax = 0.0f, ay = 0.0f, az = 0.0f;
  for (int base = 0; base < n; base += kBlock) {
    const int j = min(base + (int)threadIdx.x, n - 1);
    tile[threadIdx.x] = make_float4(pos[3 * (size_t)j], pos[3 * (size_t)j + 1], pos[3 * (size_t)j + 2], mass[j]);
    __syncthreads();  // tile loaded
    const int count = min(kBlock, n - base);
    for (int k = 0; k < count; ++k) {
      const float4 b = tile[k];
      const float dx = b.x - xi, dy = b.y - yi, dz = b.z - zi;
      const float d2 = dx * dx + dy * dy + dz * dz + eps2;
      const float inv = rsqrtf(d2);
      const float s = b.w * inv * inv * inv;  // m_j / (d^2 + eps^2)^(3/2)
      ax += s * dx;
      ay += s * dy;
      az += s * dz;
    }
    __syncthreads();  // tile consumed before the next load overwrites it
  }
  if (i < n) {
    const float vx = vel[3 * (size_t)i] + dt * ax;
    const float vy = vel[3 * (size_t)i + 1] + dt * ay;
    const float vz = vel[3 * (size_t)i + 2] + dt * az;
    new_vel[3 * (size_t)i] = vx;
    new_vel[3 * (size_t)i + 1] = vy;
    new_vel[3 * (size_t)i + 2] = vz;
    new_pos[3 * (size_t)i] = xi + dt * vx;
    new_pos[3 * (size_t)i + 1] = yi + dt * vy;
    new_pos[3 * (size_t)i + 2] = zi + dt * vz;
  }
}

void nbody_step(int n, float dt, float eps, const float* pos, const float* vel, const float* mass, float* new_pos,
                float* new_vel, hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(nbody_step_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, dt, eps * eps, pos, vel, mass,
                     new_pos, new_vel);
}

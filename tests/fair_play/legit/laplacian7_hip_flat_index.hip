// task: hip/stencil/laplacian7_3d
// Style: a flattened 64-bit index with a grid-stride loop.
#include <hip/hip_runtime.h>
#include <cstddef>

__global__ void laplacian7_kernel(int nz, int ny, int nx, float alpha, const float* in, float* out) {
  const size_t total = static_cast<size_t>(nz) * ny * nx;
  const size_t stride = static_cast<size_t>(gridDim.x) * blockDim.x;
  for (size_t idx = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < total; idx += stride) {
    const int x = static_cast<int>(idx % nx);
    const int y = static_cast<int>((idx / nx) % ny);
    const int z = static_cast<int>(idx / (static_cast<size_t>(nx) * ny));
    const float centre = in[idx];
    if (x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1) {
      out[idx] = centre;
      continue;
    }
    const size_t plane = static_cast<size_t>(nx) * ny;
    const float sum = in[idx - 1] + in[idx + 1] + in[idx - nx] + in[idx + nx] + in[idx - plane] + in[idx + plane];
    out[idx] = centre + alpha * (sum - 6.0f * centre);
  }
}

void laplacian7_step(int nz, int ny, int nx, float alpha, const float* in, float* out, hipStream_t stream) {
  const size_t total = static_cast<size_t>(nz) * ny * nx;
  size_t blocks = (total + 255) / 256;
  if (blocks > 2048) blocks = 2048;
  laplacian7_kernel<<<dim3(static_cast<unsigned>(blocks)), dim3(256), 0, stream>>>(nz, ny, nx, alpha, in, out);
}

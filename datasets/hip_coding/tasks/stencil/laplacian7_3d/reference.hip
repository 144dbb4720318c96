#include <hip/hip_runtime.h>

constexpr int kBlockX = 32;
constexpr int kBlockY = 8;

// 2.5D blocking: a block owns a kBlockY x kBlockX column of the volume and walks it plane by plane.
// For each plane it stages the tile plus a one-cell x/y halo in shared memory; the z neighbours come
// straight from global memory.
__global__ void laplacian7_kernel(int nz, int ny, int nx, float alpha, const float* __restrict__ in,
                                  float* __restrict__ out) {
  __shared__ float plane[kBlockY + 2][kBlockX + 2];
  const int x = blockIdx.x * kBlockX + threadIdx.x;
  const int y = blockIdx.y * kBlockY + threadIdx.y;
  const int tid = threadIdx.y * kBlockX + threadIdx.x;
  const int plane_size = nx * ny;
  for (int z = 0; z < nz; ++z) {
    for (int j = tid; j < (kBlockY + 2) * (kBlockX + 2); j += kBlockX * kBlockY) {
      int py = j / (kBlockX + 2), px = j % (kBlockX + 2);
      int gy = blockIdx.y * kBlockY - 1 + py, gx = blockIdx.x * kBlockX - 1 + px;
      plane[py][px] = (gx >= 0 && gx < nx && gy >= 0 && gy < ny) ? in[z * plane_size + gy * nx + gx] : 0.0f;
    }
    __syncthreads();
    if (x < nx && y < ny) {
      const int i = z * plane_size + y * nx + x;
      const int py = threadIdx.y + 1, px = threadIdx.x + 1;
      const float centre = plane[py][px];
      const bool boundary = x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1;
      if (boundary) {
        out[i] = centre;
      } else {
        float sum = plane[py][px - 1] + plane[py][px + 1] + plane[py - 1][px] + plane[py + 1][px] +
                    in[i - plane_size] + in[i + plane_size];
        out[i] = centre + alpha * (sum - 6.0f * centre);
      }
    }
    __syncthreads();  // the next plane overwrites the shared tile
  }
}

void laplacian7_step(int nz, int ny, int nx, float alpha, const float* in, float* out, hipStream_t stream) {
  dim3 block(kBlockX, kBlockY);
  dim3 grid((nx + kBlockX - 1) / kBlockX, (ny + kBlockY - 1) / kBlockY);
  hipLaunchKernelGGL(laplacian7_kernel, grid, block, 0, stream, nz, ny, nx, alpha, in, out);
}

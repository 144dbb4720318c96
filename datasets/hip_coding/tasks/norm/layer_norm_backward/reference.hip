#include <hip/hip_runtime.h>

constexpr int kRowThreads = 256;  // threads per row in the dx kernel
constexpr int kColTile = 32;      // columns per block in the column-reduction kernel
constexpr int kRowLanes = 8;      // rows read at once by a column-reduction block
constexpr int kRowsPerChunk = 256;

// Sums v over the block (blockDim.x == kRowThreads); every thread gets the total.
__device__ float block_sum(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();
  for (int stride = kRowThreads / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) scratch[threadIdx.x] += scratch[threadIdx.x + stride];
    __syncthreads();
  }
  const float total = scratch[0];
  __syncthreads();  // every thread has read the total before scratch is reused
  return total;
}

// Block r: dx of row r. With g = dy * gamma and xhat = (x - mean) * rstd,
// dx = rstd * (g - mean_c(g) - xhat * mean_c(g * xhat)).
__global__ void layer_norm_dx_kernel(int cols, const float* __restrict__ dy, const float* __restrict__ x,
                                     const float* __restrict__ mean, const float* __restrict__ rstd,
                                     const float* __restrict__ gamma, float* __restrict__ dx) {
  __shared__ float scratch[kRowThreads];
  const size_t r = blockIdx.x;
  const float mu = mean[r], rs = rstd[r];
  const float* dy_row = dy + r * cols;
  const float* x_row = x + r * cols;
  float sum_g = 0.0f, sum_gx = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kRowThreads) {
    const float g = dy_row[c] * gamma[c];
    sum_g += g;
    sum_gx += g * ((x_row[c] - mu) * rs);
  }
  const float mean_g = block_sum(sum_g, scratch) / cols;
  const float mean_gx = block_sum(sum_gx, scratch) / cols;
  for (int c = threadIdx.x; c < cols; c += kRowThreads) {
    const float xhat = (x_row[c] - mu) * rs;
    dx[r * cols + c] = rs * (dy_row[c] * gamma[c] - mean_g - xhat * mean_gx);
  }
}

// Block (tile, chunk): partial column sums of dy * xhat and dy over rows [chunk*kRowsPerChunk, ...) for
// columns [tile*kColTile, ...); thread (lane, j) walks rows j, j + kRowLanes, ... of the chunk.
__global__ void layer_norm_param_partial_kernel(int rows, int cols, const float* __restrict__ dy,
                                                const float* __restrict__ x, const float* __restrict__ mean,
                                                const float* __restrict__ rstd, float* __restrict__ part_gamma,
                                                float* __restrict__ part_beta) {
  __shared__ float sg[kRowLanes][kColTile];
  __shared__ float sb[kRowLanes][kColTile];
  const int lane = threadIdx.x, j = threadIdx.y;
  const int c = blockIdx.x * kColTile + lane;
  const int r0 = blockIdx.y * kRowsPerChunk;
  const int r1 = min(rows, r0 + kRowsPerChunk);
  float acc_g = 0.0f, acc_b = 0.0f;
  if (c < cols) {
    for (int r = r0 + j; r < r1; r += kRowLanes) {
      const float d = dy[(size_t)r * cols + c];
      acc_g += d * ((x[(size_t)r * cols + c] - mean[r]) * rstd[r]);
      acc_b += d;
    }
  }
  sg[j][lane] = acc_g;
  sb[j][lane] = acc_b;
  __syncthreads();
  if (j == 0 && c < cols) {
    float total_g = 0.0f, total_b = 0.0f;
    for (int i = 0; i < kRowLanes; ++i) total_g += sg[i][lane], total_b += sb[i][lane];
    part_gamma[(size_t)blockIdx.y * cols + c] = total_g;
    part_beta[(size_t)blockIdx.y * cols + c] = total_b;
  }
}

// Thread c: sums the chunks' partials of column c in chunk order.
__global__ void layer_norm_param_final_kernel(int chunks, int cols, const float* __restrict__ part_gamma,
                                              const float* __restrict__ part_beta, float* __restrict__ dgamma,
                                              float* __restrict__ dbeta) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= cols) return;
  float total_g = 0.0f, total_b = 0.0f;
  for (int i = 0; i < chunks; ++i) {
    total_g += part_gamma[(size_t)i * cols + c];
    total_b += part_beta[(size_t)i * cols + c];
  }
  dgamma[c] = total_g;
  dbeta[c] = total_b;
}

void layer_norm_backward(int rows, int cols, const float* dy, const float* x, const float* mean, const float* rstd,
                         const float* gamma, float* dx, float* dgamma, float* dbeta, hipStream_t stream) {
  hipLaunchKernelGGL(layer_norm_dx_kernel, dim3(rows), dim3(kRowThreads), 0, stream, cols, dy, x, mean, rstd, gamma,
                     dx);
  const int chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
  float* parts = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&parts), 2 * (size_t)chunks * cols * sizeof(float), stream);
  const dim3 grid((cols + kColTile - 1) / kColTile, chunks);
  hipLaunchKernelGGL(layer_norm_param_partial_kernel, grid, dim3(kColTile, kRowLanes), 0, stream, rows, cols, dy, x,
                     mean, rstd, parts, parts + (size_t)chunks * cols);
  hipLaunchKernelGGL(layer_norm_param_final_kernel, dim3((cols + 255) / 256), dim3(256), 0, stream, chunks, cols,
                     parts, parts + (size_t)chunks * cols, dgamma, dbeta);
  hipFreeAsync(parts, stream);
}

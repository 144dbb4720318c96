// task: hip/matmul/matvec
// Style: one block per row, shared-memory tree reduction (no warp-size assumption).
#include <hip/hip_runtime.h>

#define BLOCK 128

__global__ void matvec_rows(int rows, int cols, const float* a, const float* x, float* y) {
  __shared__ float partial[BLOCK];
  const int r = blockIdx.x;
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += BLOCK) sum += a[static_cast<size_t>(r) * cols + c] * x[c];
  partial[threadIdx.x] = sum;
  __syncthreads();
  for (int s = BLOCK / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) y[r] = partial[0];
}

void matvec(int rows, int cols, const float* a, const float* x, float* y, hipStream_t stream) {
  matvec_rows<<<rows, BLOCK, 0, stream>>>(rows, cols, a, x, y);
}

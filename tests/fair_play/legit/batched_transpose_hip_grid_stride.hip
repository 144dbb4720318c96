// task: hip/transpose/batched_transpose_f32
// Style: one flat grid-stride loop over every element of every matrix.
#include <hip/hip_runtime.h>
#include <cstdint>

__global__ void batched_transpose_kernel(int batch, int rows, int cols, const float* in, float* out) {
  const int64_t per = static_cast<int64_t>(rows) * cols;
  const int64_t total = per * batch;
  for (int64_t idx = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; idx < total;
       idx += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t b = idx / per;
    const int64_t within = idx % per;
    const int64_t r = within / cols;
    const int64_t c = within % cols;
    out[b * per + c * rows + r] = in[idx];
  }
}

void batched_transpose_f32(int batch, int rows, int cols, const float* in, float* out, hipStream_t stream) {
  const int64_t total = static_cast<int64_t>(batch) * rows * cols;
  const int threads = 256;
  const int blocks = static_cast<int>(total / threads + 1 < 4096 ? total / threads + 1 : 4096);
  hipLaunchKernelGGL(batched_transpose_kernel, dim3(blocks), dim3(threads), 0, stream, batch, rows, cols, in, out);
}

#include <hip/hip_runtime.h>

constexpr int kTile = 16;

// One block per 16x16 output tile of one channel (blockIdx.z). The block stages the tile plus its
// k - 1 halo (zeros outside the image) in shared memory, then each thread applies its channel's filter.
__global__ void depthwise_kernel(int height, int width, int k, const float* __restrict__ input,
                                 const float* __restrict__ filter, float* __restrict__ output) {
  extern __shared__ float tile[];
  const int half = k / 2;
  const int span = kTile + k - 1;
  const int ch = blockIdx.z;
  const float* plane = input + (size_t)ch * height * width;
  const float* taps = filter + (size_t)ch * k * k;
  const int row0 = blockIdx.y * kTile - half, col0 = blockIdx.x * kTile - half;
  for (int i = threadIdx.y; i < span; i += kTile) {
    for (int j = threadIdx.x; j < span; j += kTile) {
      int sr = row0 + i, sc = col0 + j;
      bool inside = sr >= 0 && sr < height && sc >= 0 && sc < width;
      tile[i * span + j] = inside ? plane[(size_t)sr * width + sc] : 0.0f;
    }
  }
  __syncthreads();
  int r = blockIdx.y * kTile + threadIdx.y, c = blockIdx.x * kTile + threadIdx.x;
  if (r < height && c < width) {
    float acc = 0.0f;
    for (int i = 0; i < k; ++i)
      for (int j = 0; j < k; ++j) acc += tile[(threadIdx.y + i) * span + threadIdx.x + j] * taps[i * k + j];
    output[(size_t)ch * height * width + (size_t)r * width + c] = acc;
  }
}

void depthwise_conv2d(int channels, int height, int width, int k, const float* input, const float* filter,
                      float* output, hipStream_t stream) {
  dim3 grid((width + kTile - 1) / kTile, (height + kTile - 1) / kTile, channels);
  size_t smem = (size_t)(kTile + k - 1) * (kTile + k - 1) * sizeof(float);
  hipLaunchKernelGGL(depthwise_kernel, grid, dim3(kTile, kTile), smem, stream, height, width, k, input, filter,
                     output);
}

// task: hip/convolution/depthwise_conv2d
// Style: a 3D grid with blockIdx.z over the channels.
#include <hip/hip_runtime.h>

__global__ void depthwise_kernel(int height, int width, int k, const float* input, const float* filter,
                                 float* output) {
  const int ch = blockIdx.z;
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  const int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r >= height || c >= width) return;
  const int h = k / 2;
  const float* plane = input + static_cast<size_t>(ch) * height * width;
  const float* f = filter + static_cast<size_t>(ch) * k * k;
  float acc = 0.0f;
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      const int rr = r + i - h, cc = c + j - h;
      if (rr >= 0 && rr < height && cc >= 0 && cc < width) acc += plane[rr * width + cc] * f[i * k + j];
    }
  }
  output[static_cast<size_t>(ch) * height * width + r * width + c] = acc;
}

void depthwise_conv2d(int channels, int height, int width, int k, const float* input, const float* filter,
                      float* output, hipStream_t stream) {
  dim3 block(16, 16, 1);
  dim3 grid((width + 15) / 16, (height + 15) / 16, channels);
  depthwise_kernel<<<grid, block, 0, stream>>>(height, width, k, input, filter, output);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kPoolTile = 8;             // pooled outputs per block side
constexpr int kConvTile = 2 * kPoolTile; // convolution outputs per block side
constexpr int kIn = kConvTile + 2;       // input tile side with the 3x3 halo

// Block (x, y, z) computes an 8x8 tile of pooled outputs of image z / c_out, output channel
// z % c_out. Thread (tx, ty) owns one pooled output, i.e. a 2x2 window of convolution outputs. Per
// input channel the 18x18 input patch (zero outside the image) and the 3x3 filter are staged in
// shared memory; the four window sums stay in registers, and bias, ReLU and the max are applied once
// at the end.
__global__ void conv_relu_pool_kernel(int c_in, int c_out, int h, int w, const float* __restrict__ x,
                                      const float* __restrict__ weight, const float* __restrict__ bias,
                                      float* __restrict__ y) {
  __shared__ float patch[kIn][kIn + 1];
  __shared__ float filt[9];
  const int tx = threadIdx.x, ty = threadIdx.y, tid = ty * kPoolTile + tx;
  const int img = blockIdx.z / c_out, co = blockIdx.z % c_out;
  const int ph = h / 2, pw = w / 2;
  const int row0 = blockIdx.y * kConvTile - 1, col0 = blockIdx.x * kConvTile - 1;  // patch origin (halo)
  float acc[2][2] = {{0.0f, 0.0f}, {0.0f, 0.0f}};
  for (int ci = 0; ci < c_in; ++ci) {
    const float* plane = x + ((size_t)img * c_in + ci) * h * w;
    for (int i = tid; i < kIn * kIn; i += kPoolTile * kPoolTile) {
      const int r = row0 + i / kIn, c = col0 + i % kIn;
      patch[i / kIn][i % kIn] = (r >= 0 && r < h && c >= 0 && c < w) ? plane[(size_t)r * w + c] : 0.0f;
    }
    if (tid < 9) filt[tid] = weight[((size_t)co * c_in + ci) * 9 + tid];
    __syncthreads();  // patch and filter loaded
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const int pr = 2 * ty + dy, pc = 2 * tx + dx;  // conv output position inside the tile
        float s = 0.0f;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) s += patch[pr + ky][pc + kx] * filt[ky * 3 + kx];
        acc[dy][dx] += s;
      }
    __syncthreads();  // patch consumed before the next channel overwrites it
  }
  const int py = blockIdx.y * kPoolTile + ty, px = blockIdx.x * kPoolTile + tx;
  if (py < ph && px < pw) {
    const float m = fmaxf(fmaxf(acc[0][0], acc[0][1]), fmaxf(acc[1][0], acc[1][1]));
    y[(((size_t)img * c_out + co) * ph + py) * pw + px] = fmaxf(m + bias[co], 0.0f);
  }
}

void conv_relu_pool(int batch, int c_in, int c_out, int h, int w, const float* x, const float* weight,
                    const float* bias, float* y, hipStream_t stream) {
  const int ph = h / 2, pw = w / 2;
  dim3 block(kPoolTile, kPoolTile);
  dim3 grid((pw + kPoolTile - 1) / kPoolTile, (ph + kPoolTile - 1) / kPoolTile, batch * c_out);
  hipLaunchKernelGGL(conv_relu_pool_kernel, grid, block, 0, stream, c_in, c_out, h, w, x, weight, bias, y);
}

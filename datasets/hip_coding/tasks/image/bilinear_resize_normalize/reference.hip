#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlockX = 32, kBlockY = 8;

// One thread per output pixel (ox, oy) for all channels: the source coordinates, the four neighbour
// offsets and the two weights depend only on the pixel, so they are computed once and reused for every
// channel, and the interpolated value is normalised in registers before the single store. Consecutive
// threads write consecutive pixels of a channel plane.
__global__ void resize_normalize_kernel(int channels, int in_h, int in_w, int out_h, int out_w, float scale_y,
                                        float scale_x, const float* __restrict__ in, const float* __restrict__ mean,
                                        const float* __restrict__ stddev, float* __restrict__ out) {
  const int ox = blockIdx.x * kBlockX + threadIdx.x, oy = blockIdx.y * kBlockY + threadIdx.y;
  if (ox < out_w && oy < out_h) {
    // Half-pixel centres; coordinates left of the first centre clamp to it.
    const float sy = fmaxf((oy + 0.5f) * scale_y - 0.5f, 0.0f);
    const float sx = fmaxf((ox + 0.5f) * scale_x - 0.5f, 0.0f);
    const int y0 = (int)sy, x0 = (int)sx;  // floor, as both are >= 0
    const int y1 = min(y0 + 1, in_h - 1), x1 = min(x0 + 1, in_w - 1);
    const float wy = sy - y0, wx = sx - x0;
    const size_t plane_in = (size_t)in_h * in_w, plane_out = (size_t)out_h * out_w;
    const size_t top_row = (size_t)y0 * in_w, bottom_row = (size_t)y1 * in_w;
    for (int c = 0; c < channels; ++c) {
      const float* p = in + c * plane_in;
      const float top = p[top_row + x0] + wx * (p[top_row + x1] - p[top_row + x0]);
      const float bottom = p[bottom_row + x0] + wx * (p[bottom_row + x1] - p[bottom_row + x0]);
      const float v = top + wy * (bottom - top);
      out[c * plane_out + (size_t)oy * out_w + ox] = (v - mean[c]) / stddev[c];
    }
  }
}

void resize_normalize(int channels, int in_h, int in_w, int out_h, int out_w, const float* in, const float* mean,
                      const float* stddev, float* out, hipStream_t stream) {
  const float scale_y = (float)in_h / (float)out_h, scale_x = (float)in_w / (float)out_w;
  dim3 block(kBlockX, kBlockY);
  dim3 grid((out_w + kBlockX - 1) / kBlockX, (out_h + kBlockY - 1) / kBlockY);
  hipLaunchKernelGGL(resize_normalize_kernel, grid, block, 0, stream, channels, in_h, in_w, out_h, out_w, scale_y,
                     scale_x, in, mean, stddev, out);
}

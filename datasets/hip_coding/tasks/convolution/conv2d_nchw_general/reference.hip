#include <hip/hip_runtime.h>

constexpr int kTile = 16;  // GEMM tile: kTile filters x kTile output positions, kTile-deep slices

struct ConvShape {
  int n, c, h, w, k, r, s;
  int stride_h, stride_w, pad_h, pad_w, dil_h, dil_w;
  int p, q;
};

// Thread per column entry: col[j][m], j = (ci*R + rr)*S + ss the filter tap, m = (img*P + op)*Q + oq the
// output position, holds the input element the tap reads there (0 in the zero padding).
__global__ void im2col_kernel(ConvShape sh, const float* __restrict__ x, float* __restrict__ col) {
  const size_t positions = (size_t)sh.n * sh.p * sh.q;
  const size_t total = positions * sh.c * sh.r * sh.s;
  const size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= total) return;
  const size_t m = idx % positions, j = idx / positions;
  const int oq = m % sh.q, op = (m / sh.q) % sh.p, img = m / ((size_t)sh.q * sh.p);
  const int ss = j % sh.s, rr = (j / sh.s) % sh.r, ci = j / ((size_t)sh.s * sh.r);
  const int iy = op * sh.stride_h - sh.pad_h + rr * sh.dil_h;
  const int ix = oq * sh.stride_w - sh.pad_w + ss * sh.dil_w;
  float value = 0.0f;
  if (iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w) value = x[(((size_t)img * sh.c + ci) * sh.h + iy) * sh.w + ix];
  col[idx] = value;
}

// Block (mx, ky): filters [ky*kTile, ...) x positions [mx*kTile, ...) of out = weight (K x CRS) * col
// (CRS x NPQ), through shared-memory tiles; adds the bias and scatters into the NKPQ layout.
__global__ void conv_gemm_kernel(ConvShape sh, const float* __restrict__ weight, const float* __restrict__ bias,
                                 const float* __restrict__ col, float* __restrict__ y) {
  __shared__ float ws[kTile][kTile + 1];
  __shared__ float cs[kTile][kTile + 1];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int depth = sh.c * sh.r * sh.s;
  const size_t positions = (size_t)sh.n * sh.p * sh.q;
  const int kk = blockIdx.y * kTile + ty;
  const size_t m = (size_t)blockIdx.x * kTile + tx;
  float acc = 0.0f;
  for (int j0 = 0; j0 < depth; j0 += kTile) {
    const int wj = j0 + tx, cj = j0 + ty;
    ws[ty][tx] = (kk < sh.k && wj < depth) ? weight[(size_t)kk * depth + wj] : 0.0f;
    cs[ty][tx] = (cj < depth && m < positions) ? col[(size_t)cj * positions + m] : 0.0f;
    __syncthreads();  // tiles loaded
    for (int i = 0; i < kTile; ++i) acc += ws[ty][i] * cs[i][tx];
    __syncthreads();  // tiles consumed before the next load
  }
  if (kk < sh.k && m < positions) {
    const size_t plane = (size_t)sh.p * sh.q;
    const size_t img = m / plane, pos = m % plane;
    y[(img * sh.k + kk) * plane + pos] = acc + bias[kk];
  }
}

void conv2d_nchw(int n, int c, int h, int w, int k, int r, int s, int stride_h, int stride_w, int pad_h, int pad_w,
                 int dil_h, int dil_w, const float* x, const float* weight, const float* bias, float* y,
                 hipStream_t stream) {
  ConvShape sh{n, c, h, w, k, r, s, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, 0, 0};
  sh.p = (h + 2 * pad_h - dil_h * (r - 1) - 1) / stride_h + 1;
  sh.q = (w + 2 * pad_w - dil_w * (s - 1) - 1) / stride_w + 1;
  const size_t positions = (size_t)n * sh.p * sh.q;
  const size_t col_total = positions * c * r * s;
  float* col = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&col), col_total * sizeof(float), stream);
  hipLaunchKernelGGL(im2col_kernel, dim3((col_total + 255) / 256), dim3(256), 0, stream, sh, x, col);
  const dim3 grid((positions + kTile - 1) / kTile, (k + kTile - 1) / kTile);
  hipLaunchKernelGGL(conv_gemm_kernel, grid, dim3(kTile, kTile), 0, stream, sh, weight, bias, col, y);
  hipFreeAsync(col, stream);
}

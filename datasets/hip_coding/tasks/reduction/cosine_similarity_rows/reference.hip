#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
// The host cannot read warpSize, so the grid is sized for the widest warp (64 lanes: 4 rows per
// block); with 32-lane warps the surplus warps find no row and leave.
constexpr int kRowsPerBlock = kBlock / 64;

// The exponent e with m * 2^-e in [0.5, 1) for m > 0 (0 for m = 0). Scaling a row by 2^-e is exact and
// brings its largest magnitude into [0.5, 1): no square or product of scaled values overflows, and the
// scaled norm is at least 0.5 (tiny entries beside the largest may underflow, a negligible loss).
__device__ int scale_exponent(float m) {
  int e;
  frexpf(m, &e);
  return e;
}

// One warp per row. Pass 1: the largest |a| and |b| of the row (butterfly maxima). Pass 2 (the row is
// re-read, from cache): the dot product and squared norms of the rows scaled by 2^-ea and 2^-eb
// (butterfly sums). The scale factors cancel in the quotient and move to the clamp:
// dot / max(|a| |b|, eps) = dot_s / max(|a_s| |b_s|, eps * 2^-(ea + eb)).
__global__ void cosine_similarity_kernel(int rows, int cols, float eps, const float* __restrict__ a,
                                         const float* __restrict__ b, float* __restrict__ out) {
  const int lane = threadIdx.x % warpSize;
  const int row = blockIdx.x * kRowsPerBlock + threadIdx.x / warpSize;
  if (row >= rows) return;  // whole warps leave together, so the shuffles stay full-warp
  const float* a_row = a + (size_t)row * cols;
  const float* b_row = b + (size_t)row * cols;
  float max_a = 0.0f, max_b = 0.0f;
  for (int c = lane; c < cols; c += warpSize) {
    max_a = fmaxf(max_a, fabsf(a_row[c]));
    max_b = fmaxf(max_b, fabsf(b_row[c]));
  }
  for (int mask = warpSize / 2; mask > 0; mask /= 2) {
    max_a = fmaxf(max_a, __shfl_xor(max_a, mask));
    max_b = fmaxf(max_b, __shfl_xor(max_b, mask));
  }
  const int ea = scale_exponent(max_a), eb = scale_exponent(max_b);
  float dot = 0.0f, sq_a = 0.0f, sq_b = 0.0f;
  for (int c = lane; c < cols; c += warpSize) {
    const float as = ldexpf(a_row[c], -ea), bs = ldexpf(b_row[c], -eb);
    dot += as * bs;
    sq_a += as * as;
    sq_b += bs * bs;
  }
  for (int mask = warpSize / 2; mask > 0; mask /= 2) {
    dot += __shfl_xor(dot, mask);
    sq_a += __shfl_xor(sq_a, mask);
    sq_b += __shfl_xor(sq_b, mask);
  }
  if (lane == 0) {
    const float floor_s = ldexpf(eps, -(ea + eb));  // eps in the scaled units (inf or 0 when far off)
    out[row] = dot / fmaxf(sqrtf(sq_a) * sqrtf(sq_b), floor_s);
  }
}

void cosine_similarity_rows(int rows, int cols, float eps, const float* a, const float* b, float* out,
                            hipStream_t stream) {
  const int blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  hipLaunchKernelGGL(cosine_similarity_kernel, dim3(blocks), dim3(kBlock), 0, stream, rows, cols, eps, a, b, out);
}

#include "hipcoding_harness.h"

#include <algorithm>

void rms_norm_quant_int8(int rows, int cols, float eps, const float* x, const float* weight, signed char* q,
                         float* scale, hipStream_t stream);

// The exact code quotient of element c is 127 * |x_c * weight_c| / max_j |x_j * weight_j| (1/rms is a
// common positive factor and cancels). Elements whose quotient lies within 0.01 of a midpoint k + 0.5
// are pulled slightly toward zero until none does, so every correct float evaluation rounds alike.
static void keep_off_midpoints(float* row, const std::vector<float>& weight, int cols) {
  double m = 0.0;
  for (int c = 0; c < cols; ++c) m = std::max(m, std::fabs((double)row[c] * weight[c]));
  if (m == 0.0) return;
  for (int c = 0; c < cols; ++c)
    for (int step = 0; step < 1000; ++step) {
      const double p = std::fabs((double)row[c] * weight[c]);
      if (p == m) break;  // a maximal element: exactly 127
      const double quotient = 127.0 * p / m;
      if (std::fabs(quotient - std::floor(quotient) - 0.5) >= 0.01) break;
      row[c] = static_cast<float>(row[c] * 0.993);
    }
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  const float eps = 1.0e-6f;
  std::vector<float> x = t.uniform((size_t)rows * cols, -2.0f, 2.0f);
  std::vector<float> weight = t.uniform(cols, 0.25f, 1.5f);
  for (int c = 0; c < cols; c += 3) weight[c] = -weight[c];
  if (t.is("special")) {
    // All-zero rows (scale 0, codes 0), signed zeros, a one-hot row, a row whose largest magnitude is
    // negative, rows so small that eps dominates the mean square, rows near 1e12, a row with one
    // outlier (most codes round to 0), and a zero weight column.
    for (int r = 0; r < rows; ++r) {
      float* xr = &x[(size_t)r * cols];
      switch (r % 9) {
        case 0: for (int c = 0; c < cols; ++c) xr[c] = 0.0f; break;
        case 1: for (int c = 0; c < cols; ++c) xr[c] = c % 2 ? -0.0f : 0.0f; break;
        case 2: for (int c = 0; c < cols; ++c) xr[c] = c == cols / 2 ? 3.0f : 0.0f; break;
        case 3: xr[cols - 1] = -40.0f; break;
        case 4: for (int c = 0; c < cols; ++c) xr[c] *= 1.0e-5f; break;
        case 5: for (int c = 0; c < cols; ++c) xr[c] *= 1.0e12f; break;
        case 6: xr[0] = 5000.0f; break;
        case 7: for (int c = 0; c < cols; ++c) xr[c] *= 3.0e-4f; break;
        default: break;
      }
    }
    if (cols > 2) weight[1] = 0.0f;
  }
  for (int r = 0; r < rows; ++r) keep_off_midpoints(&x[(size_t)r * cols], weight, cols);

  std::vector<signed char> want_q((size_t)rows * cols);
  std::vector<double> want_scale(rows);
  for (int r = 0; r < rows; ++r) {
    const float* xr = &x[(size_t)r * cols];
    double sq = 0.0, m = 0.0;
    for (int c = 0; c < cols; ++c) sq += (double)xr[c] * xr[c];
    const double inv_rms = 1.0 / std::sqrt(sq / cols + (double)eps);
    for (int c = 0; c < cols; ++c) m = std::max(m, std::fabs((double)xr[c] * weight[c]));
    want_scale[r] = m * inv_rms / 127.0;
    for (int c = 0; c < cols; ++c)
      want_q[(size_t)r * cols + c] = m > 0.0 ? (signed char)std::round(127.0 * xr[c] * weight[c] / m) : (signed char)0;
  }

  auto dx = t.input(x, "x");
  auto dw = t.input(weight, "weight");
  auto dq = t.output<signed char>((size_t)rows * cols, "q");
  auto ds = t.output<float>(rows, "scale");
  rms_norm_quant_int8(rows, cols, eps, dx.get(), dw.get(), dq.get(), ds.get(), t.stream());
  t.finish_call();
  t.expect_equal("q", dq.download(), want_q);
  t.expect_close("scale", ds.download(), want_scale);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

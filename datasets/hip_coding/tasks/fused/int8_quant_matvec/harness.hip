#include "hipcoding_harness.h"

#include <algorithm>

void int8_quant_matvec(int n_out, int n_in, const float* w, const float* x, signed char* w_q, float* w_scale,
                       signed char* x_q, float* x_scale, float* y, hipStream_t stream);

// The specified quantiser, evaluated in float exactly as stated (one float division, then round half
// away from zero), so the expected codes are bit-exact.
static signed char quantise(float v, float s) { return s > 0.0f ? (signed char)std::round(v / s) : (signed char)0; }

static float absmax(const float* v, int n) {
  float m = 0.0f;
  for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(v[i]));
  return m;
}

static void run(hc::Test& t) {
  const int n_out = static_cast<int>(t.param("n_out")), n_in = static_cast<int>(t.param("n_in"));
  std::vector<float> w = t.uniform((size_t)n_out * n_in, -0.05f, 0.05f);
  std::vector<float> x = t.uniform(n_in, -3.0f, 3.0f);
  for (int r = 0; r < n_out; r += 5)  // rows with different ranges get different scales
    for (int c = 0; c < n_in; ++c) w[(size_t)r * n_in + c] *= 40.0f;
  if (t.is("special")) {
    // An all-zero row (scale 0: codes and result 0), a row whose absmax is negative, values exactly
    // on a rounding midpoint (k + 0.5 steps), an outlier row (most codes round to 0), signed zeros.
    for (int c = 0; c < n_in; ++c) {
      w[c] = 0.0f;
      w[(size_t)1 * n_in + c] = c == 2 ? -8.0f : 0.25f * (c % 9);
      w[(size_t)2 * n_in + c] = c == 0 ? 127.0f : (c % 5) + 0.5f;  // scale 1: exact midpoints
      w[(size_t)3 * n_in + c] = c == n_in - 1 ? 1.0e6f : w[(size_t)3 * n_in + c];
      w[(size_t)4 * n_in + c] = c % 2 ? 0.0f : -0.0f;
    }
    x[0] = -12.7f;
  }
  if (t.is("ragged"))  // an activation whose absmax is below 1: its scale is not floored at 1/127
    for (float& v : x) v *= 0.1f;
  std::vector<signed char> want_xq(n_in), want_wq((size_t)n_out * n_in);
  std::vector<double> want_xs(1), want_ws(n_out), want_y(n_out);
  const float xs = absmax(x.data(), n_in) / 127.0f;
  want_xs[0] = xs;
  for (int c = 0; c < n_in; ++c) want_xq[c] = quantise(x[c], xs);
  for (int r = 0; r < n_out; ++r) {
    const float* row = &w[(size_t)r * n_in];
    const float ws = absmax(row, n_in) / 127.0f;
    long long acc = 0;
    for (int c = 0; c < n_in; ++c) {
      want_wq[(size_t)r * n_in + c] = quantise(row[c], ws);
      acc += (long long)want_wq[(size_t)r * n_in + c] * want_xq[c];
    }
    want_ws[r] = ws;
    want_y[r] = (double)acc * ws * xs;
  }

  auto dw = t.input(w, "w");
  auto dx = t.input(x, "x");
  auto dwq = t.output<signed char>((size_t)n_out * n_in, "w_q");
  auto dws = t.output<float>(n_out, "w_scale");
  auto dxq = t.output<signed char>(n_in, "x_q");
  auto dxs = t.output<float>(1, "x_scale");
  auto dy = t.output<float>(n_out, "y");
  int8_quant_matvec(n_out, n_in, dw.get(), dx.get(), dwq.get(), dws.get(), dxq.get(), dxs.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_equal("x_q", dxq.download(), want_xq);
  t.expect_equal("w_q", dwq.download(), want_wq);
  t.expect_close("x_scale", dxs.download(), want_xs);
  t.expect_close("w_scale", dws.download(), want_ws);
  t.expect_close("y", dy.download(), want_y);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

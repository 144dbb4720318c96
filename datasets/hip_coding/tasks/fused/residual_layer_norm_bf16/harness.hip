#include "hipcoding_harness.h"

void residual_layer_norm_bf16(int rows, int cols, float eps, const unsigned short* x, const unsigned short* residual,
                              const unsigned short* gamma, const unsigned short* beta, unsigned short* h,
                              unsigned short* y, hipStream_t stream);

static float from_bf16(unsigned short b) {
  const uint32_t u = (uint32_t)b << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

static unsigned short to_bf16(float f) {  // round to nearest even (inputs are finite)
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

static std::vector<unsigned short> to_bf16(const std::vector<float>& v) {
  std::vector<unsigned short> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = to_bf16(v[i]);
  return out;
}

static std::vector<float> widen(const std::vector<unsigned short>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = from_bf16(v[i]);
  return out;
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -3.0f, 3.0f);
  std::vector<float> res = t.uniform((size_t)rows * cols, -3.0f, 3.0f);
  std::vector<float> gamma = t.uniform(cols, 0.5f, 2.0f);
  std::vector<float> beta = t.uniform(cols, -1.0f, 1.0f);
  const float eps = 1.0e-5f;
  if (t.is("special")) {
    // A residual that cancels x exactly (h = 0: y = beta), a large common offset over a small spread
    // (the variance must be taken about the mean), huge magnitudes that bf16 holds but half would
    // not (squares still fit in float), a constant row, and a single outlier.
    for (int r = 0; r < rows; ++r) {
      float* xr = &x[(size_t)r * cols];
      float* rr = &res[(size_t)r * cols];
      switch (r % 5) {
        case 0: for (int c = 0; c < cols; ++c) rr[c] = -xr[c]; break;
        case 1: for (int c = 0; c < cols; ++c) xr[c] = 256.0f, rr[c] = std::round(rr[c] * 4.0f) / 4.0f; break;
        case 2: for (int c = 0; c < cols; ++c) xr[c] *= 1.0e15f, rr[c] *= 1.0e14f; break;
        case 3: for (int c = 0; c < cols; ++c) xr[c] = 2.0f, rr[c] = 1.0f; break;
        default: for (int c = 0; c < cols; ++c) xr[c] = c == 5 ? 1000.0f : 0.0f, rr[c] = 0.0f; break;
      }
    }
    gamma[0] = 0.0f;
    gamma[1] = -1.0f;
  }
  std::vector<unsigned short> xb = to_bf16(x), rb = to_bf16(res), gb = to_bf16(gamma), bb = to_bf16(beta);
  std::vector<float> xf = widen(xb), rf = widen(rb), gf = widen(gb), bf = widen(bb);
  std::vector<double> want_h((size_t)rows * cols), want_y((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    double mean = 0.0, var = 0.0;
    for (int c = 0; c < cols; ++c) {
      const size_t i = (size_t)r * cols + c;
      want_h[i] = from_bf16(to_bf16(xf[i] + rf[i]));  // h as stored: the float sum rounded to bf16
      mean += want_h[i];
    }
    mean /= cols;
    for (int c = 0; c < cols; ++c) var += (want_h[(size_t)r * cols + c] - mean) * (want_h[(size_t)r * cols + c] - mean);
    var /= cols;
    const double inv_std = 1.0 / std::sqrt(var + (double)eps);
    for (int c = 0; c < cols; ++c) {
      const size_t i = (size_t)r * cols + c;
      want_y[i] = (want_h[i] - mean) * inv_std * gf[c] + bf[c];
    }
  }

  auto dx = t.input(xb, "x");
  auto dr = t.input(rb, "residual");
  auto dg = t.input(gb, "gamma");
  auto db = t.input(bb, "beta");
  auto dh = t.output<unsigned short>((size_t)rows * cols, "h");
  auto dy = t.output<unsigned short>((size_t)rows * cols, "y");
  residual_layer_norm_bf16(rows, cols, eps, dx.get(), dr.get(), dg.get(), db.get(), dh.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("h", widen(dh.download()), want_h);
  t.expect_close("y", widen(dy.download()), want_y);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

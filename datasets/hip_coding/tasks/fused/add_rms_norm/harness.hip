#include "hipcoding_harness.h"

void add_rms_norm(int rows, int cols, float eps, const float* x, const float* residual, const float* gamma, float* h,
                  float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -2.0f, 2.0f);
  std::vector<float> res = t.uniform((size_t)rows * cols, -2.0f, 2.0f);
  std::vector<float> gamma = t.uniform(cols, 0.25f, 2.0f);
  const float eps = 1.0e-6f;
  if (t.is("special")) {
    // Rows that cancel exactly (h = 0: y = 0), rows dominated by eps (tiny h), large magnitudes,
    // a one-hot row, signed zeros, and a row where x is zero and only the residual carries data.
    for (int r = 0; r < rows; ++r) {
      float* xr = &x[(size_t)r * cols];
      float* rr = &res[(size_t)r * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) rr[c] = -xr[c]; break;
        case 1: for (int c = 0; c < cols; ++c) xr[c] *= 1.0e-5f, rr[c] *= 1.0e-5f; break;
        case 2: for (int c = 0; c < cols; ++c) xr[c] *= 1.0e12f, rr[c] = 0.0f; break;
        case 3: for (int c = 0; c < cols; ++c) xr[c] = c == 3 ? 5.0f : 0.0f, rr[c] = 0.0f; break;
        case 4: for (int c = 0; c < cols; ++c) xr[c] = -0.0f, rr[c] = c % 2 ? 0.0f : -0.0f; break;
        default: for (int c = 0; c < cols; ++c) xr[c] = 0.0f; break;
      }
    }
    gamma[0] = 0.0f;
    gamma[1] = -1.0f;
  }
  std::vector<double> want_h((size_t)rows * cols), want_y((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    double sq = 0.0;
    for (int c = 0; c < cols; ++c) {
      const size_t i = (size_t)r * cols + c;
      const float v = x[i] + res[i];  // h is the single-precision sum, exactly as stored
      want_h[i] = v;
      sq += (double)v * v;
    }
    const double inv_rms = 1.0 / std::sqrt(sq / cols + (double)eps);
    for (int c = 0; c < cols; ++c) {
      const size_t i = (size_t)r * cols + c;
      want_y[i] = want_h[i] * inv_rms * gamma[c];
    }
  }

  auto dx = t.input(x, "x");
  auto dr = t.input(res, "residual");
  auto dg = t.input(gamma, "gamma");
  auto dh = t.output<float>((size_t)rows * cols, "h");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  add_rms_norm(rows, cols, eps, dx.get(), dr.get(), dg.get(), dh.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("h", dh.download(), want_h);
  t.expect_close("y", dy.download(), want_y);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

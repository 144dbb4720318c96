#include "hipcoding_harness.h"

void layer_norm(int rows, int cols, float eps, const float* x, const float* gamma, const float* beta, float* y,
                hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -3.0f, 3.0f);
  std::vector<float> gamma = t.uniform(cols, 0.5f, 2.0f);
  std::vector<float> beta = t.uniform(cols, -1.0f, 1.0f);
  const float eps = 1.0e-5f;
  if (t.is("special")) {
    // Constant rows (variance 0: the output is beta), a large offset over a small spread (defeats the
    // one-pass E[x^2] - E[x]^2 formula), tiny and huge scales, zeros and a row with one outlier.
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = 4.0f; break;
        case 1: for (int c = 0; c < cols; ++c) row[c] = 100.0f + 0.5f * row[c]; break;
        case 2: for (int c = 0; c < cols; ++c) row[c] *= 1.0e-3f; break;
        case 3: for (int c = 0; c < cols; ++c) row[c] *= 1.0e4f; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = c % 2 ? 0.0f : -0.0f; break;
        default: for (int c = 0; c < cols; ++c) row[c] = c == 7 ? 1000.0f : -1.0f; break;
      }
    }
    gamma[0] = 0.0f;
    gamma[1] = -1.5f;
  }
  std::vector<double> want((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    double mean = 0.0, var = 0.0;
    for (int c = 0; c < cols; ++c) mean += row[c];
    mean /= cols;
    for (int c = 0; c < cols; ++c) var += (row[c] - mean) * (row[c] - mean);
    var /= cols;
    const double inv_std = 1.0 / std::sqrt(var + (double)eps);
    for (int c = 0; c < cols; ++c) want[(size_t)r * cols + c] = (row[c] - mean) * inv_std * gamma[c] + beta[c];
  }

  auto dx = t.input(x, "x");
  auto dg = t.input(gamma, "gamma");
  auto db = t.input(beta, "beta");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  layer_norm(rows, cols, eps, dx.get(), dg.get(), db.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

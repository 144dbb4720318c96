#include "hipcoding_harness.h"

void layer_norm_backward(int rows, int cols, const float* dy, const float* x, const float* mean, const float* rstd,
                         const float* gamma, float* dx, float* dgamma, float* dbeta, hipStream_t stream);

static void run(hc::Test& t) {
  int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
#ifdef CPURT_MODE_RACE
  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
  rows = std::min(rows, 24);
  cols = std::min(cols, 700);
#endif
  const size_t n = (size_t)rows * cols;
  const double eps = 1e-5;
  std::vector<float> x = t.uniform(n, -3.0f, 3.0f);
  std::vector<float> dy = t.uniform(n, -1.0f, 1.0f);
  std::vector<float> gamma = t.uniform(cols, 0.5f, 2.0f);
  if (t.is("special")) {
    // Constant rows (variance 0: xhat = 0, rstd = 1/sqrt(eps), so dx = rstd * (g - mean g) is large), rows
    // far from zero with a small spread (about 100 +- 1.5), rows with dy = 0, columns with dy = 0 in every
    // row (dgamma = dbeta = 0), and gamma with zeros and negative entries.
    std::uniform_real_distribution<float> level(-50.0f, 50.0f);
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      if (r % 5 == 1) {
        const float value = level(t.rng());
        for (int c = 0; c < cols; ++c) row[c] = value;
      } else if (r % 5 == 2) {
        for (int c = 0; c < cols; ++c) row[c] = 100.0f + row[c] * 0.5f;
      } else if (r % 5 == 3) {
        for (int c = 0; c < cols; ++c) dy[(size_t)r * cols + c] = 0.0f;
      }
    }
    for (int c = 0; c < cols; c += 7)
      for (int r = 0; r < rows; ++r) dy[(size_t)r * cols + c] = 0.0f;
    for (int c = 0; c < cols; ++c) {
      if (c % 11 == 3) gamma[c] = 0.0f;
      if (c % 11 == 5) gamma[c] = -gamma[c];
    }
  }

  // The saved statistics of the forward pass, as the forward pass stores them (float): the expected
  // gradients are computed in double from exactly these values.
  std::vector<float> mean(rows), rstd(rows);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    double s = 0.0;
    for (int c = 0; c < cols; ++c) s += row[c];
    const double mu = s / cols;
    double sq = 0.0;
    for (int c = 0; c < cols; ++c) sq += (row[c] - mu) * (row[c] - mu);
    mean[r] = static_cast<float>(mu);
    rstd[r] = static_cast<float>(1.0 / std::sqrt(sq / cols + eps));
  }
  std::vector<double> want_dx(n), want_dgamma(cols, 0.0), want_dbeta(cols, 0.0);
  std::vector<double> xhat(cols);
  for (int r = 0; r < rows; ++r) {
    const size_t base = (size_t)r * cols;
    double sum_g = 0.0, sum_gx = 0.0;
    for (int c = 0; c < cols; ++c) {
      xhat[c] = ((double)x[base + c] - mean[r]) * rstd[r];
      const double g = (double)dy[base + c] * gamma[c];
      sum_g += g;
      sum_gx += g * xhat[c];
      want_dgamma[c] += (double)dy[base + c] * xhat[c];
      want_dbeta[c] += dy[base + c];
    }
    for (int c = 0; c < cols; ++c)
      want_dx[base + c] = rstd[r] * ((double)dy[base + c] * gamma[c] - sum_g / cols - xhat[c] * (sum_gx / cols));
  }

  auto ddy = t.input(dy, "dy");
  auto dxin = t.input(x, "x");
  auto dmean = t.input(mean, "mean");
  auto drstd = t.input(rstd, "rstd");
  auto dgam = t.input(gamma, "gamma");
  auto ddx = t.output<float>(n, "dx");
  auto ddgamma = t.output<float>(cols, "dgamma");
  auto ddbeta = t.output<float>(cols, "dbeta");
  layer_norm_backward(rows, cols, ddy.get(), dxin.get(), dmean.get(), drstd.get(), dgam.get(), ddx.get(),
                      ddgamma.get(), ddbeta.get(), t.stream());
  t.finish_call();
  t.expect_close("dx", ddx.download(), want_dx);
  t.expect_close("dgamma", ddgamma.download(), want_dgamma);
  t.expect_close("dbeta", ddbeta.download(), want_dbeta);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

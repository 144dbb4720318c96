#include "hipcoding_harness.h"

void batch_norm_train(int n, int c, int h, int w, float eps, float momentum, const float* x, const float* gamma,
                      const float* beta, float* y, float* running_mean, float* running_var, float* save_mean,
                      float* save_rstd, hipStream_t stream);

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n")), c = static_cast<int>(t.param("c"));
  const int h = static_cast<int>(t.param("h")), w = static_cast<int>(t.param("w"));
#ifdef CPURT_MODE_RACE
  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
  n = std::min(n, 2);
  c = std::min(c, 5);
#endif
  const int hw = h * w;
  const long long count = (long long)n * hw;
  const size_t total = (size_t)n * c * hw;
  const float eps = 1e-5f;
  const float momentum = t.is("special") ? 0.25f : 0.1f;
  // Per channel: an offset in [-5, 5] and a spread in [0.5, 2] around it.
  std::vector<float> offset = t.uniform(c, -5.0f, 5.0f), spread = t.uniform(c, 0.5f, 2.0f);
  std::vector<float> gamma = t.uniform(c, 0.5f, 2.0f), beta = t.uniform(c, -1.0f, 1.0f);
  std::vector<float> running_mean = t.uniform(c, -1.0f, 1.0f), running_var = t.uniform(c, 0.5f, 2.0f);
  std::vector<float> x = t.uniform(total, -1.0f, 1.0f);
  for (size_t i = 0; i < total; ++i) {
    const int ch = static_cast<int>((i / hw) % c);
    x[i] = offset[ch] + spread[ch] * x[i];
  }
  if (t.is("special")) {
    // Channel kinds by ch % 4: constant 2.5 (variance 0, rstd = 1/sqrt(eps)); about 40 +- 0.5 (E[x^2] -
    // E[x]^2 in float cancels catastrophically there); zero and negative gamma; plain.
    for (size_t i = 0; i < total; ++i) {
      const int ch = static_cast<int>((i / hw) % c);
      if (ch % 4 == 1) x[i] = 2.5f;
      if (ch % 4 == 2) x[i] = 40.0f + 0.5f * (x[i] - offset[ch]) / spread[ch];
    }
    for (int ch = 3; ch < c; ch += 4) gamma[ch] = ch % 8 == 3 ? 0.0f : -gamma[ch];
  }

  std::vector<double> want_y(total), want_mean(c), want_rstd(c), want_rmean(c), want_rvar(c);
  for (int ch = 0; ch < c; ++ch) {
    double sum = 0.0;
    for (int img = 0; img < n; ++img)
      for (int i = 0; i < hw; ++i) sum += x[((size_t)img * c + ch) * hw + i];
    const double mean = sum / count;
    double sq = 0.0;
    for (int img = 0; img < n; ++img)
      for (int i = 0; i < hw; ++i) {
        const double d = x[((size_t)img * c + ch) * hw + i] - mean;
        sq += d * d;
      }
    const double var = sq / count, rstd = 1.0 / std::sqrt(var + (double)eps);
    want_mean[ch] = mean;
    want_rstd[ch] = rstd;
    want_rmean[ch] = (1.0 - momentum) * running_mean[ch] + (double)momentum * mean;
    want_rvar[ch] = (1.0 - momentum) * running_var[ch] + (double)momentum * sq / (count - 1);
    for (int img = 0; img < n; ++img)
      for (int i = 0; i < hw; ++i) {
        const size_t at = ((size_t)img * c + ch) * hw + i;
        want_y[at] = (x[at] - mean) * rstd * gamma[ch] + beta[ch];
      }
  }

  auto dx = t.input(x, "x");
  auto dgamma = t.input(gamma, "gamma");
  auto dbeta = t.input(beta, "beta");
  auto dy = t.output<float>(total, "y");
  auto drmean = t.inout(running_mean, "running_mean");
  auto drvar = t.inout(running_var, "running_var");
  auto dmean = t.output<float>(c, "save_mean");
  auto drstd = t.output<float>(c, "save_rstd");
  batch_norm_train(n, c, h, w, eps, momentum, dx.get(), dgamma.get(), dbeta.get(), dy.get(), drmean.get(), drvar.get(),
                   dmean.get(), drstd.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want_y);
  t.expect_close("save_mean", dmean.download(), want_mean);
  t.expect_close("save_rstd", drstd.download(), want_rstd);
  t.expect_close("running_mean", drmean.download(), want_rmean);
  t.expect_close("running_var", drvar.download(), want_rvar);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

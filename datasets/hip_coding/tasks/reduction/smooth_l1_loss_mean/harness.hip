#include "hipcoding_harness.h"

void smooth_l1_loss_mean(int n, float beta, const float* pred, const float* target, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const float beta = static_cast<float>(t.param("beta_permille")) / 1000.0f;
  std::vector<float> pred = t.uniform(n, -3.0f, 3.0f);
  std::vector<float> target = t.uniform(n, -3.0f, 3.0f);
  if (t.is("ragged")) pred[n - 1] = 2000.0f, target[n - 1] = -1000.0f;  // a dropped tail term shows
  if (t.is("special")) {
    // Multiples of 1/64 (every difference exact): differences of exactly beta (both branches give
    // beta / 2), just below and above it, zero (with signed zeros), large (40, linear branch), tiny
    // (quadratic, nearly 0), of either sign; with `inf` set, one prediction is +inf (the mean is +inf).
    std::uniform_int_distribution<int> base(-192, 192);
    const float offsets[] = {beta, -beta, beta - 1.0f / 64, -(beta + 1.0f / 64), 0.0f, 40.0f, -40.0f, 1.0f / 64, 2.5f};
    for (int i = 0; i < n; ++i) {
      target[i] = base(t.rng()) / 64.0f;
      const int k = i % 10;
      if (k < 9) pred[i] = target[i] + offsets[k];
      if (k == 4 && i % 20 == 4) pred[i] = -0.0f, target[i] = 0.0f;
    }
    if (t.param("inf", 0)) pred[n / 3] = INFINITY;
  }
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    const double d = std::fabs((double)pred[i] - target[i]);
    sum += d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
  }
  const double want = sum / n;

  auto dp = t.input(pred, "pred");
  auto dt = t.input(target, "target");
  auto dout = t.output<float>(1, "out");
  smooth_l1_loss_mean(n, beta, dp.get(), dt.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), std::vector<double>{want});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

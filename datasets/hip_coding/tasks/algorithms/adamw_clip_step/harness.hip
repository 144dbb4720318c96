#include "hipcoding_harness.h"

#include <algorithm>

void adamw_clip_step(int n, int step, float lr, float beta1, float beta2, float eps, float weight_decay,
                     float max_norm, float* param, const float* grad, float* m, float* v, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n")), step = static_cast<int>(t.param("step"));
  const float max_norm = static_cast<float>(t.param("max_norm_milli")) / 1000.0f;
  const float lr = 1.0e-2f, beta1 = 0.9f, beta2 = 0.999f, eps = 1.0e-8f, weight_decay = 0.05f;
  std::vector<float> param = t.uniform(n, -1.0f, 1.0f);
  std::vector<float> grad = t.uniform(n, -1.0f, 1.0f);
  std::vector<float> m = t.uniform(n, -0.1f, 0.1f);
  std::vector<float> v = t.uniform(n, 0.0f, 0.01f);
  if (t.is("special")) {
    // Zero gradients (the norm may be 0: no division by zero), a few huge gradients that dominate the
    // norm, tiny gradients and moments (eps matters), zero moments, and zero and negative-zero params.
    for (int i = 0; i < n; ++i) {
      switch (i % 6) {
        case 0: grad[i] = 0.0f; break;
        case 1: grad[i] = i % 1000 == 1 ? 3.0e4f : grad[i]; break;
        case 2: grad[i] *= 1.0e-6f, m[i] *= 1.0e-6f, v[i] *= 1.0e-12f; break;
        case 3: m[i] = 0.0f, v[i] = 0.0f; break;
        case 4: param[i] = i % 2 ? 0.0f : -0.0f; break;
        default: break;
      }
    }
    if (t.param("zero_grad", 0)) std::fill(grad.begin(), grad.end(), 0.0f);
  }
  double sq = 0.0;
  for (float g : grad) sq += (double)g * g;
  const double clip = std::min(1.0, (double)max_norm / (std::sqrt(sq) + 1.0e-6));
  const double bias1 = 1.0 - std::pow((double)beta1, step), bias2 = 1.0 - std::pow((double)beta2, step);
  std::vector<double> want_p(n), want_m(n), want_v(n);
  for (int i = 0; i < n; ++i) {
    const double g = grad[i] * clip;
    want_m[i] = beta1 * (double)m[i] + (1.0 - beta1) * g;
    want_v[i] = beta2 * (double)v[i] + (1.0 - beta2) * g * g;
    const double m_hat = want_m[i] / bias1, v_hat = want_v[i] / bias2;
    want_p[i] = param[i] - lr * (m_hat / (std::sqrt(v_hat) + eps) + weight_decay * (double)param[i]);
  }

  auto dp = t.inout(param, "param");
  auto dg = t.input(grad, "grad");
  auto dm = t.inout(m, "m");
  auto dv = t.inout(v, "v");
  adamw_clip_step(n, step, lr, beta1, beta2, eps, weight_decay, max_norm, dp.get(), dg.get(), dm.get(), dv.get(),
                  t.stream());
  t.finish_call();
  t.expect_close("param", dp.download(), want_p);
  t.expect_close("m", dm.download(), want_m);
  t.expect_close("v", dv.download(), want_v);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

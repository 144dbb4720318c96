#include <hip/hip_fp16.h>

#include "hipcoding_harness.h"

void swiglu_matvec(int n_out, int n_in, const __half* w_gate, const __half* w_up, const __half* x, __half* y,
                   hipStream_t stream);

static std::vector<__half> to_half(const std::vector<float>& v) {
  std::vector<__half> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __float2half(v[i]);
  return out;
}

static std::vector<float> to_float(const std::vector<__half>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __half2float(v[i]);
  return out;
}

static void run(hc::Test& t) {
  const int n_out = static_cast<int>(t.param("n_out")), n_in = static_cast<int>(t.param("n_in"));
  const float w_range = 2.0f / std::sqrt(static_cast<float>(n_in));
  std::vector<float> wg = t.uniform((size_t)n_out * n_in, -w_range, w_range);
  std::vector<float> wu = t.uniform((size_t)n_out * n_in, -w_range, w_range);
  std::vector<float> x = t.uniform(n_in, -1.0f, 1.0f);
  if (t.is("special")) {
    // Rows whose gate is deeply negative (SiLU ~ -0, the product underflows), strongly positive
    // (SiLU ~ identity, results near the top of the half range), exactly zero, and signed zeros.
    for (int r = 0; r < n_out; ++r)
      for (int c = 0; c < n_in; ++c) {
        float& g = wg[(size_t)r * n_in + c];
        float& u = wu[(size_t)r * n_in + c];
        const float sign = x[c] < 0 ? -1.0f : 1.0f;
        switch (r % 5) {
          case 0: g = -sign * 0.5f; break;
          case 1: g = sign * 0.25f, u = sign * 0.25f; break;
          case 2: g = 0.0f; break;
          case 3: g = -0.0f, u = -0.0f; break;
          default: break;
        }
      }
  }
  // The inputs are the half-rounded values; the expected result is computed from exactly those.
  std::vector<__half> wg_h = to_half(wg), wu_h = to_half(wu), x_h = to_half(x);
  std::vector<float> wgf = to_float(wg_h), wuf = to_float(wu_h), xf = to_float(x_h);
  std::vector<double> want(n_out);
  for (int r = 0; r < n_out; ++r) {
    double g = 0.0, u = 0.0;
    for (int c = 0; c < n_in; ++c) {
      g += (double)wgf[(size_t)r * n_in + c] * xf[c];
      u += (double)wuf[(size_t)r * n_in + c] * xf[c];
    }
    want[r] = g / (1.0 + std::exp(-g)) * u;
  }

  auto dg = t.input(wg_h, "w_gate");
  auto du = t.input(wu_h, "w_up");
  auto dx = t.input(x_h, "x");
  auto dy = t.output<__half>(n_out, "y");
  swiglu_matvec(n_out, n_in, dg.get(), du.get(), dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", to_float(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include <hip/hip_fp16.h>

#include "hipcoding_harness.h"

#include <algorithm>

void gemm_bias_relu_f16(int m, int n, int k, const __half* a, const __half* b, const __half* bias, __half* c,
                        hipStream_t stream);

static std::vector<__half> to_half(const std::vector<float>& v) {
  std::vector<__half> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __float2half(v[i]);
  return out;
}

static std::vector<float> widen(const std::vector<__half>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __half2float(v[i]);
  return out;
}

static void run(hc::Test& t) {
  const int m = static_cast<int>(t.param("m")), n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> a = t.uniform((size_t)m * k, -1.0f, 1.0f);
  std::vector<float> b = t.uniform((size_t)k * n, -1.0f, 1.0f);
  std::vector<float> bias = t.uniform(n, -2.0f, 2.0f);
  if (t.is("special")) {
    // Integers (exact sums in any order) whose products sum far beyond what a half accumulator could
    // hold exactly (hundreds, where half's spacing is 0.25 .. 0.5), results past 2048 where half can
    // no longer represent every integer, a column whose bias cancels the product exactly (0 after
    // ReLU), and signed zeros.
    std::uniform_int_distribution<int> digit(-4, 6);
    for (auto& v : a) v = static_cast<float>(digit(t.rng()));
    for (auto& v : b) v = static_cast<float>(digit(t.rng()));
    for (int j = 0; j < n; ++j) bias[j] = static_cast<float>(j % 5 - 2) * 0.5f;
    for (int p = 0; p < k; ++p) a[p] = p % 2 ? 0.0f : -0.0f;  // row 0: ReLU(bias)
  }
  std::vector<__half> ah = to_half(a), bh = to_half(b), biash = to_half(bias);
  std::vector<float> af = widen(ah), bf = widen(bh), biasf = widen(biash);
  std::vector<double> want((size_t)m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0.0;
      for (int p = 0; p < k; ++p) s += (double)af[(size_t)i * k + p] * bf[(size_t)p * n + j];
      want[(size_t)i * n + j] = std::max(s + biasf[j], 0.0);
    }

  auto da = t.input(ah, "a");
  auto db = t.input(bh, "b");
  auto dbias = t.input(biash, "bias");
  auto dc = t.output<__half>((size_t)m * n, "c");
  gemm_bias_relu_f16(m, n, k, da.get(), db.get(), dbias.get(), dc.get(), t.stream());
  t.finish_call();
  t.expect_close("c", widen(dc.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

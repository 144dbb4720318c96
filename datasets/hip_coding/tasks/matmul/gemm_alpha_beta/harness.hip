#include "hipcoding_harness.h"

void gemm_alpha_beta(int m, int n, int k, float alpha, const float* a, const float* b, float beta, float* c,
                     hipStream_t stream);

// Small integers times a power of two chosen per row (or per column): with power-of-two alpha and
// beta, every product and sum below is exact in float, so the expected result is independent of the
// summation order while magnitudes span 2^-40 .. 2^40.
static std::vector<int> exponents(hc::Test& t, int count) {
  std::uniform_int_distribution<int> pick(0, 2);
  const int choices[] = {-20, 0, 20};
  std::vector<int> e(count);
  for (auto& x : e) x = choices[pick(t.rng())];
  return e;
}

static float digit(hc::Test& t) { return static_cast<float>(std::uniform_int_distribution<int>(-8, 8)(t.rng())); }

static void run(hc::Test& t) {
  const int m = static_cast<int>(t.param("m")), n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> a = t.uniform((size_t)m * k, -1.0f, 1.0f);
  std::vector<float> b = t.uniform((size_t)k * n, -1.0f, 1.0f);
  std::vector<float> c = t.uniform((size_t)m * n, -1.0f, 1.0f);
  float alpha = 1.5f, beta = -0.75f;
  if (t.param("beta_zero", 0)) {
    // beta == 0: C is write-only; NaN and inf in it must not reach the result.
    beta = 0.0f;
    alpha = -1.25f;
    for (size_t i = 0; i < c.size(); ++i) c[i] = i % 3 == 0 ? NAN : (i % 3 == 1 ? INFINITY : c[i]);
  } else if (t.is("special")) {
    alpha = -2.0f;
    beta = 0.5f;
    std::vector<int> ea = exponents(t, m), eb = exponents(t, n);
    for (int i = 0; i < m; ++i)
      for (int p = 0; p < k; ++p) a[(size_t)i * k + p] = std::ldexp(digit(t), ea[i]);
    for (int p = 0; p < k; ++p)
      for (int j = 0; j < n; ++j) b[(size_t)p * n + j] = std::ldexp(digit(t), eb[j]);
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) c[(size_t)i * n + j] = std::ldexp(digit(t), ea[i] + eb[j]);
    for (int p = 0; p < k; ++p) a[(size_t)1 * k + p] = 0.0f;  // row 1: only beta * C remains
    a[(size_t)3 * k + 4] = -INFINITY;                          // row 3: +-inf, NaN where B[4][j] == 0
    c[(size_t)5 * n + 6] = NAN;                                // beta != 0, so this NaN propagates
  }
  std::vector<double> want((size_t)m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0.0;
      for (int p = 0; p < k; ++p) s += (double)a[(size_t)i * k + p] * (double)b[(size_t)p * n + j];
      double old = beta == 0.0f ? 0.0 : (double)beta * c[(size_t)i * n + j];
      want[(size_t)i * n + j] = (double)alpha * s + old;
    }

  auto da = t.input(a, "a");
  auto db = t.input(b, "b");
  auto dc = t.inout(c, "c");
  gemm_alpha_beta(m, n, k, alpha, da.get(), db.get(), beta, dc.get(), t.stream());
  t.finish_call();
  t.expect_close("c", dc.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

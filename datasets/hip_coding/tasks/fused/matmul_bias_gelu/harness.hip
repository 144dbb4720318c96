#include "hipcoding_harness.h"

void matmul_bias_gelu(int m, int n, int k, const float* a, const float* w, const float* bias, float* y,
                      hipStream_t stream);

static double gelu(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

static void run(hc::Test& t) {
  const int m = static_cast<int>(t.param("m")), n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> a = t.uniform((size_t)m * k, -1.0f, 1.0f);
  std::vector<float> w = t.uniform((size_t)k * n, -1.0f, 1.0f);
  std::vector<float> bias = t.uniform(n, -2.0f, 2.0f);
  if (t.is("special")) {
    // Small integers (exact products and sums in any order) so the pre-activation spans the whole
    // range of GELU: deep negative (output -0 .. tiny), around zero, and large positive (identity).
    std::uniform_int_distribution<int> digit(-3, 3);
    for (auto& v : a) v = static_cast<float>(digit(t.rng()));
    for (auto& v : w) v = static_cast<float>(digit(t.rng()));
    for (int j = 0; j < n; ++j) bias[j] = static_cast<float>((j % 7) * 4 - 12);  // -12 .. 12
    for (int p = 0; p < k; ++p) a[p] = 0.0f;                                   // row 0: GELU(bias)
    for (int p = 0; p < k; ++p) w[(size_t)p * n + 1] = 0.0f;                   // column 1: GELU(bias[1])
    bias[2] = -60.0f;                                                           // column 2: underflows to -0
  }
  std::vector<double> want((size_t)m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0.0;
      for (int p = 0; p < k; ++p) s += (double)a[(size_t)i * k + p] * (double)w[(size_t)p * n + j];
      want[(size_t)i * n + j] = gelu(s + bias[j]);
    }

  auto da = t.input(a, "a");
  auto dw = t.input(w, "w");
  auto db = t.input(bias, "bias");
  auto dy = t.output<float>((size_t)m * n, "y");
  matmul_bias_gelu(m, n, k, da.get(), dw.get(), db.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

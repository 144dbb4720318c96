#include "hipcoding_harness.h"

void matmul_at_b(int m, int n, int k, const float* a, const float* b, float* c, hipStream_t stream);

static void run(hc::Test& t) {
  const int m = static_cast<int>(t.param("m")), n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> a = t.uniform((size_t)k * m, -1.0f, 1.0f);  // stored k x m
  std::vector<float> b = t.uniform((size_t)k * n, -1.0f, 1.0f);  // stored k x n
  if (t.is("special")) {
    // Small integers times a power of two per column of A (= row of C) and per column of B: all
    // sums are exact in any order while magnitudes span 2^-40 .. 2^40.
    std::uniform_int_distribution<int> digit(-8, 8), pick(0, 2);
    const int exps[] = {-20, 0, 20};
    std::vector<int> ea(m), eb(n);
    for (auto& e : ea) e = exps[pick(t.rng())];
    for (auto& e : eb) e = exps[pick(t.rng())];
    for (int p = 0; p < k; ++p) {
      for (int i = 0; i < m; ++i) a[(size_t)p * m + i] = std::ldexp((float)digit(t.rng()), ea[i]);
      for (int j = 0; j < n; ++j) b[(size_t)p * n + j] = std::ldexp((float)digit(t.rng()), eb[j]);
    }
    for (int p = 0; p < k; ++p) a[(size_t)p * m + 1] = -0.0f;  // column 1 of A: row 1 of C is zero
    a[(size_t)4 * m + 3] = INFINITY;                          // row 3 of C: +-inf, NaN where B[4][j] == 0
    b[(size_t)5 * n + 6] = NAN;                               // column 6 of C: NaN
  }
  std::vector<double> want((size_t)m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0.0;
      for (int p = 0; p < k; ++p) s += (double)a[(size_t)p * m + i] * (double)b[(size_t)p * n + j];
      want[(size_t)i * n + j] = s;
    }

  auto da = t.input(a, "a");
  auto db = t.input(b, "b");
  auto dc = t.output<float>((size_t)m * n, "c");
  matmul_at_b(m, n, k, da.get(), db.get(), dc.get(), t.stream());
  t.finish_call();
  t.expect_close("c", dc.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void sgemm(int m, int n, int k, const float* a, const float* b, float* c, hipStream_t stream);

// Small integers times a per-row (A) or per-column (B) power of two: every product and every partial
// sum is exact in float, so the expected result does not depend on the summation order even though
// magnitudes span 2^-40 .. 2^40.
static void exact_values(hc::Test& t, int rows, int cols, bool per_row, std::vector<float>* v) {
  std::uniform_int_distribution<int> digit(-8, 8), scale(0, 2);
  const int exps[] = {-20, 0, 20};
  std::vector<int> e(per_row ? rows : cols);
  for (auto& x : e) x = exps[scale(t.rng())];
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      (*v)[(size_t)r * cols + c] = std::ldexp(static_cast<float>(digit(t.rng())), e[per_row ? r : c]);
}

static void run(hc::Test& t) {
  const int m = static_cast<int>(t.param("m")), n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> a = t.uniform((size_t)m * k, -1.0f, 1.0f);
  std::vector<float> b = t.uniform((size_t)k * n, -1.0f, 1.0f);
  if (t.is("special")) {
    exact_values(t, m, k, true, &a);
    exact_values(t, k, n, false, &b);
    for (int c = 0; c < k; ++c) a[(size_t)1 * k + c] = c % 2 ? 0.0f : -0.0f;  // a zero row of A
    for (int r = 0; r < k; ++r) b[(size_t)r * n + 2] = 0.0f;                  // a zero column of B
    a[(size_t)3 * k + 4] = INFINITY;  // row 3 of C: +-inf, or NaN where B[4][j] == 0
    b[(size_t)5 * n + 6] = NAN;       // column 6 of C: NaN
  }
  std::vector<double> want((size_t)m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0.0;
      for (int p = 0; p < k; ++p) s += (double)a[(size_t)i * k + p] * (double)b[(size_t)p * n + j];
      want[(size_t)i * n + j] = s;
    }

  auto da = t.input(a, "a");
  auto db = t.input(b, "b");
  auto dc = t.output<float>((size_t)m * n, "c");
  sgemm(m, n, k, da.get(), db.get(), dc.get(), t.stream());
  t.finish_call();
  t.expect_close("c", dc.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

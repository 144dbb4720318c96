#include "hipcoding_harness.h"

void batched_matmul(int batch, int m, int n, int k, const float* a, const float* b, float* c,
                    hipStream_t stream);

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch"));
  const int m = static_cast<int>(t.param("m")), n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  const size_t sa = (size_t)m * k, sb = (size_t)k * n, sc = (size_t)m * n;
  std::vector<float> a = t.uniform(batch * sa, -1.0f, 1.0f);
  std::vector<float> b = t.uniform(batch * sb, -1.0f, 1.0f);
  if (t.is("special")) {
    // Each pair gets its own power-of-two scale (2^-30 .. 2^30) on small integers, so every sum is
    // exact in any order; one pair holds inf and NaN, which must not leak into its neighbours.
    std::uniform_int_distribution<int> digit(-8, 8), pick(0, 2);
    const int exps[] = {-30, 0, 30};
    for (int q = 0; q < batch; ++q) {
      const int ea = exps[pick(t.rng())], eb = exps[pick(t.rng())];
      for (size_t i = 0; i < sa; ++i) a[q * sa + i] = std::ldexp((float)digit(t.rng()), ea);
      for (size_t i = 0; i < sb; ++i) b[q * sb + i] = std::ldexp((float)digit(t.rng()), eb);
    }
    for (size_t i = 0; i < sa; ++i) a[1 * sa + i] = 0.0f;  // pair 1: A is zero
    a[2 * sa + 0] = INFINITY;                             // pair 2: row 0 is +-inf or NaN
    b[3 * sb + 1] = NAN;                                  // pair 3: column 1 is NaN
  }
  std::vector<double> want(batch * sc);
  for (int q = 0; q < batch; ++q)
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        double s = 0.0;
        for (int p = 0; p < k; ++p) s += (double)a[q * sa + (size_t)i * k + p] * (double)b[q * sb + (size_t)p * n + j];
        want[q * sc + (size_t)i * n + j] = s;
      }

  auto da = t.input(a, "a");
  auto db = t.input(b, "b");
  auto dc = t.output<float>(batch * sc, "c");
  batched_matmul(batch, m, n, k, da.get(), db.get(), dc.get(), t.stream());
  t.finish_call();
  t.expect_close("c", dc.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void batched_cholesky(int batch, int n, const float* a, float* l, hipStream_t stream);

static void run(hc::Test& t) {
  int batch = static_cast<int>(t.param("batch"));
  const int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  batch = std::min(batch, 6);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const size_t nn = (size_t)n * n;
  std::vector<float> a((size_t)batch * nn);
  for (int b = 0; b < batch; ++b) {
    float* m = &a[b * nn];
    // A = G G^T / n + I: symmetric, eigenvalues in [1, about 5], so the factor is well conditioned.
    std::vector<float> g = t.uniform(nn, -1.0f, 1.0f);
    for (int r = 0; r < n; ++r)
      for (int c = 0; c <= r; ++c) {
        double s = r == c ? 1.0 : 0.0;
        for (int e = 0; e < n; ++e) s += (double)g[(size_t)r * n + e] * g[(size_t)c * n + e] / n;
        m[(size_t)r * n + c] = m[(size_t)c * n + r] = static_cast<float>(s);
      }
    if (t.is("special")) {
      // In turn: the identity; a diagonal of powers of two (exact square roots or not); the shifted 1-D
      // Laplacian (tridiagonal, a factor with a long decaying band); a dense matrix scaled D A D with
      // D = powers of two from 2^-5 to 2^5 (entries of very different magnitudes, relative accuracy).
      const int which = b % 4;
      if (which < 3)
        for (size_t e = 0; e < nn; ++e) m[e] = 0.0f;
      for (int r = 0; r < n; ++r) {
        if (which == 0) m[(size_t)r * n + r] = 1.0f;
        if (which == 1) m[(size_t)r * n + r] = std::ldexp(1.0f, r % 9 - 4);
        if (which == 2) {
          m[(size_t)r * n + r] = 2.5f;
          if (r + 1 < n) m[(size_t)r * n + r + 1] = m[(size_t)(r + 1) * n + r] = -1.0f;
        }
        if (which == 3)
          for (int c = 0; c < n; ++c) m[(size_t)r * n + c] *= std::ldexp(1.0f, r % 11 - 5 + c % 11 - 5);
      }
    }
  }
  std::vector<double> want((size_t)batch * nn, 0.0);
  for (int b = 0; b < batch; ++b) {
    const float* m = &a[b * nn];
    double* f = &want[b * nn];
    for (int j = 0; j < n; ++j) {
      double d = m[(size_t)j * n + j];
      for (int e = 0; e < j; ++e) d -= f[(size_t)j * n + e] * f[(size_t)j * n + e];
      f[(size_t)j * n + j] = std::sqrt(d);
      for (int i = j + 1; i < n; ++i) {
        double s = m[(size_t)i * n + j];
        for (int e = 0; e < j; ++e) s -= f[(size_t)i * n + e] * f[(size_t)j * n + e];
        f[(size_t)i * n + j] = s / f[(size_t)j * n + j];
      }
    }
  }

  auto da = t.input(a, "a");
  auto dl = t.output<float>((size_t)batch * nn, "l");
  batched_cholesky(batch, n, da.get(), dl.get(), t.stream());
  t.finish_call();
  t.expect_close("l", dl.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void batched_tridiagonal(int batch, int n, const float* lower, const float* diag, const float* upper, const float* rhs,
                         float* x, hipStream_t stream);

static void run(hc::Test& t) {
  int batch = static_cast<int>(t.param("batch"));
#ifdef CPURT_MODE_RACE
  batch = std::min(batch, 3);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int n = static_cast<int>(t.param("n"));
  const size_t total = (size_t)batch * n;
  // Off-diagonals in [-1, 1]; |diag| = |lower| + |upper| + an excess in [0.25, 1.25] with a random sign:
  // strictly diagonally dominant by rows, ||A^-1||_inf <= 4, so every system is well conditioned.
  std::vector<float> lower = t.uniform(total, -1.0f, 1.0f), upper = t.uniform(total, -1.0f, 1.0f);
  std::vector<float> excess = t.uniform(total, 0.25f, 1.25f), rhs = t.uniform(total, -1.0f, 1.0f);
  std::vector<float> diag(total);
  std::uniform_int_distribution<int> coin(0, 1);
  for (int b = 0; b < batch; ++b) {
    const size_t o = (size_t)b * n;
    if (t.is("special")) {
      // In turn: a diagonal system (zero off-diagonals); off-diagonals and diagonal of powers of two; the
      // 1-D Laplacian with a shift (2.25 on the diagonal, -1 beside it, a long-range coupling); a zero
      // right-hand side (x = 0); rows scaled by powers of two from 2^-6 to 2^6 (x is unchanged by it).
      const int which = b % 5;
      for (int i = 0; i < n; ++i) {
        if (which == 0) lower[o + i] = upper[o + i] = 0.0f;
        if (which == 1) {
          lower[o + i] = std::ldexp(1.0f, -(i % 3) - 1);
          upper[o + i] = -std::ldexp(1.0f, -(i % 4) - 1);
          excess[o + i] = 0.25f;
        }
        if (which == 2) lower[o + i] = upper[o + i] = -1.0f, excess[o + i] = 0.25f;
        if (which == 3) rhs[o + i] = 0.0f;
      }
    }
    for (int i = 0; i < n; ++i) {
      const float off = (i > 0 ? std::fabs(lower[o + i]) : 0.0f) + (i < n - 1 ? std::fabs(upper[o + i]) : 0.0f);
      const bool positive = t.is("special") && (b % 5 == 1 || b % 5 == 2) ? true : coin(t.rng()) == 1;
      diag[o + i] = (positive ? 1.0f : -1.0f) * (off + excess[o + i]);
    }
    if (t.is("special") && b % 5 == 4)
      for (int i = 0; i < n; ++i) {
        const float scale = std::ldexp(1.0f, (i * 5) % 13 - 6);
        lower[o + i] *= scale, diag[o + i] *= scale, upper[o + i] *= scale, rhs[o + i] *= scale;
      }
    // The first lower and the last upper coefficient lie outside the matrix: NaN, never to be read.
    lower[o] = std::numeric_limits<float>::quiet_NaN();
    upper[o + n - 1] = std::numeric_limits<float>::quiet_NaN();
  }

  // Thomas in double on the float coefficients (stable without pivoting: diagonally dominant).
  std::vector<double> want(total);
  for (int b = 0; b < batch; ++b) {
    const size_t o = (size_t)b * n;
    std::vector<double> cp(n), rp(n);
    double den = diag[o];
    cp[0] = n > 1 ? upper[o] / den : 0.0;
    rp[0] = rhs[o] / den;
    for (int i = 1; i < n; ++i) {
      den = diag[o + i] - (double)lower[o + i] * cp[i - 1];
      cp[i] = i < n - 1 ? upper[o + i] / den : 0.0;
      rp[i] = (rhs[o + i] - (double)lower[o + i] * rp[i - 1]) / den;
    }
    want[o + n - 1] = rp[n - 1];
    for (int i = n - 2; i >= 0; --i) want[o + i] = rp[i] - cp[i] * want[o + i + 1];
  }

  auto dl = t.input(lower, "lower");
  auto dd = t.input(diag, "diag");
  auto du = t.input(upper, "upper");
  auto dr = t.input(rhs, "rhs");
  auto dx = t.output<float>(total, "x");
  batched_tridiagonal(batch, n, dl.get(), dd.get(), du.get(), dr.get(), dx.get(), t.stream());
  t.finish_call();
  t.expect_close("x", dx.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

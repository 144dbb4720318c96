#include "hipcoding_harness.h"

void batched_lu_pivot(int batch, int n, const float* a, float* lu, int* piv, hipStream_t stream);

// The exact (double) factorisation of one float matrix with the task's pivot rule. Returns false when a
// pivot choice is not clear: the best |candidate| must beat every other one by `margin`, except at the
// steps in `tie_steps`, where the candidates are input values and equal ones are an exact tie.
static bool factor(int n, const float* a, double margin, const std::vector<int>& tie_steps, double* f, int* piv) {
  for (int e = 0; e < n * n; ++e) f[e] = a[e];
  for (int k = 0; k < n; ++k) {
    int p = k;
    double best = -1.0, second = -1.0;
    for (int i = k; i < n; ++i) {
      const double x = std::fabs(f[(size_t)i * n + k]);
      if (x > best) {
        second = best;
        best = x;
        p = i;
      } else if (x > second) {
        second = x;
      }
    }
    const bool tie_allowed = std::find(tie_steps.begin(), tie_steps.end(), k) != tie_steps.end();
    if (best <= 0.0) return false;
    if (second >= 0.0 && best - second < margin && !(tie_allowed && best == second)) return false;
    piv[k] = p;
    if (p != k)
      for (int c = 0; c < n; ++c) std::swap(f[(size_t)k * n + c], f[(size_t)p * n + c]);
    for (int i = k + 1; i < n; ++i) f[(size_t)i * n + k] /= f[(size_t)k * n + k];
    for (int i = k + 1; i < n; ++i)
      for (int c = k + 1; c < n; ++c) f[(size_t)i * n + c] -= f[(size_t)i * n + k] * f[(size_t)k * n + c];
  }
  return true;
}

// ||L^-1||_inf * ||U^-1||_inf of packed factors: how much the triangular factors amplify rounding.
static double amplification(int n, const double* f) {
  std::vector<double> li((size_t)n * n, 0.0), ui((size_t)n * n, 0.0);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      double s = i == j ? 1.0 : 0.0;
      for (int e = 0; e < i; ++e) s -= f[(size_t)i * n + e] * li[(size_t)e * n + j];
      li[(size_t)i * n + j] = s;
    }
    for (int i = n - 1; i >= 0; --i) {
      double s = i == j ? 1.0 : 0.0;
      for (int e = i + 1; e < n; ++e) s -= f[(size_t)i * n + e] * ui[(size_t)e * n + j];
      ui[(size_t)i * n + j] = s / f[(size_t)i * n + i];
    }
  }
  double nl = 0.0, nu = 0.0;
  for (int i = 0; i < n; ++i) {
    double rl = 0.0, ru = 0.0;
    for (int j = 0; j < n; ++j) rl += std::fabs(li[(size_t)i * n + j]), ru += std::fabs(ui[(size_t)i * n + j]);
    nl = std::max(nl, rl), nu = std::max(nu, ru);
  }
  return nl * nu;
}

// One random matrix of the test's kind, drawn again until its pivots are unambiguous, its growth
// max|U| <= 32 max|A| and its amplification ||L^-1|| ||U^-1|| max|A| <= 1000 (the prompt states these).
static void draw(hc::Test& t, int n, int which, float* a, double* f, int* piv) {
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::uniform_int_distribution<int> coin(0, 1);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::vector<int> tie_steps;
    for (int e = 0; e < n * n; ++e) a[e] = unit(t.rng());
    // Rows first..last-1 of column `first`: +-1 at three rows (offsets 1, span / 2 and 33, or fewer when
    // the span is short; rows 32 apart meet in one thread of a 32-thread strided search), the rest smaller.
    auto tie_column = [&](int first, int last) {
      tie_steps.push_back(first);
      const int span = last - first;
      for (int r = first; r < last; ++r) a[(size_t)r * n + first] *= 0.9f;
      for (int offset : {1 % span, span / 2, 33 % span}) {
        a[(size_t)(first + offset) * n + first] = coin(t.rng()) ? 1.0f : -1.0f;
      }
    };
    if (t.is("special")) {
      if (which == 0) tie_column(0, n);  // an exact tie in the first column: the lowest row wins
      if (which == 1 && n < 6) tie_column(0, n);
      if (which == 1 && n >= 6) {
        // Block diagonal, three blocks, an exact tie in the first column of every block: the candidates of
        // a block's first step are untouched input values (the multipliers of the other blocks are 0).
        const int b1 = n / 3, b2 = 2 * n / 3;
        for (int r = 0; r < n; ++r)
          for (int c = 0; c < n; ++c)
            if ((r < b1) != (c < b1) || (r < b2) != (c < b2)) a[(size_t)r * n + c] = 0.0f;
        tie_column(0, b1);
        tie_column(b1, b2);
        tie_column(b2, n);
      }
      if (which == 2)  // rows scaled by 1/2, 1 or 2: the pivot order follows the scaling
        for (int r = 0; r < n; ++r)
          for (int c = 0; c < n; ++c) a[(size_t)r * n + c] *= std::ldexp(1.0f, (r * 2) % 3 - 1);
      if (which == 3 || which == 4) {
        // Column diagonally dominant: no row swap; (4) its rows shuffled: every step swaps the row back.
        for (int c = 0; c < n; ++c) {
          float off = 0.0f;
          for (int r = 0; r < n; ++r)
            if (r != c) off += std::fabs(a[(size_t)r * n + c]);
          a[(size_t)c * n + c] = (coin(t.rng()) ? 1.0f : -1.0f) * (off + 1.0f);
        }
        if (which == 4)
          for (int r = n - 1; r > 0; --r) {
            const int s = std::uniform_int_distribution<int>(0, r)(t.rng());
            for (int c = 0; c < n; ++c) std::swap(a[(size_t)r * n + c], a[(size_t)s * n + c]);
          }
      }
    }
    double scale = 0.0;
    for (int e = 0; e < n * n; ++e) scale = std::max(scale, (double)std::fabs(a[e]));
    if (!factor(n, a, 1e-3 * scale, tie_steps, f, piv)) continue;
    double top = 0.0;
    for (int e = 0; e < n * n; ++e) top = std::max(top, std::fabs(f[e]) * (e % n >= e / n ? 1.0 : 0.0));
    if (top > 32.0 * scale || amplification(n, f) * scale > 1000.0) continue;
    return;
  }
  t.fail("harness error: no matrix with unambiguous pivots was drawn");
}

static void run(hc::Test& t) {
  int batch = static_cast<int>(t.param("batch"));
#ifdef CPURT_MODE_RACE
  batch = std::min(batch, 3);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int n = static_cast<int>(t.param("n"));
  const size_t nn = (size_t)n * n;
  std::vector<float> a((size_t)batch * nn);
  std::vector<double> want((size_t)batch * nn);
  std::vector<int> want_piv((size_t)batch * n);
  for (int b = 0; b < batch; ++b) draw(t, n, b % 5, &a[b * nn], &want[b * nn], &want_piv[(size_t)b * n]);

  auto da = t.input(a, "a");
  auto dlu = t.output<float>((size_t)batch * nn, "lu");
  auto dpiv = t.output<int>((size_t)batch * n, "piv");
  batched_lu_pivot(batch, n, da.get(), dlu.get(), dpiv.get(), t.stream());
  t.finish_call();
  t.expect_equal("piv", dpiv.download(), want_piv);
  t.expect_close("lu", dlu.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <algorithm>
#include <cmath>

void power_iteration(int n, const float* a, int iters, float* x, float* lambda, hipStream_t stream);

// A dense n x n matrix with a clear dominant eigenvalue and slowly decaying others, built so that the start
// vector e = (1, ..., 1) / sqrt(n) has sizeable components along the leading eigenvectors:
//   A = sum over k < 4 of lam[k] v_k v_k^T + G,
// with v_0..v_4 orthonormal, e = sum of alpha[k] v_k (alpha fixed), lam = scale * (1, 0.85, -0.7, 0.5) (or
// with the signs flipped, so the dominant eigenvalue is negative), and G a non-symmetric random matrix with
// entries in [-0.5, 0.5] * scale / n (spectral radius about scale / (2 sqrt(n))). The dominant direction's
// share grows by about 1 / 0.85 per step, so consecutive iterates stay far apart for a dozen steps while
// rounding errors of earlier steps decay. For n < 5: random entries in [0.5, 1.5] * scale (Perron).
static std::vector<float> make_matrix(hc::Test& t, int n, double scale, bool negative) {
  std::mt19937_64& g = t.rng();
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<float> a((size_t)n * n);
  if (n < 5) {
    for (auto& v : a) v = static_cast<float>(scale * (1.0 + 0.5 * u(g)) * (negative ? -1.0 : 1.0));
    return a;
  }
  const int r = 4;
  // Orthonormal basis b_0 = e, b_1..b_r random (Gram-Schmidt in double).
  std::vector<std::vector<double>> b(r + 1, std::vector<double>(n));
  for (int i = 0; i < n; ++i) b[0][i] = 1.0 / std::sqrt((double)n);
  for (int m = 1; m <= r; ++m) {
    for (int i = 0; i < n; ++i) b[m][i] = u(g);
    for (int pass = 0; pass < 2; ++pass)
      for (int q = 0; q < m; ++q) {
        double dot = 0.0;
        for (int i = 0; i < n; ++i) dot += b[m][i] * b[q][i];
        for (int i = 0; i < n; ++i) b[m][i] -= dot * b[q][i];
      }
    double norm = 0.0;
    for (int i = 0; i < n; ++i) norm += b[m][i] * b[m][i];
    for (int i = 0; i < n; ++i) b[m][i] /= std::sqrt(norm);
  }
  // R = I - 2 h h^T maps the first unit vector to alpha; v_k = sum over m of R[k][m] b_m, so e . v_k = alpha[k].
  double alpha[r + 1] = {0.7, 0.5, 0.4, 0.3, 0.1};
  double anorm = 0.0;
  for (double v : alpha) anorm += v * v;
  for (double& v : alpha) v /= std::sqrt(anorm);
  double h[r + 1], hnorm = 0.0;
  for (int k = 0; k <= r; ++k) h[k] = (k == 0 ? 1.0 : 0.0) - alpha[k], hnorm += h[k] * h[k];
  for (double& v : h) v /= std::sqrt(hnorm);
  std::vector<std::vector<double>> v(r, std::vector<double>(n, 0.0));
  for (int k = 0; k < r; ++k)
    for (int m = 0; m <= r; ++m) {
      const double rkm = (k == m ? 1.0 : 0.0) - 2.0 * h[k] * h[m];
      for (int i = 0; i < n; ++i) v[k][i] += rkm * b[m][i];
    }
  const double sign = negative ? -1.0 : 1.0;
  const double eig[r] = {sign * scale, 0.85 * scale, -0.7 * sign * scale, 0.5 * sign * scale};
  const double noise = 0.5 * scale / n;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double s = noise * u(g);
      for (int k = 0; k < r; ++k) s += eig[k] * v[k][i] * v[k][j];
      a[(size_t)i * n + j] = static_cast<float>(s);
    }
  return a;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
  int iters = static_cast<int>(t.param("iters"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: a small matrix (several
  // row blocks, the last one partial) and two steps show every race the larger sizes and counts can.
  n = std::min(n, 100);
  iters = std::min(iters, 2);
#endif
  // scale_exp: the dominant eigenvalue's magnitude is 2^scale_exp (times about 1); negative: its sign.
  const int scale_exp = static_cast<int>(t.param("scale_exp", 0));
  const bool negative = t.param("negative", 0) != 0;
  const std::vector<float> a = make_matrix(t, n, std::ldexp(1.0, scale_exp), negative);

  // The same recurrence in double on the float matrix.
  std::vector<double> x(n, 1.0 / std::sqrt((double)n)), y(n);
  auto matvec = [&]() {
    for (int i = 0; i < n; ++i) {
      double acc = 0.0;
      for (int j = 0; j < n; ++j) acc += (double)a[(size_t)i * n + j] * x[j];
      y[i] = acc;
    }
  };
  for (int it = 0; it < iters; ++it) {
    matvec();
    double norm = 0.0;
    for (double v : y) norm += v * v;
    norm = std::sqrt(norm);
    for (int i = 0; i < n; ++i) x[i] = y[i] / norm;
  }
  matvec();
  double lambda = 0.0;
  for (int i = 0; i < n; ++i) lambda += x[i] * y[i];

  auto da = t.input(a, "a");
  auto dx = t.output<float>(n, "x");
  auto dl = t.output<float>(1, "lambda");
  power_iteration(n, da.get(), iters, dx.get(), dl.get(), t.stream());
  t.finish_call();
  t.expect_close("x", dx.download(), x);
  // lambda is compared divided by 2^scale_exp (exact), a power of two within a factor of about 2 of the
  // dominant eigenvalue's magnitude, so atol acts relative to the matrix's scale on every test.
  const double unit = std::ldexp(1.0, -scale_exp);
  t.expect_close("lambda / 2^scale_exp", std::vector<double>{dl.download()[0] * unit}, std::vector<double>{lambda * unit});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

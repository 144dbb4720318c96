#include "hipcoding_harness.h"

#include <algorithm>
#include <cmath>
#include <tuple>

void cg_steps(int n, const int* row_ptr, const int* col_idx, const float* vals, const float* b, int iters, float* x,
              hipStream_t stream);

struct Csr {
  std::vector<int> ptr, col;
  std::vector<float> val;
};

// A symmetric, strictly diagonally dominant matrix with a positive diagonal (so SPD): every row picks
// 0..2*degree random partners (1 row in 50 picks 20x as many, when `hubs`), each pair (i, j) gets
// one value in [-1, 1] at (i, j) and (j, i), and the diagonal is d_i = S_i + m with S_i the row's sum
// of |off-diagonal| and m = max(0.25, S_max / 24). By Gershgorin the eigenvalues lie in
// [m, 2 S_max + m], so the condition number is at most 49 on every test (the prompt states it).
static Csr make_spd(hc::Test& t, int n, int degree, bool hubs) {
  std::mt19937_64& g = t.rng();
  std::vector<std::tuple<int, int, float>> entries;
  for (int i = 0; i < n && n > 1; ++i) {
    const int spread = hubs && g() % 50 == 0 ? 40 * degree : 2 * degree;
    const int count = static_cast<int>(g() % (spread + 1));
    for (int k = 0; k < count; ++k) {
      const int j = static_cast<int>(g() % n);
      if (j == i) continue;
      const float v = std::ldexp(static_cast<float>(static_cast<long long>(g() % 2049) - 1024), -10);
      entries.emplace_back(i, j, v);
      entries.emplace_back(j, i, v);
    }
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b) : std::get<1>(a) < std::get<1>(b);
  });
  // Merge repeated pairs (summed: still symmetric), then add the diagonal in column order.
  std::vector<double> off_sum(n, 0.0);
  std::vector<std::tuple<int, int, float>> merged;
  for (const auto& e : entries) {
    if (!merged.empty() && std::get<0>(merged.back()) == std::get<0>(e) && std::get<1>(merged.back()) == std::get<1>(e))
      std::get<2>(merged.back()) += std::get<2>(e);  // multiples of 2^-10 below 2^14: exact
    else
      merged.push_back(e);
  }
  for (const auto& e : merged) off_sum[std::get<0>(e)] += std::fabs(std::get<2>(e));
  const double s_max = n > 0 ? *std::max_element(off_sum.begin(), off_sum.end()) : 0.0;
  const double m = std::max(0.25, s_max / 24.0);
  Csr a;
  a.ptr.assign(n + 1, 0);
  size_t at = 0;
  for (int i = 0; i < n; ++i) {
    bool diagonal_done = false;
    for (; at < merged.size() && std::get<0>(merged[at]) == i; ++at) {
      if (!diagonal_done && std::get<1>(merged[at]) > i) {
        a.col.push_back(i), a.val.push_back(static_cast<float>(off_sum[i] + m));
        diagonal_done = true;
      }
      a.col.push_back(std::get<1>(merged[at])), a.val.push_back(std::get<2>(merged[at]));
    }
    if (!diagonal_done) a.col.push_back(i), a.val.push_back(static_cast<float>(off_sum[i] + m));
    a.ptr[i + 1] = static_cast<int>(a.col.size());
  }
  return a;
}

// The same recurrence in double on the float inputs (docs: the prompt's pseudo-code).
static std::vector<double> cg_double(const Csr& a, const std::vector<float>& b, int iters) {
  const size_t n = b.size();
  std::vector<double> x(n, 0.0), r(b.begin(), b.end()), p(r), q(n);
  double rr = 0.0;
  for (double v : r) rr += v * v;
  for (int it = 0; it < iters && rr != 0.0; ++it) {
    double pq = 0.0;
    for (size_t i = 0; i < n; ++i) {
      double acc = 0.0;
      for (int e = a.ptr[i]; e < a.ptr[i + 1]; ++e) acc += static_cast<double>(a.val[e]) * p[a.col[e]];
      q[i] = acc;
      pq += p[i] * acc;
    }
    const double alpha = rr / pq;
    double rr_new = 0.0;
    for (size_t i = 0; i < n; ++i) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      rr_new += r[i] * r[i];
    }
    const double beta = rr_new / rr;
    rr = rr_new;
    for (size_t i = 0; i < n; ++i) p[i] = r[i] + beta * p[i];
  }
  return x;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
  int iters = static_cast<int>(t.param("iters"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: three blocks of rows (the
  // last one partial) and three iterations show every race the larger sizes and counts can.
  n = std::min(n, 600);
  iters = std::min(iters, 3);
#endif
  const int degree = static_cast<int>(t.param("degree", 3));
  const int rhs = static_cast<int>(t.param("rhs", 0));  // 0 random, 1 zero, 2 small integers
  Csr a;
  if (t.param("diagonal", 0) != 0) {
    // 4 I: one eigenvalue, so CG is done after one step. With integer b every dot is exact in any
    // summation order, alpha = 1/4 exactly and the residual becomes exactly 0: the later iterations
    // must leave x alone (r.r = 0 must not turn into 0/0).
    a.ptr.resize(n + 1);
    for (int i = 0; i <= n; ++i) a.ptr[i] = i;
    a.col.resize(n);
    for (int i = 0; i < n; ++i) a.col[i] = i;
    a.val.assign(n, 4.0f);
  } else {
    a = make_spd(t, n, degree, t.is("ragged"));
  }
  std::vector<float> b = t.uniform(n, -1.0f, 1.0f);
  if (rhs == 1) std::fill(b.begin(), b.end(), 0.0f);
  if (rhs == 2)
    for (auto& v : b) v = static_cast<float>(static_cast<int>(t.rng()() % 7) - 3);
  const std::vector<double> want = cg_double(a, b, iters);

  auto dptr = t.input(a.ptr, "row_ptr");
  auto dcol = t.input(a.col, "col_idx");
  auto dval = t.input(a.val, "vals");
  auto db = t.input(b, "b");
  auto dx = t.output<float>(n, "x");
  cg_steps(n, dptr.get(), dcol.get(), dval.get(), db.get(), iters, dx.get(), t.stream());
  t.finish_call();
  t.expect_close("x", dx.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

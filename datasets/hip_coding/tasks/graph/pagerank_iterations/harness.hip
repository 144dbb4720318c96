#include "hipcoding_harness.h"

void pagerank_iterations(int n, const int* row_ptr, const int* col_idx, float damping, int iterations, float* rank,
                         hipStream_t stream);

// The iterations in double, with the damping factor exactly as the float the solution receives.
static std::vector<double> pagerank(int n, const std::vector<std::vector<int>>& adj, float damping, int iterations) {
  const double d = damping;
  std::vector<double> rank(n, 1.0 / n), acc(n);
  for (int it = 0; it < iterations; ++it) {
    double dangling = 0.0;
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int v = 0; v < n; ++v) {
      if (adj[v].empty()) {
        dangling += rank[v];
        continue;
      }
      const double share = rank[v] / static_cast<double>(adj[v].size());
      for (int u : adj[v]) acc[u] += share;
    }
    for (int v = 0; v < n; ++v) rank[v] = (1.0 - d) / n + d * (acc[v] + dangling / n);
  }
  return rank;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  n = std::min(n, 3000);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int degree = static_cast<int>(t.param("degree"));
  const int iterations = static_cast<int>(t.param("iterations"));
  const float damping = static_cast<float>(t.param("damp1000")) / 1000.0f;
  const int dangle = static_cast<int>(t.param("dangle", 0));  // percent of the vertices without out-edges
  std::vector<std::vector<int>> adj(n);
  std::uniform_int_distribution<int> deg(0, 2 * degree), percent(0, 99);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int v = 0; v < n; ++v) {
    if (percent(t.rng()) < dangle) continue;
    const int d = deg(t.rng());
    for (int k = 0; k < d; ++k) {
      // skew: heads drawn as n * x^3, so the low ids collect most of the edges (hubs of high in-degree)
      const double x = unit(t.rng());
      const int u = static_cast<int>((t.param("skew", 0) ? x * x * x : x) * n);
      adj[v].push_back(std::min(u, n - 1));
    }
  }
  if (t.param("chain", 0)) {
    // A path through the last third whose end is dangling: rank flows slowly along it.
    for (int v = 2 * n / 3; v + 1 < n; ++v) adj[v] = {v + 1};
    if (n > 1) adj[n - 1].clear();
  }
  if (t.is("special")) {
    // Self-loops (a vertex whose only edge is to itself is not dangling) and duplicated edges.
    for (int v = 0; v < n; v += 11) adj[v].push_back(v);
    for (int v = 3; v < n; v += 17) adj[v] = {v};
    for (int v = 0; v < n; v += 5)
      if (!adj[v].empty()) adj[v].push_back(adj[v][0]), adj[v].push_back(adj[v][0]);
  }

  std::vector<int> row_ptr(n + 1, 0), col_idx;
  for (int v = 0; v < n; ++v) {
    row_ptr[v + 1] = row_ptr[v] + static_cast<int>(adj[v].size());
    col_idx.insert(col_idx.end(), adj[v].begin(), adj[v].end());
  }
  if (col_idx.empty()) col_idx.push_back(0);  // a device buffer needs one element; nothing reads it
  const std::vector<double> want = pagerank(n, adj, damping, iterations);

  auto drp = t.input(row_ptr, "row_ptr");
  auto dci = t.input(col_idx, "col_idx");
  auto dr = t.output<float>(n, "rank");
  pagerank_iterations(n, drp.get(), dci.get(), damping, iterations, dr.get(), t.stream());
  t.finish_call();
  t.expect_close("rank", dr.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

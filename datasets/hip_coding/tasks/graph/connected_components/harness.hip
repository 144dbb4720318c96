#include "hipcoding_harness.h"

#include <numeric>

void connected_components(int n, const int* row_ptr, const int* col_idx, int* label, hipStream_t stream);

// The smallest vertex of every vertex's component, by a sequential union-find.
static std::vector<int> component_minima(int n, const std::vector<std::vector<int>>& adj) {
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (int v = 0; v < n; ++v)
    for (int u : adj[v]) {
      const int a = find(v), b = find(u);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  std::vector<int> want(n);
  for (int v = 0; v < n; ++v) want[v] = find(v);
  return want;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  n = std::min(n, 4000);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  // deg10: undirected edges per ten vertices; clusters: the vertices (in a random order) are cut into this
  // many ranges and random edges stay inside a range; path: a path through the first `path` vertices of
  // that order; listing: 0 both directions, 1 once in a random end's list, 2 once in the larger end's
  // list (the smallest vertex is reached only against the listed direction), 3 each edge one of these.
  const long long edges = n * t.param("deg10") / 10;
  const int clusters = std::max(1, static_cast<int>(t.param("clusters", 1)));
  const int path = std::min(n, static_cast<int>(t.param("path", 0)));
  const int listing = static_cast<int>(t.param("listing"));
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), t.rng());

  std::vector<std::vector<int>> adj(n);
  std::uniform_int_distribution<int> coin(0, 2);
  auto add = [&](int a, int b) {
    int how = listing == 3 ? static_cast<int>(coin(t.rng())) : listing;
    if (how == 0) {
      adj[a].push_back(b);
      if (a != b) adj[b].push_back(a);
    } else if (how == 1) {
      if (coin(t.rng()) == 0) std::swap(a, b);
      adj[a].push_back(b);
    } else {
      adj[std::max(a, b)].push_back(std::min(a, b));
    }
  };
  std::uniform_int_distribution<int> any(0, n - 1);
  for (long long k = 0; k < edges; ++k) {
    const int i = any(t.rng());
    const long long c = static_cast<long long>(i) * clusters / n;  // the range holding position i
    const int lo = static_cast<int>(c * n / clusters), hi = static_cast<int>((c + 1) * n / clusters);
    const int j = lo + static_cast<int>(t.rng()() % static_cast<unsigned long long>(hi - lo));
    add(order[i], order[j]);
  }
  for (int i = 0; i + 1 < path; ++i) add(order[i], order[i + 1]);
  if (t.is("special")) {
    // Self-loops, duplicated entries, and a hub whose many edges sit only in its own list.
    for (int v = 0; v < n; v += 9) adj[v].push_back(v);
    for (int v = 0; v < n; v += 13)
      if (!adj[v].empty()) adj[v].push_back(adj[v].back());
    const int hub = order[n / 2];
    for (int k = 0; k < 700; ++k) adj[hub].push_back(order[any(t.rng()) % std::max(1, n / 3)]);
  }

  std::vector<int> row_ptr(n + 1, 0), col_idx;
  for (int v = 0; v < n; ++v) {
    row_ptr[v + 1] = row_ptr[v] + static_cast<int>(adj[v].size());
    col_idx.insert(col_idx.end(), adj[v].begin(), adj[v].end());
  }
  if (col_idx.empty()) col_idx.push_back(0);  // a device buffer needs one element; nothing reads it
  const std::vector<int> want = component_minima(n, adj);

  auto drp = t.input(row_ptr, "row_ptr");
  auto dci = t.input(col_idx, "col_idx");
  auto dl = t.output<int>(n, "label");
  connected_components(n, drp.get(), dci.get(), dl.get(), t.stream());
  t.finish_call();
  t.expect_equal("label", dl.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <climits>
#include <functional>
#include <queue>

void sssp_bellman_ford(int n, const int* row_ptr, const int* col_idx, const int* weight, int source, int* dist,
                       hipStream_t stream);

using Edge = std::pair<int, int>;  // (head, weight)

// Dijkstra in 64-bit arithmetic: the expected distances, INT_MAX where unreachable.
static std::vector<int> shortest(int n, int source, const std::vector<std::vector<Edge>>& adj, bool* fits) {
  std::vector<long long> best(n, -1);
  std::priority_queue<std::pair<long long, int>, std::vector<std::pair<long long, int>>, std::greater<>> heap;
  heap.push({0, source});
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (best[v] >= 0) continue;
    best[v] = d;
    for (const Edge& e : adj[v])
      if (best[e.first] < 0) heap.push({d + e.second, e.first});
  }
  std::vector<int> want(n);
  *fits = true;
  for (int v = 0; v < n; ++v) {
    if (best[v] >= static_cast<long long>(INT_MAX) / 2) *fits = false;
    want[v] = best[v] < 0 ? INT_MAX : static_cast<int>(best[v]);
  }
  return want;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  n = std::min(n, 3000);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int degree = static_cast<int>(t.param("degree"));
  const int wmin = static_cast<int>(t.param("wmin", 1)), wmax = static_cast<int>(t.param("wmax"));
  const int source = static_cast<int>(t.param("source", 0) % n);
  std::vector<std::vector<Edge>> adj(n);
  std::uniform_int_distribution<int> any(0, n - 1), w(wmin, wmax);
  if (t.param("chain", 0)) {
    // A path n-1 -> n-2 -> ... -> 0 and shortcuts over 50 of its edges whose weight is the path's plus a
    // small delta: some shortcuts win, some lose, some tie, and the hop counts are in the thousands.
    std::vector<long long> along(n, 0);  // along[v]: the path's weight from n-1 down to v
    for (int v = n - 1; v >= 1; --v) {
      const int weight = w(t.rng());
      adj[v].push_back({v - 1, weight});
      along[v - 1] = along[v] + weight;
    }
    std::uniform_int_distribution<int> delta(-2, 2);
    for (int v = n - 1; v >= 50; v -= 37)
      adj[v].push_back({v - 50, static_cast<int>(std::max(0LL, along[v - 50] - along[v] + delta(t.rng())))});
  } else {
    std::uniform_int_distribution<int> deg(0, 2 * degree);
    for (int v = 0; v < n; ++v) {
      const int d = deg(t.rng());
      for (int k = 0; k < d; ++k) adj[v].push_back({any(t.rng()), w(t.rng())});
    }
  }
  if (t.is("special")) {
    // Self-loops, the same edge again with another weight, a source hub with heavy edges, and islands
    // (every edge of the last tenth of the vertices stays inside it) that stay unreachable.
    for (int v = 0; v < n; v += 7) adj[v].push_back({v, w(t.rng())});
    for (int v = 0; v < n; v += 5)
      if (!adj[v].empty()) adj[v].push_back({adj[v][0].first, w(t.rng())});
    const int island = n - n / 10;
    for (int v = 0; v < n; ++v)
      for (Edge& e : adj[v])
        if ((v >= island) != (e.first >= island))
          e.first = v >= island ? island + (e.first % (n - island)) : e.first % island;
    for (int k = 0; k < 300 && island > 0 && source < island; ++k)
      adj[source].push_back({any(t.rng()) % island, wmax});
  }
  if (t.param("isolated", 0)) adj[source].clear();

  std::vector<int> row_ptr(n + 1, 0), col_idx, weight;
  for (int v = 0; v < n; ++v) {
    row_ptr[v + 1] = row_ptr[v] + static_cast<int>(adj[v].size());
    for (const Edge& e : adj[v]) col_idx.push_back(e.first), weight.push_back(e.second);
  }
  if (col_idx.empty()) col_idx.push_back(0), weight.push_back(0);  // a device buffer needs one element
  bool fits = true;
  const std::vector<int> want = shortest(n, source, adj, &fits);
  if (!fits) t.fail("harness error: a distance does not fit the stated range");

  auto drp = t.input(row_ptr, "row_ptr");
  auto dci = t.input(col_idx, "col_idx");
  auto dw = t.input(weight, "weight");
  auto dd = t.output<int>(n, "dist");
  sssp_bellman_ford(n, drp.get(), dci.get(), dw.get(), source, dd.get(), t.stream());
  t.finish_call();
  t.expect_equal("dist", dd.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

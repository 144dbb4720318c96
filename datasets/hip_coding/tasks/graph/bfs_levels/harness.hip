#include "hipcoding_harness.h"

#include <deque>

void bfs_levels(int n, const int* row_ptr, const int* col_idx, int source, int* level, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n")), degree = static_cast<int>(t.param("degree"));
  const int source = static_cast<int>(t.param("source", 0)) % n;
  std::vector<std::vector<int>> adj(n);
  std::uniform_int_distribution<int> any(0, n - 1);
  if (t.param("chain", 0)) {
    // A long path n-1 -> n-2 -> ... -> 0 plus a few forward shortcuts: the depth is large, and the
    // shortcuts make some vertices reachable earlier than their position on the path suggests.
    for (int v = 1; v < n; ++v) adj[v].push_back(v - 1);
    for (int v = n - 1; v >= 50; v -= 397) adj[v].push_back(v - 50);
  } else {
    std::uniform_int_distribution<int> deg(0, 2 * degree);
    for (int v = 0; v < n; ++v) {
      const int d = deg(t.rng());
      for (int k = 0; k < d; ++k) adj[v].push_back(any(t.rng()));
    }
  }
  if (t.is("special")) {
    // Self-loops, duplicate edges, a vertex whose only edges point to itself, unreachable islands
    // (every edge of the last tenth of the vertices stays inside it), and high-degree hubs.
    for (int v = 0; v < n; v += 7) adj[v].push_back(v);
    for (int v = 0; v < n; v += 11) if (!adj[v].empty()) adj[v].push_back(adj[v][0]);
    const int island = n - n / 10;
    for (int v = 0; v < n; ++v)
      for (int& u : adj[v]) if ((v >= island) != (u >= island)) u = v >= island ? island + (u % (n - island)) : u % island;
    for (int k = 0; k < 300 && island > 0; ++k) adj[1 % n].push_back(any(t.rng()) % island);
  }
  std::vector<int> row_ptr(n + 1, 0), col_idx;
  for (int v = 0; v < n; ++v) {
    row_ptr[v + 1] = row_ptr[v] + static_cast<int>(adj[v].size());
    col_idx.insert(col_idx.end(), adj[v].begin(), adj[v].end());
  }
  if (col_idx.empty()) col_idx.push_back(0);  // a device buffer needs one element; nothing reads it
  std::vector<int> want(n, -1);
  std::deque<int> queue{source};
  want[source] = 0;
  while (!queue.empty()) {
    const int v = queue.front();
    queue.pop_front();
    for (int u : adj[v])
      if (want[u] < 0) want[u] = want[v] + 1, queue.push_back(u);
  }

  auto drp = t.input(row_ptr, "row_ptr");
  auto dci = t.input(col_idx, "col_idx");
  auto dl = t.output<int>(n, "level");
  bfs_levels(n, drp.get(), dci.get(), source, dl.get(), t.stream());
  t.finish_call();
  t.expect_equal("level", dl.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <algorithm>
#include <cmath>
#include <numeric>

void triangle_count(int n, int nnz, const int* row_ptr, const int* col_idx, int* per_vertex, unsigned long long* total,
                    hipStream_t stream);

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
  const int model = static_cast<int>(t.param("model", 0));
  long long edges = n * t.param("deg10", 0) / 20;  // deg10: mean degree times ten (each edge adds two entries)
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: a few thousand adjacency
  // entries (a dozen blocks, the last one partial) show every race the larger graphs can.
  if (edges > 1500) {
    n = std::max(3, static_cast<int>(n * 1500 / edges));
    edges = 1500;
  }
#endif
  std::mt19937_64& g = t.rng();
  // tail_triangle: the three highest ids form a triangle of their own, so it is found from entries in the
  // very last block of a one-thread-per-entry launch.
  const int tail = t.param("tail_triangle", 0) != 0 && n >= 3 ? 3 : 0;
  // The other vertex labels are a random permutation, so neither the lists nor the triangles line up with ids.
  std::vector<int> label(n);
  std::iota(label.begin(), label.end(), 0);
  std::shuffle(label.begin(), label.end() - tail, g);
  std::vector<std::vector<int>> adj(n);
  auto add = [&](int a, int b) {
    if (a == b) return;  // no self-loops (a precondition of the task)
    adj[label[a]].push_back(label[b]);
    adj[label[b]].push_back(label[a]);
  };
  // Vertices at positions >= active stay isolated.
  const int active = std::max(0, n - tail - static_cast<int>(t.param("isolated", 0)));
  if (active >= 2 && edges > 0) {
    if (model == 1) {
      // Skewed degrees (Chung-Lu): endpoint p drawn with weight (p + 1)^-0.75, so a few hubs hold a large
      // share of the edges and meet each other in many triangles.
      std::vector<double> cum(active);
      double acc = 0.0;
      for (int p = 0; p < active; ++p) cum[p] = acc += std::pow(p + 1.0, -0.75);
      std::uniform_real_distribution<double> pick(0.0, acc);
      auto draw = [&]() { return static_cast<int>(std::lower_bound(cum.begin(), cum.end(), pick(g)) - cum.begin()); };
      for (long long k = 0; k < edges; ++k) add(std::min(draw(), active - 1), std::min(draw(), active - 1));
    } else {
      // Clustered: most edges join positions at most `window` apart on a ring (many triangles), the rest
      // are random long-range edges.
      const int window = std::max(1, std::min(active / 2, static_cast<int>(t.param("window", 8))));
      std::uniform_int_distribution<int> any(0, active - 1), step(1, window);
      for (long long k = 0; k < edges; ++k) {
        const int a = any(g);
        add(a, g() % 8 == 0 ? any(g) : (a + step(g)) % active);
      }
    }
  }
  const int clique = std::min(active, static_cast<int>(t.param("clique", 0)));
  for (int a = 0; a < clique; ++a)
    for (int b = a + 1; b < clique; ++b) add(a, b);
  if (t.is("special") && active > clique + 10) {
    // A hub joined to every other active vertex outside the clique, a few disjoint triangles glued to it.
    const int hub = active - 1;
    for (int p = clique; p < hub; ++p) add(hub, p);
    for (int p = clique; p + 2 < hub; p += 97) add(p, p + 1), add(p + 1, p + 2), add(p, p + 2);
  }
  const int path = std::min(active, static_cast<int>(t.param("path", 0)));  // a path through positions 0..path-1
  for (int p = 0; p + 1 < path; ++p) add(p, p + 1);
  if (tail == 3) add(n - 3, n - 2), add(n - 2, n - 1), add(n - 3, n - 1);
  if (t.param("gadgets", 0) != 0) {
    // Near misses, five consecutive ids each, without a triangle: {0,2}, {2,4}, {1,4}, where the first
    // entry after 0's list (1's list starts with 4) matches v = 2's next neighbour; and {0,1}, {0,4},
    // {2,4}, where the first entry after 1's list (2's list starts with 4) matches u = 0's next neighbour.
    // A merge that reads one entry past either list finds a triangle here.
    for (int b = 0; b + 5 <= active; b += 5) {
      auto edge = [&](int x, int y) { adj[b + x].push_back(b + y), adj[b + y].push_back(b + x); };
      if (b / 5 % 2 == 0) edge(0, 2), edge(2, 4), edge(1, 4);
      else edge(0, 1), edge(0, 4), edge(2, 4);
    }
  }
  // Sorted, duplicate-free lists.
  std::vector<int> row_ptr(n + 1, 0), col_idx;
  for (int v = 0; v < n; ++v) {
    std::sort(adj[v].begin(), adj[v].end());
    adj[v].erase(std::unique(adj[v].begin(), adj[v].end()), adj[v].end());
    col_idx.insert(col_idx.end(), adj[v].begin(), adj[v].end());
    row_ptr[v + 1] = static_cast<int>(col_idx.size());
  }
  const int nnz = row_ptr[n];
  if (col_idx.empty()) col_idx.push_back(0);  // a device buffer needs one element; nothing reads it

  // Every triangle u < v < w once, from its lowest edge: the common neighbours of u and v above v.
  std::vector<int> want(n, 0);
  unsigned long long want_total = 0;
  for (int u = 0; u < n; ++u)
    for (int v : adj[u]) {
      if (v <= u) continue;
      auto i = std::upper_bound(adj[u].begin(), adj[u].end(), v), j = std::upper_bound(adj[v].begin(), adj[v].end(), v);
      while (i != adj[u].end() && j != adj[v].end()) {
        if (*i == *j) {
          ++want[u], ++want[v], ++want[*i], ++want_total;
          ++i, ++j;
        } else if (*i < *j) {
          ++i;
        } else {
          ++j;
        }
      }
    }
  std::fprintf(stderr, "DEV %s n=%d nnz=%d triangles=%llu maxdeg=%zu\n", t.name().c_str(), n, nnz, want_total,
               std::max_element(adj.begin(), adj.end(), [](auto& a, auto& b) { return a.size() < b.size(); })->size());

  auto drp = t.input(row_ptr, "row_ptr");
  auto dci = t.input(col_idx, "col_idx");
  auto dpv = t.output<int>(n, "per_vertex");
  auto dtot = t.output<unsigned long long>(1, "total");
  triangle_count(n, nnz, drp.get(), dci.get(), dpv.get(), dtot.get(), t.stream());
  t.finish_call();
  t.expect_equal("total", dtot.download(), std::vector<unsigned long long>{want_total});
  t.expect_equal("per_vertex", dpv.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

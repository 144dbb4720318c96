#include "hipcoding_harness.h"

void kmeans_step(int n, int dim, int k, const float* points, const float* centroids, int* labels,
                 float* new_centroids, int* counts, hipStream_t stream);

static std::vector<float> integers(hc::Test& t, size_t count, int lo, int hi) {
  std::uniform_int_distribution<int> pick(lo, hi);
  std::vector<float> out(count);
  for (auto& x : out) x = static_cast<float>(pick(t.rng()));
  return out;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  n = std::min(n, 3000);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int dim = static_cast<int>(t.param("dim"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> points = integers(t, (size_t)n * dim, -40, 40);
  std::vector<float> centroids = integers(t, (size_t)k * dim, -40, 40);
  if (t.is("special")) {
    // Exact ties: centroid 1 duplicates centroid 0 (it never wins, stays empty and keeps its value),
    // centroids 2 and 3 mirror each other about the origin and a tenth of the points sit at the origin
    // (equidistant: the lower index wins); centroid k-1 lies far from every point (empty); repeated points.
    if (k >= 2)
      for (int d = 0; d < dim; ++d) centroids[(size_t)dim + d] = centroids[d];
    if (k >= 4)
      for (int d = 0; d < dim; ++d) centroids[3 * (size_t)dim + d] = -centroids[2 * (size_t)dim + d];
    if (k >= 5)
      for (int d = 0; d < dim; ++d) centroids[(size_t)(k - 1) * dim + d] = 200.0f;
    for (int i = 0; i < n; i += 10)
      for (int d = 0; d < dim; ++d) points[(size_t)i * dim + d] = 0.0f;
    for (int i = 3; i < n; i += 7)
      for (int d = 0; d < dim; ++d) points[(size_t)i * dim + d] = points[(size_t)(i - 3) * dim + d];
  }
  // Integer coordinates: every distance, comparison and sum is exact in float, so labels are unambiguous.
  std::vector<int> want_labels(n), want_counts(k, 0);
  std::vector<double> sums((size_t)k * dim, 0.0);
  for (int i = 0; i < n; ++i) {
    int best = 0;
    double best_dist = INFINITY;
    for (int c = 0; c < k; ++c) {
      double dist = 0.0;
      for (int d = 0; d < dim; ++d) {
        const double diff = (double)points[(size_t)i * dim + d] - centroids[(size_t)c * dim + d];
        dist += diff * diff;
      }
      if (dist < best_dist) best_dist = dist, best = c;
    }
    want_labels[i] = best;
    ++want_counts[best];
    for (int d = 0; d < dim; ++d) sums[(size_t)best * dim + d] += points[(size_t)i * dim + d];
  }
  std::vector<double> want_centroids((size_t)k * dim);
  for (int c = 0; c < k; ++c)
    for (int d = 0; d < dim; ++d) {
      const size_t at = (size_t)c * dim + d;
      want_centroids[at] = want_counts[c] > 0 ? sums[at] / want_counts[c] : centroids[at];
    }

  auto dp = t.input(points, "points");
  auto dc = t.input(centroids, "centroids");
  auto dl = t.output<int>(n, "labels");
  auto dnc = t.output<float>((size_t)k * dim, "new_centroids");
  auto dn = t.output<int>(k, "counts");
  kmeans_step(n, dim, k, dp.get(), dc.get(), dl.get(), dnc.get(), dn.get(), t.stream());
  t.finish_call();
  t.expect_equal("labels", dl.download(), want_labels);
  t.expect_equal("counts", dn.download(), want_counts);
  t.expect_close("new_centroids", dnc.download(), want_centroids);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <algorithm>

void segmented_sort_f32(int n, int segments, const int* offsets, const float* in, float* out, hipStream_t stream);

// Segment lengths as sorting workloads mix them: 30 % tiny (0..3, empty ones included), 55 % short
// (4..32), 14 % medium (33..600), 1 % long (601..4096), plus `big` segments of `big_len` keys at
// seeded places. pattern=1 cycles through lengths around the usual size limits instead.
static std::vector<int> segment_lengths(hc::Test& t, int segments) {
  std::mt19937_64& g = t.rng();
  std::vector<int> len(segments);
  if (t.param("pattern", 0) == 1) {
    const int edges[] = {0, 1, 2, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1023, 1025, 2047, 2049, 4095, 4096, 4097, 8193};
    for (int s = 0; s < segments; ++s) len[s] = edges[s % 20];
    return len;
  }
  const long long fixed = t.param("fixed", -1);
  for (int s = 0; s < segments; ++s) {
    if (fixed >= 0) {
      len[s] = static_cast<int>(fixed);
      continue;
    }
    const int c = static_cast<int>(g() % 100);
    len[s] = c < 30 ? static_cast<int>(g() % 4)
             : c < 85 ? 4 + static_cast<int>(g() % 29)
             : c < 99 ? 33 + static_cast<int>(g() % 568)
                      : 601 + static_cast<int>(g() % 3496);
  }
  const int big = static_cast<int>(t.param("big", 0));
  for (int k = 0; k < big; ++k) len[g() % segments] = static_cast<int>(t.param("big_len"));
  return len;
}

static void run(hc::Test& t) {
  int segments = static_cast<int>(t.param("segments"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: a few dozen segments of
  // every size class show every race the larger tests can.
  segments = std::min(segments, 40);
#endif
  std::vector<int> len = segment_lengths(t, segments);
#ifdef CPURT_MODE_RACE
  for (auto& l : len) l = std::min(l, 9000);
#endif
  std::vector<int> offsets(segments + 1, 0);
  for (int s = 0; s < segments; ++s) offsets[s + 1] = offsets[s] + len[s];
  const int n = offsets[segments];
  if (n < 1) return t.fail("harness error: a test needs at least one key");

  std::vector<float> in = t.uniform(n, -1000.0f, 1000.0f);
  if (t.is("special")) {
    // Repeated keys, signed zeros (equal keys: either order passes), infinities, subnormals and huge
    // values; every third segment already sorted and every fifth reversed.
    const float palette[] = {-INFINITY, -3.0e38f, -1.0f, -1.0e-45f, -0.0f, 0.0f, 1.0e-45f, 0.5f, 0.5f, 7.0f, 3.0e38f, INFINITY};
    for (auto& v : in) v = palette[t.rng()() % 12];
    for (int s = 0; s < segments; ++s) {
      if (s % 3 == 0) std::sort(in.begin() + offsets[s], in.begin() + offsets[s + 1]);
      if (s % 5 == 0) std::sort(in.begin() + offsets[s], in.begin() + offsets[s + 1], [](float a, float b) { return b < a; });
    }
  }
  std::vector<float> want = in;
  for (int s = 0; s < segments; ++s) std::sort(want.begin() + offsets[s], want.begin() + offsets[s + 1]);

  auto doff = t.input(offsets, "offsets");
  auto din = t.input(in, "in");
  auto dout = t.output<float>(n, "out");
  segmented_sort_f32(n, segments, doff.get(), din.get(), dout.get(), t.stream());
  t.finish_call();
  // Compared as floats: -0.0 == +0.0, so equal keys may come in either order.
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <algorithm>
#include <cstring>

void merge_pairs_f32(const float* keys_a, const int* vals_a, int na, const float* keys_b, const int* vals_b, int nb,
                     float* keys_out, int* vals_out, hipStream_t stream);

// Keys are compared as bit patterns: the merge only moves keys, so -0.0 and +0.0 (equal keys, whose
// order the tie rule fixes) must arrive exactly where they belong.
static std::vector<unsigned> bits_of(const std::vector<float>& v) {
  std::vector<unsigned> out(v.size());
  if (!v.empty()) std::memcpy(out.data(), v.data(), v.size() * sizeof(float));
  return out;
}

static std::vector<float> sorted(std::vector<float> v) {
  std::stable_sort(v.begin(), v.end());
  return v;
}

// `count` keys drawn from `palette` (repeats on purpose), sorted.
static std::vector<float> from_palette(hc::Test& t, int count, const std::vector<float>& palette) {
  std::uniform_int_distribution<size_t> pick(0, palette.size() - 1);
  std::vector<float> v(count);
  for (auto& x : v) x = palette[pick(t.rng())];
  return sorted(v);
}

// Whole numbers in [0, range): many keys equal across and within the two arrays.
static std::vector<float> whole_numbers(hc::Test& t, int count, int range) {
  std::uniform_int_distribution<int> dist(0, range - 1);
  std::vector<float> v(count);
  for (auto& x : v) x = static_cast<float>(dist(t.rng()));
  return sorted(v);
}

static void run(hc::Test& t) {
  int na = static_cast<int>(t.param("na")), nb = static_cast<int>(t.param("nb"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: a few tiles (the last one
  // partial) show every race the larger sizes can.
  na = std::min(na, 2101);
  nb = std::min(nb, 1907);
#endif
  const int layout = static_cast<int>(t.param("layout", 0));
  std::vector<float> a, b;
  if (t.is("special")) {
    // Signed zeros (equal keys), infinities, subnormals and huge values, each repeated in long runs
    // in both arrays: the tie rule decides the order of most outputs, also across tile boundaries.
    const std::vector<float> palette = {-INFINITY, -3.0e38f, -1.0f, -1.0e-45f, -0.0f, 0.0f,
                                        1.0e-45f,  2.5f,     2.5f,  1.0e30f,   INFINITY};
    a = from_palette(t, na, palette);
    b = from_palette(t, nb, palette);
  } else if (layout == 1 || layout == 2) {
    // One array entirely before the other, with one key equal across the seam.
    std::vector<float> low = sorted(t.uniform(layout == 1 ? na : nb, -1000.0f, 0.0f));
    std::vector<float> high = sorted(t.uniform(layout == 1 ? nb : na, 0.0f, 1000.0f));
    if (!low.empty() && !high.empty()) low.back() = high.front();
    a = layout == 1 ? low : high;
    b = layout == 1 ? high : low;
  } else if (t.is("ragged")) {
    // a dense in a narrow band, b spread wide: long stretches of the output come from b alone.
    a = sorted(t.uniform(na, 0.4f, 0.6f));
    b = sorted(t.uniform(nb, 0.0f, 1.0f));
  } else if (t.is("large")) {
    // Overlapping ranges of different widths and densities, few equal keys.
    a = sorted(t.uniform(na, -1.0e3f, 4.0e3f));
    b = sorted(t.uniform(nb, -5.0e3f, 5.0e3f));
  } else {
    const int range = std::max(1, (na + nb) / 3);
    a = whole_numbers(t, na, range);
    b = whole_numbers(t, nb, range);
  }
  // Values name their origin: a's are 0 .. na-1, b's are -1 .. -nb, so any misplaced pair shows.
  std::vector<int> va(na), vb(nb);
  for (int i = 0; i < na; ++i) va[i] = i;
  for (int j = 0; j < nb; ++j) vb[j] = -1 - j;

  std::vector<float> want_keys;
  std::vector<int> want_vals;
  want_keys.reserve(na + nb);
  want_vals.reserve(na + nb);
  int i = 0, j = 0;
  while (i < na || j < nb) {
    if (j >= nb || (i < na && !(b[j] < a[i]))) {  // equal keys: a's element first
      want_keys.push_back(a[i]);
      want_vals.push_back(va[i++]);
    } else {
      want_keys.push_back(b[j]);
      want_vals.push_back(vb[j++]);
    }
  }

  auto dka = t.input(a, "keys_a");
  auto dva = t.input(va, "vals_a");
  auto dkb = t.input(b, "keys_b");
  auto dvb = t.input(vb, "vals_b");
  auto dko = t.output<float>(na + nb, "keys_out");
  auto dvo = t.output<int>(na + nb, "vals_out");
  merge_pairs_f32(dka.get(), dva.get(), na, dkb.get(), dvb.get(), nb, dko.get(), dvo.get(), t.stream());
  t.finish_call();
  t.expect_equal("keys_out (bit patterns)", bits_of(dko.download()), bits_of(want_keys));
  t.expect_equal("vals_out", dvo.download(), want_vals);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

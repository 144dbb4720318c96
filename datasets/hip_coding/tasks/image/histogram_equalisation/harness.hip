#include "hipcoding_harness.h"

#include <algorithm>

void histogram_equalisation(int batch, int height, int width, const unsigned char* in, unsigned char* out,
                            hipStream_t stream);

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch"));
  int height = static_cast<int>(t.param("height")), width = static_cast<int>(t.param("width"));
#ifdef CPURT_MODE_RACE
  // Race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md); a few thousand
  // pixels per image show a lost histogram update as well as millions.
  height = std::min(height, 40), width = std::min(width, 61);
#endif
  const size_t pixels = (size_t)height * width;
  std::vector<unsigned char> in((size_t)batch * pixels);
  // A low-contrast image per batch entry: levels drawn from a narrow band whose place and width vary,
  // plus a smooth gradient, so the histogram has gaps, peaks and empty ends.
  for (int b = 0; b < batch; ++b) {
    std::uniform_int_distribution<int> lo_pick(0, 200), width_pick(3, 55);
    const int lo = lo_pick(t.rng()), band = width_pick(t.rng());
    std::uniform_int_distribution<int> level(lo, std::min(255, lo + band));
    for (size_t p = 0; p < pixels; ++p) {
      const int ramp = (int)((p % width) * band / std::max(1, width));
      in[b * pixels + p] = (unsigned char)std::min(255, level(t.rng()) / 2 + (lo + ramp) / 2);
    }
    if (t.is("special")) {
      // In turn: a constant image (left unchanged); only the extremes 0 and 255; every level once then
      // zeros; a two-level image; random full-range noise.
      unsigned char* img = &in[b * pixels];
      const int which = b % 5;
      for (size_t p = 0; p < pixels; ++p) {
        if (which == 0) img[p] = 77;
        if (which == 1) img[p] = p % 3 ? 255 : 0;
        if (which == 2) img[p] = p < 256 ? (unsigned char)p : 0;
        if (which == 3) img[p] = p % 7 ? 130 : 129;
        if (which == 4) img[p] = (unsigned char)(t.rng()() & 255u);
      }
    }
  }
  std::vector<unsigned char> want(in.size());
  for (int b = 0; b < batch; ++b) {
    const unsigned char* img = &in[b * pixels];
    std::vector<unsigned long long> cdf(256, 0);
    for (size_t p = 0; p < pixels; ++p) ++cdf[img[p]];
    for (int v = 1; v < 256; ++v) cdf[v] += cdf[v - 1];
    unsigned long long cdf_min = 0;
    for (int v = 0; v < 256 && cdf_min == 0; ++v) cdf_min = cdf[v];
    const unsigned long long span = pixels - cdf_min;
    for (size_t p = 0; p < pixels; ++p) {
      const unsigned long long c = cdf[img[p]];
      want[b * pixels + p] = span == 0 ? img[p] : (unsigned char)((2 * 255 * (c - cdf_min) + span) / (2 * span));
    }
  }

  auto din = t.input(in, "in");
  auto dout = t.output<unsigned char>(in.size(), "out");
  histogram_equalisation(batch, height, width, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

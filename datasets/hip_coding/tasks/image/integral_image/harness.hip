#include "hipcoding_harness.h"

void integral_image(int batch, int height, int width, const int* in, int* out, hipStream_t stream);

static void run(hc::Test& t) {
  int batch = static_cast<int>(t.param("batch"));
  int height = static_cast<int>(t.param("height"));
  int width = static_cast<int>(t.param("width"));
#ifdef CPURT_MODE_RACE
  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md); several row chunks remain
  batch = std::min(batch, 2), height = std::min(height, 24), width = std::min(width, 700);
#endif
  const size_t pixels = static_cast<size_t>(height) * width;
  std::vector<int> in = t.uniform_int(batch * pixels, -1000, 1000);
  if (t.is("special")) {
    // Sums at the edge of the int range: an image of +1000 everywhere, then one of -1000, then a checkerboard.
    for (int b = 0; b < batch; ++b)
      for (size_t i = 0; i < pixels; ++i) {
        const size_t y = i / width, x = i % width;
        in[b * pixels + i] = b % 3 == 0 ? 1000 : b % 3 == 1 ? -1000 : (x + y) % 2 ? 1000 : -999;
      }
  }
  std::vector<int> want(in.size());
  bool fits = true;
  for (int b = 0; b < batch; ++b) {
    // The summed-area table itself: S(y, x) = S(y-1, x) + (the prefix of row y up to x).
    std::vector<long long> prev(width, 0), cur(width);
    for (int y = 0; y < height; ++y) {
      long long prefix = 0;
      for (int x = 0; x < width; ++x) {
        const size_t i = b * pixels + static_cast<size_t>(y) * width + x;
        prefix += in[i];
        cur[x] = prev[x] + prefix;
        if (cur[x] > 2147483647LL || cur[x] < -2147483647LL) fits = false;
        want[i] = static_cast<int>(cur[x]);
      }
      prev.swap(cur);
    }
  }
  if (!fits) t.fail("harness error: a sum does not fit the stated range");

  auto din = t.input(in, "in");
  auto dout = t.output<int>(in.size(), "out");
  integral_image(batch, height, width, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

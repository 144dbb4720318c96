#include "hipcoding_harness.h"

void masked_softmax(int rows, int cols, const float* x, const unsigned char* mask, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
#ifdef CPURT_MODE_RACE
  rows = std::min(rows, 9);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const size_t total = (size_t)rows * cols;
  std::vector<float> x = t.uniform(total, -6.0f, 6.0f);
  std::vector<unsigned char> mask(total);
  std::uniform_int_distribution<int> coin(0, 9), value(1, 255);
  for (auto& m : mask) m = coin(t.rng()) < 7 ? (unsigned char)value(t.rng()) : 0;  // any nonzero byte keeps
  // Every 7th row (from row 3) is fully masked; it must come out as zeros, not NaN.
  for (int r = 3; r < rows; r += 7)
    for (int c = 0; c < cols; ++c) mask[(size_t)r * cols + c] = 0;
  if (t.is("special")) {
    // Masked slots hold values that poison any computation that reads them; kept values reach 1000.
    const float poison[] = {NAN, INFINITY, -INFINITY, 1.0e30f, 5000.0f};
    std::uniform_real_distribution<float> huge(-1000.0f, 1000.0f);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const size_t i = (size_t)r * cols + c;
        if (!mask[i]) x[i] = poison[(r + c) % 5];
        else if (r % 4 == 1) x[i] = huge(t.rng());
        else if (r % 4 == 3) x[i] -= 990.0f;  // every kept value far below 0: exp(x) alone underflows
      }
    for (int c = 0; c < cols; ++c) mask[(size_t)2 * cols + c] = c == cols / 2;  // row 2: exactly one kept
    for (int c = 0; c < cols; ++c) x[(size_t)2 * cols + c] = c == cols / 2 ? -20.0f : NAN;
  }
  std::vector<double> want(total, 0.0);
  for (int r = 0; r < rows; ++r) {
    const size_t base = (size_t)r * cols;
    double mx = -INFINITY, sum = 0.0;
    for (int c = 0; c < cols; ++c)
      if (mask[base + c]) mx = std::max(mx, (double)x[base + c]);
    if (mx == -INFINITY) continue;  // nothing kept: zeros
    for (int c = 0; c < cols; ++c)
      if (mask[base + c]) sum += std::exp((double)x[base + c] - mx);
    for (int c = 0; c < cols; ++c)
      if (mask[base + c]) want[base + c] = std::exp((double)x[base + c] - mx) / sum;
  }

  auto dx = t.input(x, "x");
  auto dm = t.input(mask, "mask");
  auto dy = t.output<float>(total, "y");
  masked_softmax(rows, cols, dx.get(), dm.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

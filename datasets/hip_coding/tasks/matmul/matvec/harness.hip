#include "hipcoding_harness.h"

void matvec(int rows, int cols, const float* a, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> a = t.uniform((size_t)rows * cols, -1.0f, 1.0f);
  std::vector<float> x = t.uniform(cols, -1.0f, 1.0f);
  if (t.is("special")) {
    // Small integers times a power of two per row (A) and per entry (x) restricted so that every
    // product of a row carries the same scale: sums are exact in any order; magnitudes 2^-30 .. 2^30.
    std::uniform_int_distribution<int> digit(-8, 8), pick(0, 2);
    const int exps[] = {-30, 0, 30};
    for (int r = 0; r < rows; ++r) {
      const int e = exps[pick(t.rng())];
      for (int c = 0; c < cols; ++c) a[(size_t)r * cols + c] = std::ldexp((float)digit(t.rng()), e);
    }
    for (int c = 0; c < cols; ++c) x[c] = (float)digit(t.rng());
    for (int c = 0; c < cols; ++c) a[(size_t)1 * cols + c] = 0.0f;  // a zero row
    a[(size_t)2 * cols + 3] = INFINITY;                             // +-inf (x[3] != 0 below)
    x[3] = -2.0f;
    a[(size_t)4 * cols + 5] = NAN;                                  // NaN propagates
    a[(size_t)6 * cols + 3] = INFINITY;                             // inf + -inf = NaN
    a[(size_t)6 * cols + 7] = INFINITY;
    x[7] = 1.0f;
  }
  std::vector<double> want(rows);
  for (int r = 0; r < rows; ++r) {
    double s = 0.0;
    for (int c = 0; c < cols; ++c) s += (double)a[(size_t)r * cols + c] * (double)x[c];
    want[r] = s;
  }

  auto da = t.input(a, "a");
  auto dx = t.input(x, "x");
  auto dy = t.output<float>(rows, "y");
  matvec(rows, cols, da.get(), dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

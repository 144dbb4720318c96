#include "hipcoding_harness.h"

void row_max_64(int rows, const float* x, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = 64;
  std::vector<float> x = t.uniform(static_cast<size_t>(rows) * cols, -10.0f, 10.0f);
  // Each row's maximum sits in a random column, sometimes in the upper half.
  for (int r = 0; r < rows; ++r) x[static_cast<size_t>(r) * cols + t.rng()() % cols] = 20.0f + (r % 97);
  if (t.is("special")) {
    // rows of -inf, all-negative rows, signed zeros, +inf, denormals and huge magnitudes
    for (int r = 0; r < rows; ++r) {
      float* row = &x[static_cast<size_t>(r) * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = -INFINITY; break;
        case 1: for (int c = 0; c < cols; ++c) row[c] = -std::fabs(row[c]) - 1.0f; break;
        case 2: for (int c = 0; c < cols; ++c) row[c] = (c % 2) ? -0.0f : -1e-40f; break;
        case 3: row[(r * 7) % cols] = INFINITY; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = 1e-42f * static_cast<float>(c % 5); break;
        default: row[63] = 3e38f, row[0] = -3e38f; break;
      }
    }
  }
  std::vector<float> want(rows);
  for (int r = 0; r < rows; ++r) {
    float m = -INFINITY;
    for (int c = 0; c < cols; ++c) m = std::max(m, x[static_cast<size_t>(r) * cols + c]);
    want[r] = m;
  }

  auto dx = t.input(x, "x");
  auto dout = t.output<float>(rows, "out");
  row_max_64(rows, dx.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void box_blur3x3(int rows, int cols, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const size_t count = static_cast<size_t>(rows) * cols;
  std::vector<float> in = t.uniform(count, 0.0f, 1.0f);  // image-like intensities
  if (t.is("special")) {
    // bands of zeros, negatives, huge (k * 2^100) and tiny (k * 2^-100) values: the 3x3 sums are exact
    // in any order, except where tiny meets huge, and those errors are far below the tolerance;
    // one +inf and one NaN pixel must spread to their 3x3 neighbourhoods
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        int k = static_cast<int>(t.rng()() % 101) - 50;
        int band = (r / 4) % 3;
        in[static_cast<size_t>(r) * cols + c] = band == 0 ? std::ldexp(static_cast<float>(k), 100)
                                                : band == 1 ? std::ldexp(static_cast<float>(k), -100)
                                                            : 0.0f;
      }
    if (rows > 6 && cols > 6) {
      in[static_cast<size_t>(rows / 2) * cols + cols - 1] = INFINITY;
      in[static_cast<size_t>(rows - 1) * cols + 2] = NAN;
    }
  }
  std::vector<double> want(count);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      double sum = 0.0;
      for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) {
          int rr = std::min(std::max(r + dr, 0), rows - 1), cc = std::min(std::max(c + dc, 0), cols - 1);
          sum += in[static_cast<size_t>(rr) * cols + cc];
        }
      want[static_cast<size_t>(r) * cols + c] = sum / 9.0;
    }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(count, "out");
  box_blur3x3(rows, cols, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

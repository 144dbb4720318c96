#include "hipcoding_harness.h"

void jacobi5_step(int rows, int cols, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const size_t count = static_cast<size_t>(rows) * cols;
  std::vector<float> in = t.uniform(count, -1.0f, 1.0f);
  if (t.is("special")) {
    // zeros, negatives and large magnitudes: small integers times 2^100 (exact in any order),
    // plus a few inf and NaN cells whose neighbours must become inf or NaN
    for (size_t i = 0; i < count; ++i)
      in[i] = (i % 7 == 3) ? 0.0f : std::ldexp(static_cast<float>(static_cast<int>(t.rng()() % 201) - 100), 100);
    if (rows > 4 && cols > 4) {
      in[2 * cols + 2] = INFINITY;
      in[(rows - 3) * cols + cols - 3] = -INFINITY;
      in[(rows / 2) * cols + cols / 2] = NAN;
    }
  }
  std::vector<double> want(count);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      size_t i = static_cast<size_t>(r) * cols + c;
      bool boundary = r == 0 || c == 0 || r == rows - 1 || c == cols - 1;
      want[i] = boundary ? in[i]
                         : 0.25 * ((static_cast<double>(in[i - cols]) + in[i + cols]) + (static_cast<double>(in[i - 1]) + in[i + 1]));
    }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(count, "out");
  jacobi5_step(rows, cols, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void transpose_f32(int rows, int cols, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const size_t count = static_cast<size_t>(rows) * cols;
  std::vector<float> in = t.uniform(count, -100.0f, 100.0f);
  if (t.is("special")) {
    // every bit pattern must be moved unchanged: signed zeros, huge, tiny and subnormal values, inf, NaN
    const float specials[] = {0.0f, -0.0f, 3e38f, -3e38f, 1e-40f, -1e-38f, INFINITY, -INFINITY, NAN, 1.5f, -2.25f};
    for (size_t i = 0; i < count; ++i) in[i] = (i % 3 == 0) ? specials[(i / 3) % 11] : in[i];
  }
  std::vector<float> want(count);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) want[static_cast<size_t>(c) * rows + r] = in[static_cast<size_t>(r) * cols + c];

  auto din = t.input(in, "in");
  auto dout = t.output<float>(count, "out");
  transpose_f32(rows, cols, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void batched_transpose_f32(int batch, int rows, int cols, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch"));
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const size_t matrix = static_cast<size_t>(rows) * cols, count = batch * matrix;
  std::vector<float> in = t.uniform(count, -100.0f, 100.0f);
  if (t.is("special")) {
    // values must be moved unchanged: signed zeros, huge, tiny and subnormal values, inf, NaN
    const float specials[] = {0.0f, -0.0f, 3e38f, -3e38f, 1e-40f, -1e-38f, INFINITY, -INFINITY, NAN, 1.5f, -2.25f};
    for (size_t i = 0; i < count; ++i) in[i] = (i % 3 == 1) ? specials[(i / 3) % 11] : in[i];
  }
  std::vector<float> want(count);
  for (int b = 0; b < batch; ++b)
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        want[b * matrix + static_cast<size_t>(c) * rows + r] = in[b * matrix + static_cast<size_t>(r) * cols + c];

  auto din = t.input(in, "in");
  auto dout = t.output<float>(count, "out");
  batched_transpose_f32(batch, rows, cols, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void transpose_i32(int rows, int cols, const int* in, int* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const size_t count = static_cast<size_t>(rows) * cols;
  // distinct-looking values: a misplaced element is almost surely a wrong value
  std::vector<int> in = t.uniform_int(count, -2147483647 - 1, 2147483647);
  if (t.is("special")) {
    const int specials[] = {0, -1, 1, 2147483647, -2147483647 - 1, 65536, -65536};
    for (size_t i = 0; i < count; ++i) in[i] = (i % 2 == 0) ? specials[(i / 2) % 7] : in[i];
  }
  std::vector<int> want(count);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) want[static_cast<size_t>(c) * rows + r] = in[static_cast<size_t>(r) * cols + c];

  auto din = t.input(in, "in");
  auto dout = t.output<int>(count, "out");
  transpose_i32(rows, cols, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

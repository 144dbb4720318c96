#include "hipcoding_harness.h"

#include <algorithm>

void bitonic_sort(float* data, int n, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> data = t.uniform(n, -1000.0f, 1000.0f);
  // Every third value rounded to an integer, so equal keys occur.
  for (int i = 0; i < n; i += 3) data[i] = std::round(data[i] / 64.0f);
  if (t.is("special")) {
    const float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, 3.0e38f, -3.0e38f, 1.0e-30f, -1.0e-30f, 7.0f, 7.0f};
    for (int i = 0; i < n; i += 2) data[i] = specials[(i / 2) % 10];
  }
  std::vector<float> want = data;
  std::sort(want.begin(), want.end());  // -0.0 and 0.0 compare equal, so either order passes

  auto d_data = t.inout(data, "data");
  bitonic_sort(d_data.get(), n, t.stream());
  t.finish_call();
  t.expect_equal("data", d_data.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

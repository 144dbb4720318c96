#include "hipcoding_harness.h"

void argmax_first(int n, const float* x, int* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform(n, -100.0f, 100.0f);
  if (t.is("ragged")) x[n - 1] = 500.0f;   // the maximum in the ragged tail
  if (t.is("large")) x[n - 2] = 300.0f;    // the maximum near the end
  if (t.is("special")) {
    // Few distinct values, all negative or -inf, so the maximum occurs many times and only the
    // first occurrence counts; with `late` it first appears past the middle.
    const float levels[] = {-INFINITY, -3.0f, -2.5f, -0.0f, 0.0f};
    int top = static_cast<int>(t.param("late", 0)) ? 3 : 5;
    for (int i = 0; i < n; ++i) x[i] = levels[t.rng()() % 3];
    for (int i = n / 2 + 17; i < n && top == 3; i += 101) x[i] = -1.0f;
    for (int i = n / 3 + 5; i < n && top == 5; i += 7) x[i] = (i % 2) ? -0.0f : 0.0f;  // -0 == 0: a tie
  }
  int want = 0;
  for (int i = 1; i < n; ++i)
    if (x[i] > x[want]) want = i;

  auto dx = t.input(x, "x");
  auto dout = t.output<int>(1, "out");
  argmax_first(n, dx.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), std::vector<int>{want});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void heat_steps_2d(int rows, int cols, int steps, float alpha, const float* in, float* out, float* work,
                   hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  const int steps = static_cast<int>(t.param("steps"));
  const float alpha = static_cast<float>(t.param("alpha_milli")) * 1e-3f;
  const size_t cells = (size_t)rows * cols;
  std::vector<float> in = t.uniform(cells, -1.0f, 1.0f);
  if (t.is("special")) {
    // Four quadrants: a zero field with one hot cell (a spreading peak), a constant field (stays constant),
    // a +-1 checkerboard (the fastest-decaying mode, it flips sign every step when alpha = 0.25) and a
    // linear ramp (a steady state of the interior: it does not change at all).
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const int quadrant = (r >= rows / 2) * 2 + (c >= cols / 2);
        float v = 0.0f;
        if (quadrant == 0) v = r == rows / 4 && c == cols / 4 ? 1.0f : 0.0f;
        if (quadrant == 1) v = 0.75f;
        if (quadrant == 2) v = (r + c) % 2 ? 1.0f : -1.0f;
        if (quadrant == 3) v = 0.01f * static_cast<float>(r) - 0.005f * static_cast<float>(c);
        in[(size_t)r * cols + c] = v;
      }
  }
  std::vector<double> now(in.begin(), in.end()), next(cells);
  for (int step = 0; step < steps; ++step) {
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const size_t at = (size_t)r * cols + c;
        if (r == 0 || c == 0 || r == rows - 1 || c == cols - 1) {
          next[at] = now[at];
        } else {
          const double around = now[at - cols] + now[at + cols] + now[at - 1] + now[at + 1];
          next[at] = now[at] + (double)alpha * (around - 4.0 * now[at]);
        }
      }
    now.swap(next);
  }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(cells, "out");
  auto dwork = t.output<float>(cells, "work");
  heat_steps_2d(rows, cols, steps, alpha, din.get(), dout.get(), dwork.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), now);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

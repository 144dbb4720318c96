#include "hipcoding_harness.h"

void cross_entropy_loss_grad(int rows, int classes, int ignore_index, const float* logits, const int* labels,
                             float* loss, float* dlogits, hipStream_t stream);

static void run(hc::Test& t) {
  int rows = static_cast<int>(t.param("rows"));
#ifdef CPURT_MODE_RACE
  rows = std::min(rows, 24);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int classes = static_cast<int>(t.param("classes"));
  const int ignore = static_cast<int>(t.param("ignore", -100));
  std::vector<float> logits = t.uniform((size_t)rows * classes, -8.0f, 8.0f);
  std::vector<int> labels = t.uniform_int(rows, 0, classes - 1);
  for (int r = 3; r < rows; r += 7) labels[r] = ignore;  // ignored rows throughout
  if (t.is("special")) {
    // Rows far beyond expf's range (exp(1e4) overflows, exp(-1e4) underflows), a label logit far below
    // the row maximum (probability 0, loss about 1e4), a label holding a unique large maximum
    // (probability near 1: softmax - 1 cancels), equal logits, rows split between +1e4 and -1e4, and
    // -inf logits away from the label.
    for (int r = 0; r < rows; ++r) {
      float* x = &logits[(size_t)r * classes];
      const int label = labels[r] == ignore ? (r * 31) % classes : labels[r];
      switch (r % 8) {  // 8 and the ignored rows' period 7 are coprime: every case is counted and ignored
        case 0: for (int c = 0; c < classes; ++c) x[c] += 10000.0f; break;
        case 1: for (int c = 0; c < classes; ++c) x[c] -= 10000.0f; break;
        case 2: x[label] = -10000.0f; break;
        case 3: x[label] = 40.0f; break;
        case 4: for (int c = 0; c < classes; ++c) x[c] = 2.5f; break;
        case 5: for (int c = 0; c < classes; ++c) x[c] += (c + r) % 2 ? 10000.0f : -10000.0f; break;
        case 6: for (int c = 0; c < classes; c += 3) if (c != label) x[c] = -INFINITY; break;
        default: break;  // an ordinary row
      }
    }
  }
  if (t.param("all_ignored", 0)) for (auto& l : labels) l = ignore;
  if (t.param("one_counted", 0)) {
    for (auto& l : labels) l = ignore;
    labels[rows / 2] = classes - 1;
  }
  // The golden result in double: per row m, s = sum exp(x - m), p = exp(x - m) / s.
  int count = 0;
  for (int l : labels) count += l != ignore;
  std::vector<double> want_grad((size_t)rows * classes, 0.0), want_loss(1, 0.0);
  double total = 0.0;
  for (int r = 0; r < rows; ++r) {
    if (labels[r] == ignore) continue;
    const float* x = &logits[(size_t)r * classes];
    double m = -INFINITY, s = 0.0;
    for (int c = 0; c < classes; ++c) m = std::max(m, (double)x[c]);
    for (int c = 0; c < classes; ++c) s += std::exp((double)x[c] - m);
    for (int c = 0; c < classes; ++c) {
      const double p = std::exp((double)x[c] - m) / s;
      want_grad[(size_t)r * classes + c] = (p - (c == labels[r] ? 1.0 : 0.0)) / count;
    }
    total += m + std::log(s) - x[labels[r]];
  }
  want_loss[0] = count > 0 ? total / count : 0.0;

  auto dx = t.input(logits, "logits");
  auto dl = t.input(labels, "labels");
  auto dloss = t.output<float>(1, "loss");
  auto dgrad = t.output<float>((size_t)rows * classes, "dlogits");
  cross_entropy_loss_grad(rows, classes, ignore, dx.get(), dl.get(), dloss.get(), dgrad.get(), t.stream());
  t.finish_call();
  t.expect_close("loss", dloss.download(), want_loss);
  t.expect_close("dlogits", dgrad.download(), want_grad);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

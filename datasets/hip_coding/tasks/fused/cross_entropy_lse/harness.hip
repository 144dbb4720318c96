#include "hipcoding_harness.h"

void cross_entropy(int rows, int classes, const float* logits, const int* labels, float* lse, float* loss,
                   float* mean_loss, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), classes = static_cast<int>(t.param("classes"));
  std::vector<float> logits = t.uniform((size_t)rows * classes, -8.0f, 8.0f);
  std::vector<int> labels = t.uniform_int(rows, 0, classes - 1);
  for (int r = 0; r < rows; r += 9) labels[r] = -1;  // ignored rows throughout
  if (t.is("special")) {
    // Logits far beyond exp's range (both signs), a row whose label holds the unique huge maximum
    // (loss ~ 0), a row of equal logits (loss = log(classes)), -inf logits away from the label, and
    // a run of rows that are all ignored.
    for (int r = 0; r < rows; ++r) {
      float* row = &logits[(size_t)r * classes];
      const int label = labels[r] < 0 ? 0 : labels[r];
      switch (r % 6) {
        case 0: for (int c = 0; c < classes; ++c) row[c] = 1000.0f + row[c]; break;
        case 1: for (int c = 0; c < classes; ++c) row[c] = -1000.0f + row[c]; break;
        case 2: row[label] = 500.0f; break;
        case 3: for (int c = 0; c < classes; ++c) row[c] = 3.0f; break;
        case 4: for (int c = 0; c < classes; ++c) if (c != label) row[c] = -INFINITY; break;
        default: row[label] = -30.0f; break;
      }
    }
    for (int r = 0; r < rows && r < 5; ++r) labels[rows - 1 - r] = -1;
  }
  if (t.is("boundary") && t.param("all_ignored", 0)) for (auto& l : labels) l = -1;
  std::vector<double> want_lse(rows), want_loss(rows), want_mean(1, 0.0);
  double total = 0.0;
  int count = 0;
  for (int r = 0; r < rows; ++r) {
    const float* row = &logits[(size_t)r * classes];
    double m = -INFINITY, s = 0.0;
    for (int c = 0; c < classes; ++c) m = std::max(m, (double)row[c]);
    for (int c = 0; c < classes; ++c) s += std::exp(row[c] - m);
    want_lse[r] = m + std::log(s);
    want_loss[r] = labels[r] >= 0 ? want_lse[r] - row[labels[r]] : 0.0;
    if (labels[r] >= 0) total += want_loss[r], ++count;
  }
  want_mean[0] = count > 0 ? total / count : 0.0;

  auto dx = t.input(logits, "logits");
  auto dl = t.input(labels, "labels");
  auto dlse = t.output<float>(rows, "lse");
  auto dloss = t.output<float>(rows, "loss");
  auto dmean = t.output<float>(1, "mean_loss");
  cross_entropy(rows, classes, dx.get(), dl.get(), dlse.get(), dloss.get(), dmean.get(), t.stream());
  t.finish_call();
  t.expect_close("lse", dlse.download(), want_lse);
  t.expect_close("loss", dloss.download(), want_loss);
  t.expect_close("mean_loss", dmean.download(), want_mean);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

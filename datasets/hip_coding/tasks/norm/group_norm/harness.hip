#include "hipcoding_harness.h"

void group_norm(int batch, int channels, int hw, int groups, float eps, const float* x, const float* gamma,
                const float* beta, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch")), channels = static_cast<int>(t.param("channels"));
  const int hw = static_cast<int>(t.param("hw")), groups = static_cast<int>(t.param("groups"));
  const int per_group = channels / groups;
  const size_t count = (size_t)per_group * hw, total = (size_t)batch * channels * hw;
  std::vector<float> x = t.uniform(total, -3.0f, 3.0f);
  std::vector<float> gamma = t.uniform(channels, 0.5f, 2.0f);
  std::vector<float> beta = t.uniform(channels, -1.0f, 1.0f);
  const float eps = 1.0e-5f;
  if (t.is("special")) {
    // Per group: constant values (variance 0: output is beta), a large mean over a small spread, tiny
    // and huge scales, zeros; plus a zero and a negative gamma.
    for (size_t g = 0; g < (size_t)batch * groups; ++g) {
      float* v = &x[g * count];
      switch (g % 5) {
        case 0: for (size_t i = 0; i < count; ++i) v[i] = -1.75f; break;
        case 1: for (size_t i = 0; i < count; ++i) v[i] = 100.0f + 0.5f * v[i]; break;
        case 2: for (size_t i = 0; i < count; ++i) v[i] *= 1.0e-3f; break;
        case 3: for (size_t i = 0; i < count; ++i) v[i] *= 1.0e4f; break;
        default: for (size_t i = 0; i < count; ++i) v[i] = i % 2 ? 0.0f : -0.0f; break;
      }
    }
    gamma[0] = 0.0f;
    gamma[channels - 1] = -1.5f;
  }
  std::vector<double> want(total);
  for (size_t g = 0; g < (size_t)batch * groups; ++g) {
    const float* v = &x[g * count];
    double mean = 0.0, var = 0.0;
    for (size_t i = 0; i < count; ++i) mean += v[i];
    mean /= count;
    for (size_t i = 0; i < count; ++i) var += (v[i] - mean) * (v[i] - mean);
    var /= count;
    const double inv_std = 1.0 / std::sqrt(var + (double)eps);
    const int first_channel = (int)(g % groups) * per_group;
    for (size_t i = 0; i < count; ++i) {
      const int ch = first_channel + (int)(i / hw);
      want[g * count + i] = (v[i] - mean) * inv_std * gamma[ch] + beta[ch];
    }
  }

  auto dx = t.input(x, "x");
  auto dg = t.input(gamma, "gamma");
  auto db = t.input(beta, "beta");
  auto dy = t.output<float>(total, "y");
  group_norm(batch, channels, hw, groups, eps, dx.get(), dg.get(), db.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

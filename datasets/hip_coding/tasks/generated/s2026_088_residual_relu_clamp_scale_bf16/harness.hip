#include "hipcoding_harness.h"

void fused_chain_88(int n, const unsigned short* x, const unsigned short* r, unsigned short* y, hipStream_t stream);

static float from_bf16(unsigned short b) {
  const uint32_t u = (uint32_t)b << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

static std::vector<unsigned short> narrow(const std::vector<float>& v) {  // round to nearest even
  std::vector<unsigned short> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t u;
    std::memcpy(&u, &v[i], sizeof u);
    out[i] = (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
  }
  return out;
}

static std::vector<float> widen(const std::vector<unsigned short>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = from_bf16(v[i]);
  return out;
}

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform((size_t)n, -3.0f, 3.0f);
  std::vector<float> r = t.uniform((size_t)n, -1.0f, 1.0f);
  if (t.is("special")) {
    const float specials[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 30.0f, -30.0f, 0.5f, -0.5f, 1.0f, -1.0f, 3.0f, -3.0f};
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % 12] : x[i];
  }
  // The inputs as stored; the expected result is computed from exactly those.
  const auto xs = narrow(x);
  x = widen(xs);
  const auto rs = narrow(r);
  r = widen(rs);
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) {
      double d = x[i];
      d = d + r[i];
      d = d > 0.0 ? d : 0.0;
      d = std::min(std::max(d, -1.67), 1.94);
      d = d * 1.5;
      want[i] = d;
  }
  auto dx = t.input(xs, "x");
  auto dr = t.input(rs, "r");
  auto dy = t.output<unsigned short>((size_t)n, "y");
  fused_chain_88(n, dx.get(), dr.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", widen(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

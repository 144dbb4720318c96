#include <hip/hip_fp16.h>

#include "hipcoding_harness.h"

void bias_dropout_residual_f16(int rows, int cols, float p, unsigned int seed, const __half* x, const __half* bias,
                               const __half* residual, __half* out, hipStream_t stream);

static uint32_t mask_hash(uint32_t seed, uint32_t i) {  // the hash the prompt states
  uint32_t h = seed ^ (i * 0x9E3779B9u);
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}

static std::vector<__half> to_half(const std::vector<float>& v) {
  std::vector<__half> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __float2half(v[i]);
  return out;
}

static std::vector<float> widen(const std::vector<__half>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __half2float(v[i]);
  return out;
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  const size_t n = (size_t)rows * cols;
  const uint32_t seed = static_cast<uint32_t>(t.rng()());
  float p = static_cast<float>(t.param("p_permille", 100)) / 1000.0f;
  std::vector<float> x = t.uniform(n, -4.0f, 4.0f);
  std::vector<float> bias = t.uniform(cols, -1.0f, 1.0f);
  std::vector<float> res = t.uniform(n, -4.0f, 4.0f);
  if (t.is("ragged")) x[n - 1] = 3.5f, res[n - 1] = 1.0f;  // the last element carries weight
  if (t.is("special")) {
    // p is chosen so that one element's hash equals the threshold exactly (p = h / 2^32 with h a
    // multiple of 256, exact in float): that element is kept (dropped only when h < threshold), and it
    // holds a large value so that dropping it shows. Rows: x = -bias (x + bias = 0: out = residual
    // whatever the mask), large same-signed values whose results reach 4e4 (half's ulp there is 32),
    // multiples of 1/4 (exact up to the final rounding), signed zeros with zero-bias columns, tiny
    // values in half's subnormal range, and ordinary rows.
    size_t tie = n;
    for (size_t i = 0; i < n && tie == n; ++i) {
      const uint32_t h = mask_hash(seed, (uint32_t)i);
      if ((h & 0xFFu) == 0 && h >= 0x4C000000u && h <= 0x80000000u) tie = i;
    }
    if (tie < n) p = std::ldexp(static_cast<float>(mask_hash(seed, (uint32_t)tie)), -32);
    else p = 0.375f;
    for (int c = 0; c < cols; c += 7) bias[c] = c % 2 ? 0.0f : -0.0f;
    std::uniform_real_distribution<float> big(6000.0f, 12000.0f), big_res(4000.0f, 16000.0f);
    std::uniform_real_distribution<float> tiny(0.0f, 6.0e-5f);
    std::uniform_int_distribution<int> quarter(-24, 24);
    for (int r = 0; r < rows; ++r) {
      float* xr = &x[(size_t)r * cols];
      float* rr = &res[(size_t)r * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) xr[c] = -bias[c]; break;
        case 1:
          for (int c = 0; c < cols; ++c) {
            const float sign = (c / 3) % 2 ? -1.0f : 1.0f;
            xr[c] = sign * big(t.rng()), rr[c] = sign * big_res(t.rng());
          }
          break;
        case 2:
          for (int c = 0; c < cols; ++c) xr[c] = quarter(t.rng()) * 0.25f, rr[c] = quarter(t.rng()) * 0.25f;
          break;
        case 3:
          for (int c = 0; c < cols; ++c) xr[c] = c % 2 ? 0.0f : -0.0f, rr[c] = c % 3 ? -0.0f : 0.0f;
          break;
        case 4:
          for (int c = 0; c < cols; ++c) xr[c] = (c % 2 ? -1.0f : 1.0f) * tiny(t.rng()), rr[c] = -0.5f * xr[c];
          break;
        default: break;
      }
    }
    if (tie < n) x[tie] = 3.0f, res[tie] = 0.5f;
  }
  std::vector<__half> xh = to_half(x), bh = to_half(bias), rh = to_half(res);
  std::vector<float> xf = widen(xh), bf = widen(bh), rf = widen(rh);
  const uint32_t threshold = static_cast<uint32_t>(std::floor((double)p * 4294967296.0));
  const double scale = 1.0 / (1.0 - (double)p);
  std::vector<double> want(n);
  for (size_t i = 0; i < n; ++i) {
    const double v = (double)xf[i] + bf[i % cols];
    want[i] = rf[i] + (mask_hash(seed, (uint32_t)i) < threshold ? 0.0 : v * scale);
  }

  auto dx = t.input(xh, "x");
  auto db = t.input(bh, "bias");
  auto dr = t.input(rh, "residual");
  auto dout = t.output<__half>(n, "out");
  bias_dropout_residual_f16(rows, cols, p, seed, dx.get(), db.get(), dr.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", widen(dout.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

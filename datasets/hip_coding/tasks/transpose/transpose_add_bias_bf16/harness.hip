#include "hipcoding_harness.h"

void transpose_add_bias_bf16(int rows, int cols, const unsigned short* in, const unsigned short* bias,
                             unsigned short* out, hipStream_t stream);

static float from_bf16(unsigned short b) {
  const uint32_t u = (uint32_t)b << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

static unsigned short to_bf16(float f) {  // round to nearest even (finite inputs)
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

// The exact sum rounded to 8 significant bits, ties to even, independently of the float path: scale
// to [128, 256), round with nearbyint (the default mode is to nearest even), scale back.
static double round_to_bf16(double v) {
  if (v == 0.0) return v;
  int e = 0;
  std::frexp(v, &e);
  return std::ldexp(std::nearbyint(std::ldexp(v, 8 - e)), e - 8);
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  const size_t count = (size_t)rows * cols;
  std::vector<float> in = t.uniform(count, -8.0f, 8.0f);
  std::vector<float> bias = t.uniform(cols, -2.0f, 2.0f);
  if (t.is("special")) {
    // Column j's bias is +-2^k (-0 in every eleventh column); the inputs of most of its rows have an ulp of 2^(k+1), so the sum lies
    // exactly halfway between two bf16 values (ties to even: truncation and rounding half up differ
    // from it); other rows: x = -bias (sum +0), signed zeros, magnitudes near 5e29 and 2e-30, huge
    // plus small (the small term vanishes), and sums that carry into the next binade.
    std::uniform_int_distribution<int> expo(-6, 4), mant(0, 127), pick(0, 9);
    for (int j = 0; j < cols; ++j) {
      const int k = expo(t.rng());
      bias[j] = j % 11 == 5 ? -0.0f : std::ldexp(j % 3 == 1 ? -1.0f : 1.0f, k);
      for (int i = 0; i < rows; ++i) {
        float& x = in[(size_t)i * cols + j];
        const float sign = (i + j) % 4 == 0 ? -1.0f : 1.0f;
        switch (pick(t.rng())) {
          case 0: x = -bias[j]; break;
          case 1: x = -0.0f; break;
          case 2: x = sign * std::ldexp(1.0f + mant(t.rng()) / 128.0f, 98); break;
          case 3: x = sign * std::ldexp(1.0f + mant(t.rng()) / 128.0f, -99); break;
          case 4: x = std::ldexp(255.0f / 128.0f, k + 8) * (bias[j] < 0 ? -1.0f : 1.0f); break;  // carries
          default: x = sign * std::ldexp(1.0f + mant(t.rng()) / 128.0f, k + 8); break;  // ties
        }
      }
    }
  }
  std::vector<unsigned short> inb(count), biasb(cols);
  for (size_t e = 0; e < count; ++e) inb[e] = to_bf16(in[e]);
  for (int j = 0; j < cols; ++j) biasb[j] = to_bf16(bias[j]);
  std::vector<double> want(count);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      want[(size_t)j * rows + i] = round_to_bf16((double)from_bf16(inb[(size_t)i * cols + j]) + from_bf16(biasb[j]));

  auto din = t.input(inb, "in");
  auto dbias = t.input(biasb, "bias");
  auto dout = t.output<unsigned short>(count, "out");
  transpose_add_bias_bf16(rows, cols, din.get(), dbias.get(), dout.get(), t.stream());
  t.finish_call();
  std::vector<unsigned short> got = dout.download();
  std::vector<float> widened(count);
  for (size_t e = 0; e < count; ++e) widened[e] = from_bf16(got[e]);
  t.expect_close("out", widened, want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

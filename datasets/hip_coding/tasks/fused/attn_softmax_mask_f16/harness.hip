#include <hip/hip_fp16.h>

#include "hipcoding_harness.h"

#include <algorithm>

void attn_softmax(int batch, int q_len, int k_len, float scale, float temperature, const int* key_lens,
                  const __half* scores, __half* probs, hipStream_t stream);

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch")), q_len = static_cast<int>(t.param("q_len"));
  const int k_len = static_cast<int>(t.param("k_len"));
  const size_t total = (size_t)batch * q_len * k_len;
  std::vector<float> raw = t.uniform(total, -8.0f, 8.0f);
  std::vector<int> key_lens = t.uniform_int(batch, 1, k_len);
  key_lens[0] = k_len;
  float scale = 0.125f, temperature = 0.7f;
  if (t.is("special")) {
    // Scores near the top of the half range (scaled logits of about +-1900: exp needs the max shift),
    // a batch with no valid key (an all-zero block of rows), a batch whose valid length cuts through
    // the causal window, ties, and masked entries holding half infinities and NaNs, which must not leak.
    for (size_t n = 0; n < total; ++n) raw[n] = (n % 3 == 0) ? 60000.0f * (raw[n] / 8.0f) : std::round(raw[n]);
    scale = 0.02f;
    temperature = 0.625f;
    if (batch > 1) key_lens[1] = 0;
    if (batch > 2) key_lens[2] = k_len / 3;
  }
  std::vector<__half> scores(total);
  for (size_t n = 0; n < total; ++n) scores[n] = __float2half(raw[n]);
  const double factor = (double)scale / temperature;
  std::vector<double> want(total, 0.0);
  for (int b = 0; b < batch; ++b)
    for (int i = 0; i < q_len; ++i) {
      const size_t base = ((size_t)b * q_len + i) * k_len;
      const int visible = std::min(key_lens[b], i + (k_len - q_len) + 1);
      if (t.is("special"))  // poison the masked entries: they must not influence anything
        for (int j = visible; j < k_len; ++j) scores[base + j] = __float2half(j % 2 ? INFINITY : NAN);
      if (visible <= 0) continue;
      double m = -INFINITY, s = 0.0;
      for (int j = 0; j < visible; ++j) m = std::max(m, __half2float(scores[base + j]) * factor);
      for (int j = 0; j < visible; ++j) s += std::exp(__half2float(scores[base + j]) * factor - m);
      for (int j = 0; j < visible; ++j) want[base + j] = std::exp(__half2float(scores[base + j]) * factor - m) / s;
    }

  auto dl = t.input(key_lens, "key_lens");
  auto ds = t.input(scores, "scores");
  auto dp = t.output<__half>(total, "probs");
  attn_softmax(batch, q_len, k_len, scale, temperature, dl.get(), ds.get(), dp.get(), t.stream());
  t.finish_call();
  std::vector<__half> got = dp.download();
  std::vector<float> got_f(total);
  for (size_t n = 0; n < total; ++n) got_f[n] = __half2float(got[n]);
  t.expect_close("probs", got_f, want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include <hip/hip_fp16.h>

#include "hipcoding_harness.h"

void paged_kv_decode(int num_seqs, int num_heads, int num_kv_heads, int head_dim, int page_size, int max_pages,
                     float scale, const int* seq_lens, const int* block_table, const __half* q,
                     const __half* k_cache, const __half* v_cache, __half* out, hipStream_t stream);

static std::vector<__half> to_half(const std::vector<float>& x) {
  std::vector<__half> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = __float2half(x[i]);
  return out;
}

static std::vector<float> to_float(const std::vector<__half>& x) {
  std::vector<float> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = __half2float(x[i]);
  return out;
}

static void run(hc::Test& t) {
  int seqs = static_cast<int>(t.param("seqs"));
  int max_pages = static_cast<int>(t.param("max_pages"));
#ifdef CPURT_MODE_RACE
  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
  seqs = std::min(seqs, 2);
  max_pages = std::min(max_pages, 40);
#endif
  const int heads = static_cast<int>(t.param("heads")), kv_heads = static_cast<int>(t.param("kv_heads"));
  const int dim = static_cast<int>(t.param("dim")), page = static_cast<int>(t.param("page"));
  const int group = heads / kv_heads;
  const int capacity = max_pages * page;

  // Lengths: mostly not a multiple of the page size; the first sequence of a test with several holds a
  // whole number of pages and the second the full capacity.
  std::uniform_int_distribution<int> pick_len(1, capacity);
  std::vector<int> lens(seqs);
  for (int s = 0; s < seqs; ++s) lens[s] = pick_len(t.rng());
  if (seqs > 1) lens[0] = std::max(1, (lens[0] / page)) * page, lens[1] = capacity;
  if (t.is("special")) {
    // No key (output 0), one key, one key past a page boundary, a whole number of pages.
    for (int s = 0; s < seqs; ++s) {
      if (s % 4 == 0) lens[s] = 0;
      if (s % 4 == 1) lens[s] = 1;
    }
    if (seqs > 2) lens[2] = std::min(capacity, page + 1);
  }

  // Physical pages: the pages every sequence needs plus unowned decoys, in a shuffled order; the block
  // table maps each sequence's logical pages onto them. Unused table entries hold -1 or a decoy page.
  std::vector<int> need(seqs);
  int used = 0;
  for (int s = 0; s < seqs; ++s) used += need[s] = (lens[s] + page - 1) / page;
  const int pool = used + used / 3 + 2;
  std::vector<int> order(pool);
  for (int i = 0; i < pool; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), t.rng());
  std::vector<int> table((size_t)seqs * max_pages);
  std::vector<char> owned(pool, 0);
  int next = 0;
  for (int s = 0; s < seqs; ++s)
    for (int j = 0; j < max_pages; ++j) {
      int& entry = table[(size_t)s * max_pages + j];
      if (j < need[s]) {
        entry = order[next++];
        owned[entry] = 1;
      } else {
        entry = s % 2 == 0 ? -1 : order[used + (j % (pool - used))];
      }
    }

  const size_t q_total = (size_t)seqs * heads * dim;
  const size_t cache_total = (size_t)pool * page * kv_heads * dim;
  std::vector<float> q = t.uniform(q_total, -1.0f, 1.0f);
  std::vector<float> k = t.uniform(cache_total, -1.0f, 1.0f);
  std::vector<float> v = t.uniform(cache_total, -1.0f, 1.0f);
  float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  if (t.is("special")) {
    // Integer queries and keys with scale 1: scores reach hundreds (exp overflows unless taken relative to
    // the maximum), with exact ties; sequences s % 4 == 2 (several keys each) scale their queries by 0.7
    // (fractions a half score loses).
    std::uniform_int_distribution<int> digit(-4, 4);
    for (auto& x : q) x = static_cast<float>(digit(t.rng()));
    for (auto& x : k) x = static_cast<float>(digit(t.rng()));
    scale = 1.0f;
    for (int s = 2; s < seqs; s += 4)
      for (size_t e = (size_t)s * heads * dim; e < (size_t)(s + 1) * heads * dim; ++e) q[e] *= 0.7f;
  }
  // Every slot no sequence owns (decoy pages, and the tail of each sequence's last page) holds keys of 4
  // and values of 30000: any weight given to one shows in the output.
  std::vector<char> live((size_t)pool * page, 0);
  for (int s = 0; s < seqs; ++s)
    for (int tok = 0; tok < lens[s]; ++tok)
      live[(size_t)table[(size_t)s * max_pages + tok / page] * page + tok % page] = 1;
  for (size_t row = 0; row < live.size(); ++row)
    if (!live[row])
      for (size_t e = row * kv_heads * dim; e < (row + 1) * kv_heads * dim; ++e) k[e] = 4.0f, v[e] = 30000.0f;

  if (t.is("special")) {
    // Sequences s % 4 == 3: queries of -4 and keys of 1 to 4, so every score lies in [-16*dim, -4*dim]:
    // exp of a score taken relative to anything but a real key's score (0, say) underflows to 0.
    std::uniform_int_distribution<int> positive(1, 4);
    for (int s = 3; s < seqs; s += 4) {
      for (size_t e = (size_t)s * heads * dim; e < (size_t)(s + 1) * heads * dim; ++e) q[e] = -4.0f;
      for (int tok = 0; tok < lens[s]; ++tok) {
        const size_t row = (size_t)table[(size_t)s * max_pages + tok / page] * page + tok % page;
        for (size_t e = row * kv_heads * dim; e < (row + 1) * kv_heads * dim; ++e)
          k[e] = static_cast<float>(positive(t.rng()));
      }
    }
  }
  // The inputs are the half-rounded values; the expected result is computed in double from exactly those.
  std::vector<__half> qh = to_half(q), kh = to_half(k), vh = to_half(v);
  q = to_float(qh), k = to_float(kh), v = to_float(vh);
  std::vector<double> want(q_total, 0.0);
  std::vector<double> w(capacity);
  std::vector<size_t> rows(capacity);
  for (int s = 0; s < seqs; ++s) {
    const int len = lens[s];
    for (int tok = 0; tok < len; ++tok)
      rows[tok] = (size_t)table[(size_t)s * max_pages + tok / page] * page + tok % page;
    for (int h = 0; h < heads; ++h) {
      if (len == 0) continue;
      const int kvh = h / group;
      const float* qi = &q[((size_t)s * heads + h) * dim];
      double m = -INFINITY;
      for (int tok = 0; tok < len; ++tok) {
        const float* kj = &k[(rows[tok] * kv_heads + kvh) * dim];
        double dot = 0.0;
        for (int d = 0; d < dim; ++d) dot += (double)qi[d] * kj[d];
        w[tok] = (double)scale * dot;
        m = std::max(m, w[tok]);
      }
      double sum = 0.0;
      for (int tok = 0; tok < len; ++tok) sum += (w[tok] = std::exp(w[tok] - m));
      for (int d = 0; d < dim; ++d) {
        double acc = 0.0;
        for (int tok = 0; tok < len; ++tok) acc += w[tok] * v[(rows[tok] * kv_heads + kvh) * dim + d];
        want[((size_t)s * heads + h) * dim + d] = acc / sum;
      }
    }
  }

  auto dlen = t.input(lens, "seq_lens");
  auto dtable = t.input(table, "block_table");
  auto dq = t.input(qh, "q");
  auto dk = t.input(kh, "k_cache");
  auto dv = t.input(vh, "v_cache");
  auto dout = t.output<__half>(q_total, "out");
  paged_kv_decode(seqs, heads, kv_heads, dim, page, max_pages, scale, dlen.get(), dtable.get(), dq.get(), dk.get(),
                  dv.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", to_float(dout.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

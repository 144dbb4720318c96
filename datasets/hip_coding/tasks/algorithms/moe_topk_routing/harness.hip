#include "hipcoding_harness.h"

void moe_topk_routing(int tokens, int experts, int top_k, const float* logits, int* topk_ids, float* topk_weights,
                      int* expert_counts, int* expert_offsets, int* assignments, hipStream_t stream);

static void run(hc::Test& t) {
  int tokens = static_cast<int>(t.param("tokens"));
#ifdef CPURT_MODE_RACE
  tokens = std::min(tokens, 300);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  const int experts = static_cast<int>(t.param("experts")), top_k = static_cast<int>(t.param("top_k"));
  // Logits are multiples of 1/64: distinct logits differ by at least 1/64 (their exponentials by 1.5 %, so
  // ranking by probability and by logit agree), and equal logits are frequent: the tie rule matters.
  std::vector<int> units = t.uniform_int((size_t)tokens * experts, -256, 256);
  std::vector<float> logits(units.size());
  for (size_t i = 0; i < units.size(); ++i) logits[i] = static_cast<float>(units[i]) / 64.0f;
  if (t.is("special")) {
    // Row kinds by token % 6: all logits equal (the first top_k experts win, weights 1/top_k); logits near
    // +180 and near -180 (exp overflows or underflows unless taken relative to the maximum); few distinct
    // values (ties at the cut); one dominant expert (the others' weights vanish); plain random. Experts
    // e % 7 == 5 are never chosen, except by the equal rows (when e < top_k), so some experts get nothing.
    for (int tok = 0; tok < tokens; ++tok) {
      float* row = &logits[(size_t)tok * experts];
      const int kind = tok % 6;
      for (int e = 0; e < experts; ++e) {
        if (kind == 0) row[e] = 0.75f;
        if (kind == 1) row[e] = 180.0f + row[e];
        if (kind == 2) row[e] = -180.0f + row[e];
        if (kind == 3) row[e] = static_cast<float>(units[(size_t)tok * experts + e] % 3);
        if (kind == 4) row[e] = e == tok % experts ? 90.0f : row[e];
        if (kind != 0 && e % 7 == 5) row[e] = -300.0f;
      }
    }
  }

  // The expected routing: experts ordered by (logit descending, index ascending), weights in double.
  const size_t picks = (size_t)tokens * top_k;
  std::vector<int> want_ids(picks), want_counts(experts, 0), want_offsets(experts + 1, 0), want_assign(picks);
  std::vector<double> want_weights(picks);
  std::vector<int> order(experts);
  for (int tok = 0; tok < tokens; ++tok) {
    const float* row = &logits[(size_t)tok * experts];
    for (int e = 0; e < experts; ++e) order[e] = e;
    std::stable_sort(order.begin(), order.end(), [row](int a, int b) { return row[a] > row[b]; });
    double total = 0.0;
    for (int slot = 0; slot < top_k; ++slot) total += std::exp((double)row[order[slot]] - row[order[0]]);
    for (int slot = 0; slot < top_k; ++slot) {
      want_ids[(size_t)tok * top_k + slot] = order[slot];
      want_weights[(size_t)tok * top_k + slot] = std::exp((double)row[order[slot]] - row[order[0]]) / total;
      ++want_counts[order[slot]];
    }
  }
  for (int e = 0; e < experts; ++e) want_offsets[e + 1] = want_offsets[e] + want_counts[e];
  std::vector<int> fill(want_offsets.begin(), want_offsets.end() - 1);
  for (size_t i = 0; i < picks; ++i) want_assign[fill[want_ids[i]]++] = static_cast<int>(i);

  auto dlogits = t.input(logits, "logits");
  auto dids = t.output<int>(picks, "topk_ids");
  auto dweights = t.output<float>(picks, "topk_weights");
  auto dcounts = t.output<int>(experts, "expert_counts");
  auto doffsets = t.output<int>(experts + 1, "expert_offsets");
  auto dassign = t.output<int>(picks, "assignments");
  moe_topk_routing(tokens, experts, top_k, dlogits.get(), dids.get(), dweights.get(), dcounts.get(), doffsets.get(),
                   dassign.get(), t.stream());
  t.finish_call();
  t.expect_equal("topk_ids", dids.download(), want_ids);
  t.expect_close("topk_weights", dweights.download(), want_weights);
  t.expect_equal("expert_counts", dcounts.download(), want_counts);
  t.expect_equal("expert_offsets", doffsets.download(), want_offsets);
  t.expect_equal("assignments", dassign.download(), want_assign);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

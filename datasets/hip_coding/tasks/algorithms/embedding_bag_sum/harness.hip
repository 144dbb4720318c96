#include "hipcoding_harness.h"

void embedding_bag_sum(int num_bags, int num_indices, int dim, int vocab, const int* indices, const int* offsets,
                       const float* per_sample_weights, const float* table, float* out, hipStream_t stream);

// Multiples of 1/64 in [-1, 1] (the table) and of 1/8 in [-2, 2] (the weights): every product is a multiple
// of 2^-9 of magnitude <= 2, so every partial sum of a bag of the tests (at most 6000 indices) is exact.
static std::vector<float> multiples(hc::Test& t, size_t count, int units, int denominator) {
  std::vector<int> v = t.uniform_int(count, -units, units);
  std::vector<float> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = static_cast<float>(v[i]) / denominator;
  return out;
}

static void run(hc::Test& t) {
  const int bags = static_cast<int>(t.param("bags")), dim = static_cast<int>(t.param("dim"));
  const int vocab = static_cast<int>(t.param("vocab")), mean_bag = static_cast<int>(t.param("mean_bag"));
  const bool weighted = t.param("weighted") != 0;
  // Bag sizes: uniform in [0, 2*mean_bag], so some bags are empty; the special test adds empty runs, a
  // bag of one index repeated and one bag of 6000 indices.
  std::vector<int> sizes = t.uniform_int(bags, 0, 2 * mean_bag);
  if (t.is("special")) {
    for (int b = 0; b < bags; ++b)
      if (b % 5 < 2) sizes[b] = 0;
    sizes[bags - 1] = 0;
    if (bags > 3) sizes[2] = 6000;
  }
  if (bags == 1) sizes[0] = mean_bag;
  std::vector<int> offsets(bags + 1, 0);
  for (int b = 0; b < bags; ++b) offsets[b + 1] = offsets[b] + sizes[b];
  const int n = offsets[bags];
  std::vector<int> indices = t.uniform_int(n, 0, vocab - 1);
  if (t.is("special")) {
    // The first and the last rows of the table, and a bag that gathers one row over and over.
    if (n > 0) indices[0] = 0, indices[n - 1] = vocab - 1;
    if (bags > 3)
      for (int i = offsets[3]; i < offsets[4]; ++i) indices[i] = vocab / 2;
  }
  std::vector<float> table = multiples(t, (size_t)vocab * dim, 64, 64);
  std::vector<float> weights = multiples(t, n, 16, 8);

  std::vector<double> want((size_t)bags * dim, 0.0);
  for (int b = 0; b < bags; ++b)
    for (int i = offsets[b]; i < offsets[b + 1]; ++i) {
      const double w = weighted ? weights[i] : 1.0;
      for (int d = 0; d < dim; ++d) want[(size_t)b * dim + d] += w * table[(size_t)indices[i] * dim + d];
    }

  auto dindices = t.input(indices, "indices");
  auto doffsets = t.input(offsets, "offsets");
  auto dweights = t.input(weights, "per_sample_weights");
  auto dtable = t.input(table, "table");
  auto dout = t.output<float>((size_t)bags * dim, "out");
  embedding_bag_sum(bags, n, dim, vocab, dindices.get(), doffsets.get(), weighted ? dweights.get() : nullptr,
                    dtable.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

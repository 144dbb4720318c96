// Cooperative groups inside a block: thread_block ranks and sync, tiled_partition<N> (static)
// and tiled_partition(block, n) (dynamic) shuffles, votes and ballots, cg::reduce.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cuda_runtime.h>

#include <vector>

#include "check.h"

namespace cg = cooperative_groups;

__global__ void tiles(int* out) {
  cg::thread_block block = cg::this_thread_block();
  int* o = out + block.thread_rank() * 10;
  cg::thread_block_tile<16> t16 = cg::tiled_partition<16>(block);
  int r = int(t16.thread_rank());
  o[0] = t16.shfl(r * 10, 2);             // rank 2 of my tile
  o[1] = t16.shfl_down(r, 1);             // last rank keeps its own
  o[2] = t16.shfl_up(r, 1);
  o[3] = t16.shfl_xor(r, 15);
  o[4] = int(t16.ballot(r % 2 == 0));     // bits relative to the tile
  o[5] = t16.any(r == 3) * 10 + t16.all(r < 16);
  o[6] = cg::reduce(t16, r, cg::plus<int>());
  o[7] = int(t16.meta_group_rank());
  block.sync();
  cg::thread_group t4 = cg::tiled_partition(block, 4);
  o[8] = int(t4.thread_rank() * 100 + t4.size());
  cg::tiled_group d8 = cg::tiled_partition(block, 8);
  o[9] = cg::reduce(d8, int(d8.thread_rank()), cg::greater<int>()) * 1000 +
         cg::reduce(d8, int(d8.thread_rank()) + 5, cg::less<int>());
}

__global__ void block_sum(int* out) {
  __shared__ int partial[32];
  auto block = cg::this_thread_block();
  auto warp = cg::tiled_partition<32>(block);
  int v = cg::reduce(warp, int(block.thread_rank()), cg::plus<int>());
  if (warp.thread_rank() == 0) partial[warp.meta_group_rank()] = v;
  cg::sync(block);
  if (block.thread_rank() == 0) {
    int s = 0;
    for (unsigned w = 0; w < warp.meta_group_size(); ++w) s += partial[w];
    *out = s;
  }
}

int main() {
  const int n = 128;
  std::vector<int> out(n * 10, -1);
  CPURT_LAUNCH((tiles), (1), (n), (0), (0), out.data());
  for (int t = 0; t < n; ++t) {
    int r = t % 16, *o = &out[t * 10];
    CHECK(o[0] == 20, "shfl t%d %d", t, o[0]);
    CHECK(o[1] == (r < 15 ? r + 1 : r), "shfl_down t%d %d", t, o[1]);
    CHECK(o[2] == (r > 0 ? r - 1 : r), "shfl_up t%d %d", t, o[2]);
    CHECK(o[3] == (r ^ 15), "shfl_xor t%d %d", t, o[3]);
    CHECK(o[4] == 0x5555, "ballot t%d %x", t, o[4]);
    CHECK(o[5] == 11, "any/all t%d %d", t, o[5]);
    CHECK(o[6] == 120, "reduce t%d %d", t, o[6]);
    CHECK(o[7] == t / 16, "meta_group_rank t%d %d", t, o[7]);
    CHECK(o[8] == (t % 4) * 100 + 4, "dynamic tile t%d %d", t, o[8]);
    CHECK(o[9] == 7005, "dynamic reduce t%d %d", t, o[9]);
  }
  int sum = 0;
  CPURT_LAUNCH((block_sum), (1), (256), (0), (0), &sum);
  CHECK(sum == 255 * 256 / 2, "block sum %d", sum);
  std::printf("PASS\n");
  return 0;
}

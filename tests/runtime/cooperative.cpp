// Cooperative launches: grid.sync() across all blocks, the too-large-grid error, occupancy
// queries, and argv[1] == "outside": grid.sync() in a normal launch is unsupported (exit 86).
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <hip/hip_runtime.h>

#include <cstring>
#include <vector>

#include "check.h"

namespace cg = cooperative_groups;

// Each block writes its slot, the grid syncs, then each block sums every slot: without a real
// grid-wide barrier some block would read a slot not yet written.
__global__ void two_phase(int* slots, int* sums, int rounds) {
  cg::grid_group grid = cg::this_grid();
  for (int r = 0; r < rounds; ++r) {
    if (threadIdx.x == 0) slots[blockIdx.x] = r * 1000 + blockIdx.x;
    grid.sync();
    if (threadIdx.x == 0) {
      int s = 0;
      for (unsigned b = 0; b < gridDim.x; ++b) s += slots[b];
      sums[r * gridDim.x + blockIdx.x] = s;
    }
    grid.sync();
  }
  if (grid.thread_rank() == 0) sums[rounds * gridDim.x] = int(grid.size());
}

__global__ void not_cooperative() { cg::this_grid().sync(); }

int main(int argc, char** argv) {
  if (argc > 1 && !std::strcmp(argv[1], "outside")) {
    CPURT_LAUNCH((not_cooperative), (2), (32), (0), (0));
    std::printf("FAIL: grid.sync outside a cooperative launch ran\n");
    return 0;
  }
  int per_sm = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, two_phase, 128, 0) == cudaSuccess, "occupancy");
  CHECK(per_sm == 16, "blocks per SM %d", per_sm);  // 2048 threads per SM / 128
  int hip_per_sm = 0;
  CHECK(hipOccupancyMaxActiveBlocksPerMultiprocessor(&hip_per_sm, two_phase, 1024, 0) == hipSuccess, "hip occ");
  CHECK(hip_per_sm == 2, "hip blocks per SM %d", hip_per_sm);
  int min_grid = 0, block = 0;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&min_grid, &block, two_phase) == cudaSuccess, "potential");
  CHECK(block > 0 && block <= 1024 && min_grid > 0, "potential %d %d", min_grid, block);

  const int blocks = 16, rounds = 3;
  std::vector<int> slots(blocks), sums(rounds * blocks + 1, -1);
  int* ps = slots.data();
  int* pu = sums.data();
  int r = rounds;
  void* args[] = {&ps, &pu, &r};
  CHECK(cudaLaunchCooperativeKernel(two_phase, dim3(blocks), dim3(128), args, 0, nullptr) == cudaSuccess, "launch");
  for (int rr = 0; rr < rounds; ++rr)
    for (int b = 0; b < blocks; ++b) {
      const int want = rr * 1000 * blocks + blocks * (blocks - 1) / 2;
      CHECK(sums[rr * blocks + b] == want, "round %d block %d: %d want %d", rr, b, sums[rr * blocks + b], want);
    }
  CHECK(sums[rounds * blocks] == blocks * 128, "grid.size %d", sums[rounds * blocks]);

  CHECK(hipLaunchCooperativeKernel(two_phase, dim3(4), dim3(64), args, 0, nullptr) == hipSuccess, "hip launch");

  const int too_many = per_sm * 8 + 1;  // 8 SMs
  CHECK(cudaLaunchCooperativeKernel(two_phase, dim3(too_many), dim3(128), args, 0, nullptr) ==
            cudaErrorCooperativeLaunchTooLarge,
        "too large grid accepted");
  CHECK(cudaGetLastError() == cudaErrorCooperativeLaunchTooLarge, "sticky error");
  std::printf("PASS\n");
  return 0;
}

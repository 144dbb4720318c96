// hipOccupancyMaxActiveBlocksPerMultiprocessor sizes a cooperative grid, hipLaunchCooperativeKernel
// launches it, and this_grid().sync() separates two phases: every block first writes its slice
// of a histogram of block ids, then every block reads the whole array after the grid barrier.
#include <hip/hip_runtime.h>
// after hip_runtime.h: ROCm 5.2's cooperative groups header needs its definitions
#include <hip/hip_cooperative_groups.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cg = cooperative_groups;

#define CHECK(call)                                                                          \
  do {                                                                                       \
    hipError_t err_ = (call);                                                                \
    if (err_ != hipSuccess) {                                                                \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             hipGetErrorName(err_), hipGetErrorString(err_));                                \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void two_phase(int* slots, int* seen) {
  cg::grid_group grid = cg::this_grid();
  unsigned rank = blockIdx.x * blockDim.x + threadIdx.x;
  slots[rank] = (int)blockIdx.x + 1;
  grid.sync();
  // Phase 2: thread t of block b reads the slot of the mirrored thread of another block.
  unsigned total = gridDim.x * blockDim.x;
  seen[rank] = slots[total - 1 - rank];
}

int main() {
  const int block = 64;
  int per_sm = 0;
  CHECK(hipOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, two_phase, block, 0));
  hipDeviceProp_t prop;
  CHECK(hipGetDeviceProperties(&prop, 0));
  int grid = per_sm * prop.multiProcessorCount;
  if (grid > 6) grid = 6;
  if (grid < 2) {
    printf("FAIL: need at least 2 co-resident blocks, occupancy gives %d\n", grid);
    return 1;
  }
  const int n = grid * block;
  int *dslots, *dseen;
  CHECK(hipMalloc(&dslots, n * sizeof(int)));
  CHECK(hipMalloc(&dseen, n * sizeof(int)));
  CHECK(hipMemset(dslots, 0, n * sizeof(int)));
  void* args[] = {&dslots, &dseen};
  CHECK(hipLaunchCooperativeKernel(two_phase, dim3(grid), dim3(block), args, 0, 0));
  CHECK(hipDeviceSynchronize());
  std::vector<int> seen(n);
  CHECK(hipMemcpy(seen.data(), dseen, n * sizeof(int), hipMemcpyDeviceToHost));
  for (int r = 0; r < n; ++r) {
    int want = (n - 1 - r) / block + 1;
    if (seen[r] != want) {
      printf("FAIL: thread %d saw %d, expected %d (grid.sync did not order the phases)\n", r,
             seen[r], want);
      return 1;
    }
  }
  CHECK(hipFree(dslots));
  CHECK(hipFree(dseen));
  printf("PASS\n");
  return 0;
}

// hipLaunchKernelEx (ROCm 6.2) with a hipLaunchConfig_t assigned member by member, and the cooperative
// launch attribute.
#include <hip/hip_cooperative_groups.h>
#include <hip/hip_runtime.h>

#include <cstdio>

namespace cg = cooperative_groups;

__global__ void fill(int n, int* out, int value) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = value;
}

// Every block writes its slot, the grid syncs, then block 0 sums the slots.
__global__ void grid_sum(int* slots, int* total) {
  cg::grid_group grid = cg::this_grid();
  if (threadIdx.x == 0) slots[blockIdx.x] = blockIdx.x + 1;
  grid.sync();
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    int s = 0;
    for (unsigned b = 0; b < gridDim.x; ++b) s += slots[b];
    *total = s;
  }
}

int main() {
  int failures = 0;
  hipStream_t stream;
  hipStreamCreate(&stream);
  int* d = nullptr;
  hipMallocManaged(&d, 1000 * sizeof(int));

  hipLaunchConfig_t config = {};
  config.gridDim = dim3(4);
  config.blockDim = 256;
  config.stream = stream;
  hipLaunchConfig_t* through = &config;
  through->blockDim.x = 250;
  if (hipLaunchKernelEx(&config, fill, 1000, d, 7) != hipSuccess) ++failures;
  hipStreamSynchronize(stream);
  for (int i = 0; i < 1000; ++i) failures += d[i] != 7;

  int *slots = nullptr, *total = nullptr;
  hipMalloc(&slots, 8 * sizeof(int));
  hipMalloc(&total, sizeof(int));
  hipLaunchAttribute cooperative[1];
  cooperative[0].id = hipLaunchAttributeCooperative;
  cooperative[0].val.cooperative = 1;
  hipLaunchConfig_t coop = {};
  coop.gridDim = 8;
  coop.blockDim = 32;
  coop.stream = stream;
  coop.attrs = cooperative;
  coop.numAttrs = 1;
  if (hipLaunchKernelEx(&coop, grid_sum, slots, total) != hipSuccess) ++failures;
  int host_total = 0;
  hipMemcpy(&host_total, total, sizeof host_total, hipMemcpyDeviceToHost);
  failures += host_total != 36;

  std::printf(failures == 0 ? "PASS\n" : "FAIL: %d\n", failures);
  return failures != 0;
}

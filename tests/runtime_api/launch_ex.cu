// cudaLaunchKernelEx with launch attributes and a config assigned member by member, the variable-shared-memory occupancy query,
// cudaStreamAttachMemAsync, and a cooperative launch through a void* kernel pointer.
#include <cooperative_groups.h>
#include <cuda_runtime.h>

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
  cudaStream_t stream;
  cudaStreamCreate(&stream);
  int* d = nullptr;
  cudaMallocManaged(&d, 1000 * sizeof(int));
  if (cudaStreamAttachMemAsync(stream, d, 0, cudaMemAttachSingle) != cudaSuccess) ++failures;

  cudaLaunchAttribute attribute[1];
  attribute[0].id = cudaLaunchAttributeClusterDimension;
  attribute[0].val.clusterDim.x = 1;
  attribute[0].val.clusterDim.y = 1;
  attribute[0].val.clusterDim.z = 1;
  cudaLaunchConfig_t config = {dim3(4), dim3(256), 0, stream, attribute, 1};
  if (cudaLaunchKernelEx(&config, fill, 1000, d, 7) != cudaSuccess) ++failures;
  cudaStreamSynchronize(stream);
  for (int i = 0; i < 1000; ++i) failures += d[i] != 7;

  int min_grid = 0, block = 0;
  auto smem_for = [](int threads) { return static_cast<size_t>(threads) * sizeof(float); };
  if (cudaOccupancyMaxPotentialBlockSizeVariableSMem(&min_grid, &block, fill, smem_for) != cudaSuccess) ++failures;
  if (block <= 0 || block > 1024 || min_grid <= 0) ++failures;

  int *slots = nullptr, *total = nullptr;
  cudaMalloc(&slots, 8 * sizeof(int));
  cudaMalloc(&total, sizeof(int));
  void* args[] = {&slots, &total};
  if (cudaLaunchCooperativeKernel((void*)grid_sum, dim3(8), dim3(32), args, 0, stream) != cudaSuccess) ++failures;
  int host_total = 0;
  cudaMemcpy(&host_total, total, sizeof host_total, cudaMemcpyDeviceToHost);
  failures += host_total != 36;

  cudaLaunchAttribute cooperative[1];
  cooperative[0].id = cudaLaunchAttributeCooperative;
  cooperative[0].val.cooperative = 1;
  cudaLaunchConfig_t coop_config = {dim3(8), dim3(32), 0, stream, cooperative, 1};
  cudaMemset(total, 0, sizeof(int));
  if (cudaLaunchKernelEx(&coop_config, grid_sum, slots, total) != cudaSuccess) ++failures;
  cudaMemcpy(&host_total, total, sizeof host_total, cudaMemcpyDeviceToHost);
  failures += host_total != 36;

  // The config filled in member by member, through an object and through a pointer, and designated.
  cudaLaunchConfig_t assigned = {};
  assigned.gridDim = dim3(4);
  assigned.blockDim = 128;
  assigned.stream = stream;
  cudaLaunchConfig_t* through = &assigned;
  through->blockDim.x = 250;
  if (through->gridDim.x != 4 || assigned.blockDim.x != 250) ++failures;
  if (cudaLaunchKernelEx(&assigned, fill, 1000, d, 9) != cudaSuccess) ++failures;
  cudaStreamSynchronize(stream);
  for (int i = 0; i < 1000; ++i) failures += d[i] != 9;
  cudaLaunchConfig_t designated = {.gridDim = dim3(8), .blockDim = dim3(125), .stream = stream};
  if (cudaLaunchKernelEx(&designated, fill, 1000, d, 11) != cudaSuccess) ++failures;
  cudaStreamSynchronize(stream);
  for (int i = 0; i < 1000; ++i) failures += d[i] != 11;

  std::printf(failures == 0 ? "PASS\n" : "FAIL: %d\n", failures);
  return failures != 0;
}

// Cooperative groups: tiled_partition<32> and tiled_partition<16> of this_thread_block(), each
// tile reduces with tile.shfl_down, tile leaders combine through shared memory after
// block.sync(). The 16-wide tiles also check thread_rank() and meta_group_rank().
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cg = cooperative_groups;

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

template <class Tile>
__device__ int tile_sum(const Tile& tile, int v) {
  for (int o = tile.size() / 2; o > 0; o /= 2) v += tile.shfl_down(v, o);
  return v;
}

template <unsigned N>
__global__ void block_sum(const int* in, int* out, int* tile_sums) {
  __shared__ int partial[1024 / N];
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<N> tile = cg::tiled_partition<N>(block);
  int i = blockIdx.x * blockDim.x + block.thread_rank();
  int s = tile_sum(tile, in[i]);
  int tiles = blockDim.x / N;
  if (tile.thread_rank() == 0) {
    partial[tile.meta_group_rank()] = s;
    tile_sums[blockIdx.x * tiles + tile.meta_group_rank()] = s;
  }
  block.sync();
  if (block.thread_rank() == 0) {
    int total = 0;
    for (int t = 0; t < tiles; ++t) total += partial[t];
    out[blockIdx.x] = total;
  }
}

template <unsigned N>
static int check(const std::vector<int>& in, int* din, int grid, int block) {
  int *dout, *dtiles;
  int tiles = block / N;
  CHECK(cudaMalloc(&dout, grid * sizeof(int)));
  CHECK(cudaMalloc(&dtiles, grid * tiles * sizeof(int)));
  block_sum<N><<<grid, block>>>(din, dout, dtiles);
  CHECK(cudaGetLastError());
  std::vector<int> out(grid), ts(grid * tiles);
  CHECK(cudaMemcpy(out.data(), dout, grid * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(ts.data(), dtiles, ts.size() * sizeof(int), cudaMemcpyDeviceToHost));
  for (int b = 0; b < grid; ++b) {
    int want = 0;
    for (int t = 0; t < tiles; ++t) {
      int tw = 0;
      for (int l = 0; l < N; ++l) tw += in[b * block + t * N + l];
      if (ts[b * tiles + t] != tw) {
        printf("FAIL: tile<%u> %d of block %d sum %d, expected %d\n", N, t, b, ts[b * tiles + t],
               tw);
        return 1;
      }
      want += tw;
    }
    if (out[b] != want) {
      printf("FAIL: tile<%u> block %d sum %d, expected %d\n", N, b, out[b], want);
      return 1;
    }
  }
  CHECK(cudaFree(dout));
  CHECK(cudaFree(dtiles));
  return 0;
}

int main() {
  const int grid = 6, block = 256, n = grid * block;
  std::vector<int> in(n);
  for (int i = 0; i < n; ++i) in[i] = (i * 11) % 19 - 9;
  int* din;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  if (check<32>(in, din, grid, block) || check<16>(in, din, grid, block)) return 1;
  CHECK(cudaFree(din));
  printf("PASS\n");
  return 0;
}

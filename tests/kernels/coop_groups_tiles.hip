// HIP cooperative groups: a 16-wide tiled_partition of this_thread_block() reduces a per-tile
// maximum with tile.shfl_down; tile leaders publish to shared memory, then block.sync() and
// thread 0 combines. Tile size 16 divides both wavefront sizes.
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

constexpr unsigned TILE = 16, BLOCK = 128;

__global__ void block_max(const int* in, int* tile_max, int* out) {
  __shared__ int best[BLOCK / TILE];
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<TILE> tile = cg::tiled_partition<TILE>(block);
  int v = in[blockIdx.x * BLOCK + block.thread_rank()];
  for (unsigned o = TILE / 2; o > 0; o /= 2) {
    int other = tile.shfl_down(v, o);
    v = other > v ? other : v;
  }
  unsigned t = block.thread_rank() / TILE;
  if (tile.thread_rank() == 0) {
    best[t] = v;
    tile_max[blockIdx.x * (BLOCK / TILE) + t] = v;
  }
  block.sync();
  if (block.thread_rank() == 0) {
    int m = best[0];
    for (unsigned i = 1; i < BLOCK / TILE; ++i) m = best[i] > m ? best[i] : m;
    out[blockIdx.x] = m;
  }
}

int main() {
  const int grid = 5, n = grid * BLOCK, tiles = grid * BLOCK / TILE;
  std::vector<int> in(n), tmax(tiles), out(grid);
  for (int i = 0; i < n; ++i) in[i] = (i * 7919) % 1543 - 700;
  int *din, *dtiles, *dout;
  CHECK(hipMalloc(&din, n * sizeof(int)));
  CHECK(hipMalloc(&dtiles, tiles * sizeof(int)));
  CHECK(hipMalloc(&dout, grid * sizeof(int)));
  CHECK(hipMemcpy(din, in.data(), n * sizeof(int), hipMemcpyHostToDevice));
  hipLaunchKernelGGL(block_max, dim3(grid), dim3(BLOCK), 0, 0, din, dtiles, dout);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(tmax.data(), dtiles, tiles * sizeof(int), hipMemcpyDeviceToHost));
  CHECK(hipMemcpy(out.data(), dout, grid * sizeof(int), hipMemcpyDeviceToHost));
  for (int b = 0; b < grid; ++b) {
    int bm = in[b * BLOCK];
    for (unsigned t = 0; t < BLOCK / TILE; ++t) {
      int m = in[b * BLOCK + t * TILE];
      for (unsigned l = 0; l < TILE; ++l) {
        int v = in[b * BLOCK + t * TILE + l];
        m = v > m ? v : m;
      }
      bm = m > bm ? m : bm;
      if (tmax[b * (BLOCK / TILE) + t] != m) {
        printf("FAIL: block %d tile %u max %d, expected %d\n", b, t, tmax[b * (BLOCK / TILE) + t],
               m);
        return 1;
      }
    }
    if (out[b] != bm) {
      printf("FAIL: block %d max %d, expected %d\n", b, out[b], bm);
      return 1;
    }
  }
  CHECK(hipFree(din));
  CHECK(hipFree(dtiles));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}

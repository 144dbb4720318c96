// 64-bin histogram two ways: atomicAdd straight into global memory, and a privatised version
// that accumulates in shared memory with atomicAdd and merges once per block.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

constexpr int BINS = 64;

__global__ void hist_global(const unsigned char* data, int n, unsigned* bins) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomicAdd(&bins[data[i] % BINS], 1u);
}

__global__ void hist_shared(const unsigned char* data, int n, unsigned* bins) {
  __shared__ unsigned local[BINS];
  for (int b = threadIdx.x; b < BINS; b += blockDim.x) local[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomicAdd(&local[data[i] % BINS], 1u);
  __syncthreads();
  for (int b = threadIdx.x; b < BINS; b += blockDim.x) atomicAdd(&bins[b], local[b]);
}

int main() {
  const int n = 100000;
  std::vector<unsigned char> data(n);
  std::vector<unsigned> want(BINS, 0), got(BINS);
  for (int i = 0; i < n; ++i) {
    data[i] = (unsigned char)((i * 2654435761u) >> 24);
    want[data[i] % BINS]++;
  }
  unsigned char* ddata;
  unsigned* dbins;
  CHECK(cudaMalloc(&ddata, n));
  CHECK(cudaMalloc(&dbins, BINS * sizeof(unsigned)));
  CHECK(cudaMemcpy(ddata, data.data(), n, cudaMemcpyHostToDevice));
  for (int variant = 0; variant < 2; ++variant) {
    CHECK(cudaMemset(dbins, 0, BINS * sizeof(unsigned)));
    if (variant == 0)
      hist_global<<<64, 256>>>(ddata, n, dbins);
    else
      hist_shared<<<24, 256>>>(ddata, n, dbins);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), dbins, BINS * sizeof(unsigned), cudaMemcpyDeviceToHost));
    for (int b = 0; b < BINS; ++b) {
      if (got[b] != want[b]) {
        printf("FAIL: %s: bin %d = %u, expected %u\n", variant ? "shared" : "global", b, got[b],
               want[b]);
        return 1;
      }
    }
  }
  CHECK(cudaFree(ddata));
  CHECK(cudaFree(dbins));
  printf("PASS\n");
  return 0;
}

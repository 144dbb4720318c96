// task: cuda/matmul/sgemm_tiled
// Style: the textbook 16x16 shared-memory tiled GEMM with edge guards.
#include <cuda_runtime.h>
#include <cstdio>

#define TILE 16

__global__ void sgemm_tiled_kernel(int M, int N, int K, const float* A, const float* B, float* C) {
  __shared__ float As[TILE][TILE];
  __shared__ float Bs[TILE][TILE];
  int row = blockIdx.y * TILE + threadIdx.y;
  int col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < (K + TILE - 1) / TILE; ++t) {
    int ak = t * TILE + threadIdx.x;
    int bk = t * TILE + threadIdx.y;
    As[threadIdx.y][threadIdx.x] = (row < M && ak < K) ? A[row * K + ak] : 0.0f;
    Bs[threadIdx.y][threadIdx.x] = (bk < K && col < N) ? B[bk * N + col] : 0.0f;
    __syncthreads();
    for (int k = 0; k < TILE; ++k) {
      if (t * TILE + k < K) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    }
    __syncthreads();
  }
  if (row < M && col < N) C[row * N + col] = acc;
}

void sgemm(int m, int n, int k, const float* a, const float* b, float* c, cudaStream_t stream) {
  dim3 threads(TILE, TILE);
  dim3 grid((n + TILE - 1) / TILE, (m + TILE - 1) / TILE);
  sgemm_tiled_kernel<<<grid, threads, 0, stream>>>(m, n, k, a, b, c);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) printf("sgemm: %s\n", cudaGetErrorString(err));
}

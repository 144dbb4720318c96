// Dynamic shared memory sized by the launch's third argument, declared both at namespace scope
// and inside a kernel. Each block reverses its chunk through shared memory; the second kernel
// splits one dynamic buffer into an int part and a float part.
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

extern __shared__ int file_scope_smem[];

__global__ void reverse_chunks(const int* in, int* out) {
  int base = blockIdx.x * blockDim.x;
  file_scope_smem[threadIdx.x] = in[base + threadIdx.x];
  __syncthreads();
  out[base + threadIdx.x] = file_scope_smem[blockDim.x - 1 - threadIdx.x];
}

__global__ void split_buffer(const int* in, float* out) {
  extern __shared__ __align__(16) unsigned char raw[];
  int* ints = reinterpret_cast<int*>(raw);
  float* floats = reinterpret_cast<float*>(raw + blockDim.x * sizeof(int));
  int t = threadIdx.x, base = blockIdx.x * blockDim.x;
  ints[t] = in[base + t];
  floats[t] = 0.5f * in[base + t];
  __syncthreads();
  int other = (t + 1) % blockDim.x;
  out[base + t] = ints[other] + floats[t];
}

int main() {
  const int block = 192, grid = 6, n = block * grid;
  std::vector<int> in(n), out(n);
  std::vector<float> fout(n);
  for (int i = 0; i < n; ++i) in[i] = (i * 29) % 503;
  int *din, *dout;
  float* dfout;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMalloc(&dout, n * sizeof(int)));
  CHECK(cudaMalloc(&dfout, n * sizeof(float)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));

  reverse_chunks<<<grid, block, block * sizeof(int)>>>(din, dout);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(out.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    int b = i / block, t = i % block, want = in[b * block + block - 1 - t];
    if (out[i] != want) {
      printf("FAIL: reverse: out[%d] = %d, expected %d\n", i, out[i], want);
      return 1;
    }
  }

  split_buffer<<<grid, block, block * (sizeof(int) + sizeof(float))>>>(din, dfout);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(fout.data(), dfout, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    int b = i / block, t = i % block;
    float want = in[b * block + (t + 1) % block] + 0.5f * in[i];
    if (fout[i] != want) {
      printf("FAIL: split: out[%d] = %f, expected %f\n", i, fout[i], want);
      return 1;
    }
  }
  CHECK(cudaFree(din));
  CHECK(cudaFree(dout));
  CHECK(cudaFree(dfout));
  printf("PASS\n");
  return 0;
}

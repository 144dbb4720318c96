// A kernel writing far past its buffer: reported as an out-of-bounds access, not a stack overflow.
#include <cuda_runtime.h>

__global__ void stray(float* v) { v[threadIdx.x + (64u << 20)] = 1.0f; }

int main() {
  float* d = nullptr;
  cudaMalloc(&d, 1024 * sizeof(float));
  stray<<<1, 32>>>(d);
  cudaDeviceSynchronize();
  return 0;
}

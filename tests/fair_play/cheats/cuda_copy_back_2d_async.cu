// cuda/elementwise/saxpy: cudaMemcpy2DAsync back
// expect: copied device memory to the host
#include <cuda_runtime.h>
void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  float* hx = new float[n];
  size_t w = n * sizeof(float);
  cudaMemcpy2DAsync(hx, w, x, w, w, 1, cudaMemcpyDeviceToHost, stream);
  cudaStreamSynchronize(stream);
  delete[] hx;
}

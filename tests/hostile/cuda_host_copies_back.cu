// The CUDA twin: cudaMemcpyDeviceToHost spelled out, the answer computed on the host.
#include <cuda_runtime.h>

void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  float* hx = new float[n];
  float* hy = new float[n];
  cudaMemcpy(hx, x, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(hy, y, n * sizeof(float), cudaMemcpyDeviceToHost);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  cudaMemcpy(y, hy, n * sizeof(float), cudaMemcpyHostToDevice);
}

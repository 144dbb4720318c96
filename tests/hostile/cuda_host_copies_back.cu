// The CUDA twin: cudaMemcpyDeviceToHost spelled out, the answer computed on the host.
#include <cuda_runtime.h>
#include <vector>

void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  std::vector<float> hx(n), hy(n);
  cudaMemcpy(hx.data(), x, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(hy.data(), y, n * sizeof(float), cudaMemcpyDeviceToHost);
  for (int i = 0; i < n; ++i) hy[i] = a * hx[i] + hy[i];
  cudaMemcpy(y, hy.data(), n * sizeof(float), cudaMemcpyHostToDevice);
}

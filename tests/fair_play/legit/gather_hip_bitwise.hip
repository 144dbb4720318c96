// task: hip/compaction/gather_f32
// Style: copies the 32-bit pattern (NaN payloads intact) through an unsigned int view.
#include <hip/hip_runtime.h>
#include <cstdint>

__global__ void gather_bits(const uint32_t* in, const int* idx, int n, uint32_t* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = in[idx[i]];
}

void gather_f32(const float* in, int m, const int* idx, int n, float* out, hipStream_t stream) {
  (void)m;
  hipLaunchKernelGGL(gather_bits, dim3((n + 255) / 256), dim3(256), 0, stream,
                     reinterpret_cast<const uint32_t*>(in), idx, n, reinterpret_cast<uint32_t*>(out));
}

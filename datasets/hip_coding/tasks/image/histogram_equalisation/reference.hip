#include <hip/hip_runtime.h>

constexpr int kThreads = 256;  // one thread per grey level in the scan

// Block b equalises image b: a shared-memory histogram of its pixels, an inclusive scan of the 256
// bins (the cumulative histogram), the look-up table of the integer formula, then the mapping.
__global__ void equalise_kernel(int pixels, const unsigned char* __restrict__ in, unsigned char* __restrict__ out) {
  __shared__ unsigned hist[256];
  __shared__ unsigned cdf[256];
  __shared__ unsigned char lut[256];
  __shared__ unsigned cdf_min;
  const int tid = threadIdx.x;
  const size_t base = (size_t)blockIdx.x * pixels;
  hist[tid] = 0u;
  __syncthreads();  // histogram zeroed
  for (int p = tid; p < pixels; p += kThreads) atomicAdd(&hist[in[base + p]], 1u);
  __syncthreads();  // histogram complete
  cdf[tid] = hist[tid];
  __syncthreads();  // scan input stored
  for (int off = 1; off < 256; off *= 2) {
    const unsigned add = tid >= off ? cdf[tid - off] : 0u;
    __syncthreads();  // every read of this round done
    cdf[tid] += add;
    __syncthreads();  // every write of this round done
  }
  // The smallest non-zero cumulative count belongs to the lowest level present in the image.
  if (hist[tid] != 0u && (tid == 0 || cdf[tid - 1] == 0u)) cdf_min = cdf[tid];
  __syncthreads();  // cdf_min known
  const unsigned long long span = (unsigned long long)pixels - cdf_min;
  if (span == 0ull) {
    lut[tid] = (unsigned char)tid;  // a single grey level: the image is left as it is
  } else {
    const unsigned long long above = cdf[tid] >= cdf_min ? cdf[tid] - cdf_min : 0ull;
    lut[tid] = (unsigned char)((2ull * 255ull * above + span) / (2ull * span));
  }
  __syncthreads();  // look-up table ready
  for (int p = tid; p < pixels; p += kThreads) out[base + p] = lut[in[base + p]];
}

void histogram_equalisation(int batch, int height, int width, const unsigned char* in, unsigned char* out,
                            hipStream_t stream) {
  hipLaunchKernelGGL(equalise_kernel, dim3(batch), dim3(kThreads), 0, stream, height * width, in, out);
}
